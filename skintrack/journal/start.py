"""The calm start on the today page: three steps for a person who has just begun.

1. add products (from the catalog or by hand), 2. build a morning and an evening routine,
3. tick the first step. Each is read from the window the page has already loaded, so the
start costs no query; it leaves the page once a routine is in use and something is logged.
"""

import datetime as dt
from dataclasses import dataclass

from skintrack.guidance.selectors import GuidanceInput
from skintrack.routines.models import Period


@dataclass(frozen=True)
class Start:
    has_products: bool
    has_morning: bool
    has_evening: bool
    has_ticked: bool

    @property
    def has_routine(self) -> bool:
        return self.has_morning or self.has_evening

    @property
    def has_both_routines(self) -> bool:
        return self.has_morning and self.has_evening

    @property
    def visible(self) -> bool:
        return not (self.has_routine and self.has_ticked)


def from_guidance(guidance: GuidanceInput, today: dt.date) -> Start:
    """Where a person stands, from a window that ends on or after `today`."""
    periods = {step.routine.period for step in guidance.steps if step.schedule.in_span(today)}
    return Start(
        has_products=bool(guidance.products),
        has_morning=Period.MORNING in periods,
        has_evening=Period.EVENING in periods,
        has_ticked=bool(guidance.applications),
    )
