"""How long an opened product keeps: "replace by" from its opened-on day and its months once
opened (the open-jar symbol). Plain data in, plain answers out: no queries here."""

import datetime as dt
from dataclasses import dataclass

# A product this close to its replace-by day is said to be due soon.
SOON_DAYS = 14


@dataclass(frozen=True)
class Lifetime:
    replace_by: dt.date
    past: bool  # the replace-by day has gone by
    soon: bool  # it comes within SOON_DAYS


def lifetime(product, today: dt.date) -> Lifetime | None:
    """None when the product has no opened-on day or no months once opened."""
    replace_by = product.replace_by
    if replace_by is None:
        return None
    return Lifetime(
        replace_by=replace_by,
        past=replace_by < today,
        soon=today <= replace_by <= today + dt.timedelta(days=SOON_DAYS),
    )


def in_use_on(step, today: dt.date) -> bool:
    """A current step of an active routine, in use `today` (its span covers the day)."""
    routine = step.routine
    return (
        not step.archived
        and routine.is_active
        and not routine.archived
        and step.starts_on is not None
        and step.starts_on <= today
        and (step.ends_on is None or step.ends_on >= today)
    )


def expired_in_routines(steps, today: dt.date) -> list:
    """The products past their replace-by day that a routine in use today still has, each
    once, by name. `steps` come with their routine and product loaded (as the day page's
    load has them), so this adds no query."""
    expired = {
        step.product.pk: step.product
        for step in steps
        if in_use_on(step, today)
        and not step.product.archived
        and step.product.past_replace_by(today)
    }
    return sorted(expired.values(), key=lambda product: str(product).lower())
