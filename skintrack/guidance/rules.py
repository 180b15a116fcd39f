"""The guidance engine: plain dataclasses in, a list of findings out.

Each rule of /shared/GUIDANCE.md is one small function named after its id
(``exf_1`` is EXF-1). Nothing here touches Django, the database or the clock:
"today" is always an argument, already computed in the person's time zone
(see ``local_date``).

Entry points: ``review_week`` (every rule for one ISO week, ``ok`` included),
``dashboard`` (what is open or due today) and ``plan_next_week``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from zoneinfo import ZoneInfo

from skintrack.routines import schedule as schedules

ONE_DAY = timedelta(days=1)
EXFOLIANT_ACTIVES = frozenset({"aha", "bha", "pha"})
EYE_AREAS = frozenset({"eyelids", "under_eyes"})
HEAVY_TEXTURES = {
    "rich": "its texture is rich",
    "occlusive": "it is an occlusive balm or ointment",
    "oil": "it is oil-based",
}
AREA_NAMES = {
    "eyelids": "your eyelids",
    "under_eyes": "the skin under your eyes",
    "cheeks": "your cheeks",
    "nose": "your nose",
    "forehead": "your forehead",
    "chin_jaw": "your chin and jaw",
}
SECONDARY_CONTEXTS = {"burn": "a burn", "blister": "a blister", "procedure": "a skin procedure"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- inputs ------------------------------------------------------------------


@dataclass(frozen=True)
class IngredientFact:
    name: str
    comedogenicity: int | None  # 0-5, None when unknown
    marks: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    category: str
    actives: frozenset[str] = frozenset()
    texture: str = "light"
    comedogenic: str = "unknown"  # the explicit flag: yes / no / unknown
    spf: int | None = None
    broad_spectrum: bool = False
    ingredients: tuple[IngredientFact, ...] = ()
    # The SPF at or above which a broad-spectrum product protects (Thresholds.sunscreen_spf).
    protective_spf: int = 30
    # The explicit flag came with a copy from the staff catalog: the person never chose it.
    flag_from_catalog: bool = False

    @cached_property
    def tags(self) -> frozenset[str]:
        """The actives plus every mark of its matched ingredients."""
        return self.actives.union(*(i.marks for i in self.ingredients))

    @cached_property
    def is_exfoliant(self) -> bool:
        return self.category == "chemical_exfoliant" or bool(self.tags & EXFOLIANT_ACTIVES)

    @cached_property
    def is_scrub(self) -> bool:
        return self.category == "physical_scrub" or "abrasive" in self.tags

    @cached_property
    def is_retinoid(self) -> bool:
        return self.category == "retinoid" or "retinoid" in self.tags

    @cached_property
    def is_corticosteroid(self) -> bool:
        """Filed as medication/corticosteroid, or with a corticosteroid among its actives or
        its ingredients' marks (GUIDANCE: Corticosteroid)."""
        return self.category == "medication" or "corticosteroid" in self.tags

    @property
    def is_sunscreen(self) -> bool:
        return self.category == "sunscreen" or bool(self.spf)

    @cached_property
    def is_broad_spectrum_sunscreen(self) -> bool:
        """Sun protection that counts (GUIDANCE: Broad-spectrum sunscreen): marked
        broad-spectrum with an SPF at or above the threshold, whatever its category (a day
        cream with SPF 30 counts). A sunscreen whose SPF was never recorded is trusted."""
        if not self.broad_spectrum:
            return False
        if self.spf is None:
            return self.category == "sunscreen"
        return self.spf >= self.protective_spf

    @property
    def weak_sun_protection(self) -> str:
        """Why a product with an SPF doesn't count as sun protection; "" when it does, or
        when it makes no sun claim at all."""
        if not self.is_sunscreen or self.is_broad_spectrum_sunscreen:
            return ""
        reasons = []
        if self.spf is not None and self.spf < self.protective_spf:
            reasons.append(f"its SPF {self.spf} is below {self.protective_spf}")
        if not self.broad_spectrum:
            reasons.append("it isn't marked broad-spectrum")
        return " and ".join(reasons)

    @property
    def is_heavy(self) -> bool:
        return self.texture in HEAVY_TEXTURES

    @property
    def heavy_reason(self) -> str:
        return HEAVY_TEXTURES.get(self.texture, "")

    @property
    def flag_disagreement(self) -> str:
        """When the explicit flag and the ingredient ratings clearly disagree (an ingredient
        rated 4 or 5 on a product marked "not comedogenic", or a product marked comedogenic
        whose rated ingredients are all 0 or 1), both sides in one sentence; else "". The
        flag still decides (GUIDANCE: Comedogenic product)."""
        rated = [i for i in self.ingredients if i.comedogenicity is not None]
        top = max(rated, key=lambda i: i.comedogenicity or 0, default=None)
        if self.flag_from_catalog:
            who, stands, ratings = (
                f"The skintrack product catalog marks {self.name}",
                "Its flag stands; edit the product if your pack says otherwise",
                "the ingredient catalog",
            )
        else:
            who, stands, ratings = f"You marked {self.name}", "Your choice stands", "the catalog"
        if self.comedogenic == "no" and top is not None and (top.comedogenicity or 0) >= 4:
            return (
                f"{who} as not comedogenic, while {ratings} rates "
                f"{top.name} {top.comedogenicity} of 5 for clogging pores. {stands}; the "
                "rating is only a rough guide."
            )
        if self.comedogenic == "yes" and rated and all((i.comedogenicity or 0) <= 1 for i in rated):
            return (
                f"{who} as comedogenic, while {ratings} rates none of its "
                f"ingredients above 1 of 5. {stands}; the rating is only a rough guide."
            )
        return ""

    def comedogenic_verdict(self, threshold: int = 3) -> tuple[bool, str]:
        """(comedogenic?, why). The person's own flag wins over the catalog."""
        rated = [i for i in self.ingredients if (i.comedogenicity or 0) >= threshold]
        top = max(rated, key=lambda i: i.comedogenicity or 0, default=None)
        rating = f"{top.comedogenicity} of 5 for clogging pores" if top else ""
        marked = "the product catalog marks it" if self.flag_from_catalog else "you marked it"
        if self.comedogenic == "yes":
            return True, f"{marked} as comedogenic"
        if self.comedogenic == "no":
            though = f", though the catalog rates {top.name} {rating}" if top else ""
            return False, f"{marked} as not comedogenic{though}"
        if top:
            return True, f"it contains {top.name}, rated {rating} (a rough guide)"
        return False, ""


@dataclass(frozen=True)
class Application:
    day: date  # the local day; an evening belongs to the day it started
    period: str  # "am" | "pm"
    product_id: int
    area: str = "face"


@dataclass(frozen=True)
class DayNote:
    day: date
    makeup_worn: bool = False
    makeup_removed: bool = False
    sun_exposure: bool = False
    steamed: bool = False
    tried_extraction: bool = False


@dataclass(frozen=True)
class Observation:
    day: date
    area: str
    count: int
    area_other: str = ""
    milia_type: str = "unknown"
    symptoms: frozenset[str] = frozenset()
    secondary_context: str = ""
    # (symptom, "mild" | "moderate" | "severe") for the symptoms noted; empty when only
    # their names are known.
    severities: tuple[tuple[str, str], ...] = ()

    def symptoms_described(self) -> str:
        """ "redness (mild), swelling (severe)": names in order, each with its severity."""
        levels = dict(self.severities)
        return ", ".join(
            f"{name} ({levels[name]})" if name in levels else name for name in sorted(self.symptoms)
        )


@dataclass(frozen=True)
class Visit:
    day: date
    treatment: str = ""


@dataclass(frozen=True)
class RoutineStep:
    step_id: int
    routine_name: str
    period: str
    product_id: int
    area: str = "face"
    # The schedule, as plain facts. `weekdays` (0 = Monday): the days it may fall on, every
    # day by default. "Every N days": `interval_days` counted from `start_date` (no start
    # date: every day, as the checklist shows it). "N times a week": `times_per_week`, on
    # whichever nights the person picks, so no particular date is planned.
    weekdays: frozenset[int] = frozenset(range(7))
    interval_days: int | None = None
    start_date: date | None = None
    times_per_week: int | None = None
    # The span in which this version of the step was in use (None: unbounded that way).
    first_day: date | None = None
    last_day: date | None = None

    @property
    def schedule(self) -> schedules.Schedule:
        if self.times_per_week is not None:
            kind = schedules.TIMES_PER_WEEK
        elif self.interval_days is not None:
            kind = schedules.EVERY_N_DAYS
        elif self.weekdays == frozenset(range(7)):
            kind = schedules.DAILY
        else:
            kind = schedules.WEEKDAYS
        return schedules.Schedule(
            kind=kind,
            weekdays=tuple(sorted(self.weekdays)),
            interval_days=self.interval_days,
            start_date=self.start_date,
            times_per_week=self.times_per_week,
            first_day=self.first_day,
            last_day=self.last_day,
        )

    def planned_on(self, day: date) -> bool:
        """Whether the schedule puts this step on `day` whatever else was done that week."""
        return self.schedule.planned_on(day)

    def in_use_during(self, first: date, last: date) -> bool:
        return self.schedule.overlaps(first, last)


@dataclass(frozen=True)
class Thresholds:
    persistence_days: int = 90
    sudden_increase: int = 10
    sudden_increase_window_days: int = 30
    corticosteroid_days: int = 14
    corticosteroid_window_days: int = 28
    max_exfoliations_per_week: int = 3  # this many or more is a warning
    visit_snooze_days: int = 90
    comedogenic_rating: int = 3
    eye_area_recent_days: int = 30
    sunscreen_spf: int = 30  # broad-spectrum at this SPF or above protects
    booking_grace_days: int = 3  # a booked visit keeps urgent findings calm until then
    morning_ends_at: time = time(12, 0)  # after it, a morning without sunscreen is missed


@dataclass(frozen=True)
class Log:
    products: Mapping[int, Product]
    applications: Sequence[Application] = ()
    notes: Sequence[DayNote] = ()
    observations: Sequence[Observation] = ()
    visits: Sequence[Visit] = ()
    # Every version of the routine steps in use on some day of the loaded window.
    active_steps: Sequence[RoutineStep] = ()
    # The first day of the person's record (their first routine day or first entry): days
    # before it are not judged. None: no such bound.
    tracking_since: date | None = None
    # Days of dermatologist appointments the person says they have booked.
    bookings: Sequence[date] = ()


# --- outputs -----------------------------------------------------------------


class Severity(StrEnum):
    URGENT = "urgent"
    WARNING = "warning"
    INFO = "info"
    OK = "ok"

    @property
    def rank(self) -> int:
        return ("urgent", "warning", "info", "ok").index(self.value)


@dataclass(frozen=True)
class Evidence:
    label: str
    day: date | None = None


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: Severity
    title: str
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    learn_slug: str = ""
    styled_urgent: bool = False
    key: str = ""
    # Added: PRD-1 for an eye-area product with milia seen around the eyes.
    raised: bool = False
    # An urgent finding the person has acted on (a visit booked or logged): shown as a calm
    # reminder, not as urgent.
    calm: bool = False

    @property
    def sort_key(self) -> tuple[int, bool, bool, str]:
        return (self.severity.rank, not self.styled_urgent, not self.raised, self.rule_id)


@dataclass(frozen=True)
class Week:
    start: date  # Monday
    end: date  # Sunday
    judged_until: date  # the end, or today when earlier
    mornings_until: date = date.max  # last "next morning" RET-2 may judge
    first: date = date.min  # the first judged day: the start, or the record's start if later

    @property
    def label(self) -> str:
        return iso_week_label(self.start)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.judged_until

    def days(self) -> list[date]:
        """The judged days: from the first (Monday, or the day the record starts) on."""
        first = max(self.start, self.first)
        count = (self.judged_until - first).days + 1
        return [first + timedelta(days=n) for n in range(max(count, 0))]


@dataclass(frozen=True)
class NextWeekPlan:
    week_start: date
    exfoliation_day: date | None
    exfoliation_note: str
    see_dermatologist: bool
    dermatologist_reason: str = ""
    # Nights the planner gives "N times a week" retinoid steps, away from the exfoliation.
    retinoid_nights: tuple[date, ...] = ()


LEARN = {
    "EXF-1": "daily-habits",
    "EXF-2": "daily-habits",
    "EXF-3": "daily-habits",
    "RET-1": "daily-habits",
    "RET-2": "daily-habits",
    "CNF-1": "daily-habits",
    "SUN-1": "daily-habits",
    "CLN-1": "daily-habits",
    "PRD-1": "prevention",
    "MKP-1": "prevention",
    "EXT-1": "never-pop-milia",
    "DRM-1": "when-to-see-a-dermatologist",
    "DRM-2": "professional-treatments",
    "DRM-3": "when-to-see-a-dermatologist",
    "DRM-4": "when-to-see-a-dermatologist",
    "RSK-1": "causes-and-risk-factors",
    "RSK-2": "causes-and-risk-factors",
}
RULE_IDS = tuple(LEARN)
# The rules whose urgent finding says "see a dermatologist" (and that a visit can quiet).
SEE_A_DERMATOLOGIST = ("DRM-1", "DRM-2", "DRM-3")


# --- dates -------------------------------------------------------------------


def week_bounds(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def iso_week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    """The calendar day of an aware moment in the person's time zone."""
    if moment.tzinfo is None:
        raise ValueError("local_date needs an aware datetime")
    return moment.astimezone(tz).date()


def fmt(day: date) -> str:
    """'Sun 29 Nov', whatever the process locale."""
    return f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1]}"


# --- small helpers -------------------------------------------------------------

URGENT, WARNING, INFO, OK = Severity.URGENT, Severity.WARNING, Severity.INFO, Severity.OK


def _hit(
    rule_id: str,
    severity: Severity,
    title: str,
    text: str,
    evidence: Iterable[Evidence] = (),
    week: Week | None = None,
    *,
    key: str = "",
    **flags: bool,
) -> Finding:
    """A finding; `key` defaults to "RULE:week-label", `flags` are styled_urgent/raised."""
    key = key or f"{rule_id}:{week.label if week else ''}"
    return Finding(
        rule_id, severity, title, text, tuple(evidence), LEARN[rule_id], key=key, **flags
    )


def _ok(rule_id: str, week: Week, title: str, text: str = "") -> list[Finding]:
    return [_hit(rule_id, OK, title, text, week=week)]


def _applied(
    log: Log, test: Callable[[Product], bool], *, period: str = "", facial: bool = False
) -> list[tuple[Application, Product]]:
    """Applications whose product passes `test`; `facial` leaves out area "other"."""
    found = []
    for app in log.applications:
        product = log.products.get(app.product_id)
        if product is None or not test(product):
            continue
        if (period and app.period != period) or (facial and app.area == "other"):
            continue
        found.append((app, product))
    return found


def days_applied(
    log: Log, test: Callable[[Product], bool], *, period: str = "", facial: bool = False
) -> set[date]:
    """Days with an application whose product passes `test` (for figures and reports)."""
    return {app.day for app, _ in _applied(log, test, period=period, facial=facial)}


def _exfoliation_days(log: Log) -> set[date]:
    return {a.day for a, _ in _applied(log, lambda p: p.is_exfoliant, facial=True)}


def _sunscreen_mornings(log: Log) -> set[date]:
    return {a.day for a, _ in _applied(log, lambda p: p.is_broad_spectrum_sunscreen, period="am")}


def _retinoid_evenings(log: Log) -> dict[date, str]:
    """Day -> name of (the first) retinoid applied that evening."""
    found: dict[date, str] = {}
    for app, product in _applied(log, lambda p: p.is_retinoid, period="pm"):
        found.setdefault(app.day, product.name)
    return found


def _retinoid_planned(log: Log, day: date) -> bool:
    """Whether an active evening step plans a retinoid on the night of `day`."""
    return any(
        step.period == "pm"
        and (product := log.products.get(step.product_id)) is not None
        and product.is_retinoid
        and step.planned_on(day)
        for step in log.active_steps
    )


def _routine_products(log: Log, week: Week) -> dict[int, tuple[Product, list[RoutineStep]]]:
    """The products of the routine steps in use on some judged day of `week`."""
    found: dict[int, tuple[Product, list[RoutineStep]]] = {}
    days = week.days()
    if not days:
        return found
    for step in log.active_steps:
        if not step.in_use_during(days[0], days[-1]):
            continue
        if (product := log.products.get(step.product_id)) is not None:
            found.setdefault(product.id, (product, []))[1].append(step)
    return found


def _by_day(items: Iterable[Observation]) -> list[Observation]:
    return sorted(items, key=lambda o: o.day)  # stable: one day's items keep their order


def _place(obs: Observation) -> str:
    return f"other:{obs.area_other.strip().lower()}" if obs.area == "other" else obs.area


def _place_name(obs: Observation) -> str:
    if obs.area == "other":
        return f"your {obs.area_other.strip()}" if obs.area_other.strip() else "another area"
    return AREA_NAMES.get(obs.area, obs.area)


def _where(obs: Observation) -> str:
    """The place name, capitalised for an evidence label."""
    name = _place_name(obs)
    return name[:1].upper() + name[1:]


def pick_exfoliation_day(log: Log, monday: date) -> date | None:
    """A day of the week starting `monday` for the weekly exfoliation: not a retinoid
    night (planned that date by an active evening step) and not next to a logged
    exfoliation. Prefers the weekday of the latest exfoliation before that week, then
    Wednesday, then the first free day."""
    exfoliated = _exfoliation_days(log)
    latest = max((d for d in exfoliated if d < monday), default=None)
    for weekday in ([latest.weekday()] if latest else []) + [2, 0, 1, 3, 4, 5, 6]:
        day = monday + timedelta(days=weekday)
        if not _retinoid_planned(log, day) and not {day - ONE_DAY, day + ONE_DAY} & exfoliated:
            return day
    return None


def planned_clashes(log: Log, first: date, days: int = 28) -> list[date]:
    """Evenings from `first` on where fixed schedules plan both a retinoid and an
    exfoliant (CNF-1 before it happens), in the next `days` days."""
    found = []
    for day in (first + timedelta(days=n) for n in range(days)):
        planned = [
            log.products[s.product_id]
            for s in log.active_steps
            if s.period == "pm" and s.product_id in log.products and s.planned_on(day)
        ]
        if any(p.is_retinoid for p in planned) and any(
            p.is_exfoliant or p.is_scrub for p in planned
        ):
            found.append(day)
    return found


def _has_routine(log: Log, first: date, last: date) -> bool:
    """Whether some routine step was in use between `first` and `last`."""
    return any(step.in_use_during(first, last) for step in log.active_steps)


def exfoliation_night(log: Log, today: date) -> date | None:
    """This week's planned exfoliation night, from tonight on: tonight when nothing was
    exfoliated this week nor last night and no retinoid is planned (on fixed nights) or
    logged tonight; otherwise ``pick_exfoliation_day`` if it is still ahead. None once the
    week had its exfoliation, or before the person's record starts (a new account owes
    nothing yet). Flexible ("N times a week") retinoid steps make way for this night."""
    if log.tracking_since is not None and today < log.tracking_since:
        return None
    if not _has_routine(log, today, today):  # no routine, no plan (GUIDANCE: without a routine)
        return None
    monday = week_bounds(today)[0]
    exfoliated = _exfoliation_days(log)
    if any(monday <= d <= today for d in exfoliated):
        return None
    if (
        today - ONE_DAY not in exfoliated
        and not _retinoid_planned(log, today)
        and today not in _retinoid_evenings(log)
    ):
        return today
    day = pick_exfoliation_day(log, monday)
    return day if day is not None and day > today else None


# --- the rules: one function per rule id ------------------------------------------


def exf_1(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    days = sorted(d for d in _exfoliation_days(log) if d in week)
    if len(days) >= th.max_exfoliations_per_week:
        text = (
            f"You exfoliated on {len(days)} days this week. Once a week is plenty; more often "
            "mostly irritates the skin."
        )
        evidence = [Evidence(f"Exfoliated on {fmt(d)}", d) for d in days]
        return [_hit("EXF-1", WARNING, "Exfoliating too often", text, evidence, week)]
    if not days and not _has_routine(log, week.start, week.end):
        # A person without a routine hears nothing about planning one into it.
        return _ok("EXF-1", week, "No exfoliation logged")
    if not days:
        day = pick_exfoliation_day(log, week.end + ONE_DAY)
        hint = (
            f"{WEEKDAYS[day.weekday()]} evening suits it: no retinoid is planned then."
            if day
            else "Every evening has a retinoid planned, so swap one of them for it."
        )
        text = f"A mild acid exfoliant once a week helps clear dead skin. {hint}"
        return [_hit("EXF-1", INFO, "Time for a gentle exfoliation", text, week=week)]
    title = f"Exfoliated on {len(days)} {'day' if len(days) == 1 else 'days'} this week"
    return _ok("EXF-1", week, title, "A gentle, steady rhythm.")


def exf_2(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    days = _exfoliation_days(log)
    seconds = sorted(d for d in days if d in week and d - ONE_DAY in days)
    if not seconds:
        return _ok("EXF-2", week, "Rest days between exfoliations")
    text = "Give your skin a few days' rest between exfoliations; daily use mostly irritates it."
    evidence = [Evidence(f"{fmt(d - ONE_DAY)} and {fmt(d)}", d) for d in seconds]
    return [_hit("EXF-2", WARNING, "Exfoliating on back-to-back days", text, evidence, week)]


def exf_3(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    """Any scrub application, on the face or elsewhere on the body."""
    uses = [(a, p) for a, p in _applied(log, lambda p: p.is_scrub) if a.day in week]
    if not uses:
        return _ok("EXF-3", week, "No gritty scrubs")
    text = "Gritty scrubs rub the skin and can make milia worse. A mild acid exfoliant is gentler."
    evidence = [Evidence(f"{p.name} on {fmt(a.day)}", a.day) for a, p in uses]
    return [_hit("EXF-3", WARNING, "A scrub was used", text, evidence, week)]


def ret_1(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    uses = [(a, p) for a, p in _applied(log, lambda p: p.is_retinoid, period="am") if a.day in week]
    if not uses:
        return _ok("RET-1", week, "Retinoids kept to the evening")
    text = "Retinoids make skin more sensitive to the sun, so they belong in your evening routine."
    evidence = [Evidence(f"{p.name} on the morning of {fmt(a.day)}", a.day) for a, p in uses]
    return [_hit("RET-1", WARNING, "Retinoid used in the morning", text, evidence, week)]


def ret_2(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    """Each retinoid evening Monday..Sunday against its next morning, which for Sunday
    lies in the next week. A morning after `week.mornings_until` (today's, or later) is
    still to come: it counts once sunscreen is logged, and is never missed yet."""
    covered = _sunscreen_mornings(log)
    in_week = {d: n for d, n in _retinoid_evenings(log).items() if week.start <= d <= week.end}
    evenings = {
        day: name
        for day, name in in_week.items()
        if day + ONE_DAY <= week.mornings_until or day + ONE_DAY in covered
    }
    missed = sorted(d for d in evenings if d + ONE_DAY not in covered)
    if not missed:
        title = "Sunscreen after each retinoid night"
        if not in_week:
            title = "No retinoid nights"
        elif len(evenings) < len(in_week):
            title += " so far"
        return _ok("RET-2", week, title)
    text = "Skin burns more easily the morning after a retinoid, so sunscreen matters most then."
    evidence = [
        Evidence(f"{evenings[d]} on {fmt(d)}, no sunscreen {fmt(d + ONE_DAY)}", d + ONE_DAY)
        for d in missed
    ]
    return [_hit("RET-2", WARNING, "No sunscreen after a retinoid night", text, evidence, week)]


def cnf_1(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    """A retinoid and a different exfoliant or scrub product on the same evening."""
    evenings: dict[date, dict[int, Product]] = defaultdict(dict)
    for app, product in _applied(log, lambda p: True, period="pm", facial=True):
        if app.day in week:
            evenings[app.day][product.id] = product
    evidence = []
    for day, products in sorted(evenings.items()):
        strong = [p for p in products.values() if p.is_exfoliant or p.is_scrub]
        for r in (p for p in products.values() if p.is_retinoid):
            if other := next((x for x in strong if x.id != r.id), None):
                evidence.append(Evidence(f"{r.name} and {other.name} on {fmt(day)}", day))
                break
    if not evidence:
        return _ok("CNF-1", week, "Retinoid and exfoliant kept apart")
    text = "Used together they often irritate. Give the retinoid and the exfoliant separate nights."
    return [_hit("CNF-1", WARNING, "Retinoid and exfoliant on one evening", text, evidence, week)]


def sun_1(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    """Mornings up to `week.mornings_until`; today's morning counts once it has sunscreen,
    and is still due (not missed) until then."""
    covered = _sunscreen_mornings(log)
    days = [d for d in week.days() if d <= week.mornings_until or d in covered]
    if not days:
        return _ok("SUN-1", week, "Nothing to judge yet")
    missed = [d for d in days if d not in covered]
    found = []
    if missed:
        title = f"Sunscreen on {len(days) - len(missed)} of {len(days)} mornings"
        text = (
            "Sun damage thickens the skin and can encourage milia. A broad-spectrum sunscreen "
            "every morning is one of the simplest habits to keep."
        )
        evidence = [Evidence(f"No sunscreen on {fmt(d)}", d) for d in missed]
        found.append(_hit("SUN-1", INFO, title, text, evidence, week))
    weak: dict[str, tuple[date, str]] = {}
    for a, p in _applied(log, lambda p: bool(p.weak_sun_protection)):
        if a.day in week:
            weak.setdefault(p.name, (a.day, p.weak_sun_protection))
    if weak:
        why = "; ".join(f"{name}: {reason}" for name, (_, reason) in sorted(weak.items()))
        text = (
            f"{why}, so it doesn't count as sun protection here. Pick a broad-spectrum "
            "sunscreen with a high enough SPF."
        )
        evidence = [Evidence(f"{name} on {fmt(day)}", day) for name, (day, _) in weak.items()]
        title, key = "Choose a broad-spectrum sunscreen", f"SUN-1:broad:{week.label}"
        found.append(_hit("SUN-1", INFO, title, text, evidence, key=key))
    return found or _ok("SUN-1", week, f"Sunscreen every morning ({len(days)} of {len(days)})")


def cln_1(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    found = []
    for product, _ in _routine_products(log, week).values():
        if product.category != "cleanser":
            continue
        clogs, why = product.comedogenic_verdict(th.comedogenic_rating)
        reasons = ([why] if clogs else []) + (["it is abrasive"] if product.is_scrub else [])
        if reasons:
            text = (
                f"{product.name}: {' and '.join(reasons)}. A mild, non-comedogenic cleanser "
                "is kinder to milia-prone skin."
            )
            title, evidence = "Consider a milder cleanser", [Evidence(product.name)]
            key = f"CLN-1:product:{product.id}"
            found.append(_hit("CLN-1", WARNING, title, text, evidence, key=key))
    return found or _ok("CLN-1", week, "Cleanser is mild")


def prd_1(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    """Routine products; cleansers are CLN-1's and prescribed medication is left alone."""
    eye_milia = any(
        o.area in EYE_AREAS
        and o.count > 0
        and 0 <= (week.judged_until - o.day).days < th.eye_area_recent_days
        for o in log.observations
    )
    found = []
    for product, steps in _routine_products(log, week).values():
        if product.category in ("cleanser", "medication"):
            continue
        clogs, why = product.comedogenic_verdict(th.comedogenic_rating)
        reasons = ([why] if clogs else []) + ([product.heavy_reason] if product.is_heavy else [])
        disagreement = product.flag_disagreement
        if not reasons and disagreement:
            title = f"You and the catalog disagree about {product.name}"
            key = f"PRD-1:disagree:{product.id}"
            found.append(
                _hit("PRD-1", INFO, title, disagreement, [Evidence(product.name)], key=key)
            )
            continue
        if not reasons:
            continue
        raised = eye_milia and any(s.area == "eye" for s in steps)
        title = f"{'Eye area: ' if raised else ''}{product.name} may not suit milia-prone skin"
        text = (
            f"{product.name}: {' and '.join(reasons)}. Lighter, non-comedogenic products "
            "are less likely to trap keratin under the skin."
        )
        if raised:
            text += " It goes on your eye area, where you noted milia lately."
        if disagreement:
            text += " " + disagreement
        key, evidence = f"PRD-1:product:{product.id}", [Evidence(product.name)]
        found.append(_hit("PRD-1", WARNING, title, text, evidence, key=key, raised=raised))
    return found or _ok("PRD-1", week, "Routine products are light and non-comedogenic")


def mkp_1(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    days = sorted(
        n.day for n in log.notes if n.day in week and n.makeup_worn and not n.makeup_removed
    )
    if not days:
        return _ok("MKP-1", week, "Makeup removed before bed")
    text = "Makeup left on overnight builds up. Take it off fully before bed, even when tired."
    evidence = [Evidence(f"Makeup left on, {fmt(d)}", d) for d in days]
    return [_hit("MKP-1", WARNING, "Makeup left on overnight", text, evidence, week)]


def _extraction(days: list[date], key: str) -> Finding:
    text = (
        "Milia have no opening, so squeezing or picking mostly hurts the skin and can "
        "leave infection, scars or dark marks. A dermatologist can remove them safely."
    )
    evidence = [Evidence(f"Tried to extract on {fmt(d)}", d) for d in days]
    title = "Please don't squeeze milia"
    return _hit("EXT-1", WARNING, title, text, evidence, key=key, styled_urgent=True)


def ext_1(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    days = sorted(n.day for n in log.notes if n.day in week and n.tried_extraction)
    if not days:
        return _ok("EXT-1", week, "Hands off: no extraction attempts")
    return [_extraction(days, f"EXT-1:{week.label}")]


def _symptoms(observations: Iterable[Observation], key: str) -> list[Finding]:
    flagged = _by_day(o for o in observations if o.symptoms)
    if not flagged:
        return []
    text = (
        "Milia usually don't hurt, itch or get inflamed, so please have a dermatologist take "
        "a look soon."
    )
    evidence = [
        Evidence(f"{_where(o)}: {o.symptoms_described()} on {fmt(o.day)}", o.day) for o in flagged
    ]
    title = "See a dermatologist about these symptoms"
    return [_hit("DRM-1", URGENT, title, text, evidence, key=key)]


def _acted_on(finding: Finding, log: Log, as_of: date, th: Thresholds) -> Finding:
    """An urgent DRM finding as the person has acted on it (GUIDANCE: Acting on urgent
    findings): a dermatologist visit logged on or after its latest evidence day quiets it
    into a calm note; a booked visit, until `booking_grace_days` after its date, turns it
    into a calm reminder naming the booking; otherwise it stays urgent."""
    latest = max((e.day for e in finding.evidence if e.day), default=as_of)
    visits = sorted(v.day for v in log.visits if latest <= v.day <= as_of)
    if visits:
        text = (
            f"You saw a dermatologist on {fmt(visits[0])}, after this was noted, so it rests. "
            "If something new appears, it will show again."
        )
        title = f"Seen by a dermatologist on {fmt(visits[0])}"
        return replace(
            finding,
            severity=INFO,
            title=title,
            explanation=text,
            key=f"{finding.key}:seen",
            calm=True,
        )
    booked = sorted(b for b in log.bookings if b + timedelta(days=th.booking_grace_days) >= as_of)
    if booked:
        text = (
            f"You booked a dermatologist visit for {fmt(booked[0])}, the right step. Show "
            "them what is listed here, and log the visit once you have been."
        )
        title = f"Visit booked for {fmt(booked[0])}"
        return replace(
            finding,
            severity=INFO,
            title=title,
            explanation=text,
            key=f"{finding.key}:booked",
            calm=True,
        )
    return finding


def _act(findings: list[Finding], log: Log, as_of: date, th: Thresholds) -> list[Finding]:
    return [_acted_on(f, log, as_of, th) if f.severity == URGENT else f for f in findings]


def drm_1(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    """Symptoms noted this week. A visit logged on or after the symptoms' day quiets them."""
    found = _symptoms((o for o in log.observations if o.day in week), f"DRM-1:{week.label}")
    return _act(found, log, week.judged_until, th) or _ok(
        "DRM-1", week, "No pain, itching or inflammation noted"
    )


def persisting_since(log: Log, as_of: date) -> dict[str, tuple[Observation, date]]:
    """Place -> (its newest observation, start day), for places whose milia persist:
    the start is the first count above zero after the place's last zero (or ever)."""
    by_place: dict[str, list[Observation]] = defaultdict(list)
    for obs in _by_day(o for o in log.observations if o.day <= as_of):
        by_place[_place(obs)].append(obs)
    found = {}
    for place, seq in by_place.items():
        start = None
        for obs in reversed(seq):
            if obs.count <= 0:
                break
            start = obs.day
        if start is not None:
            found[place] = (seq[-1], start)
    return found


def drm_2(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    as_of = week.judged_until
    lasting = [
        (obs, start, (as_of - start).days)
        for obs, start in persisting_since(log, as_of).values()
        if (as_of - start).days >= th.persistence_days
    ]
    if not lasting:
        return _ok("DRM-2", week, "No long-lasting milia")
    visits = [v.day for v in log.visits if 0 <= (as_of - v.day).days < th.visit_snooze_days]
    if visits:  # a visit snoozes it, whenever the milia were last counted
        seen = max(visits)
        until = seen + timedelta(days=th.visit_snooze_days)
        text = (
            f"Your dermatologist visit on {fmt(seen)} is logged, so this rests until "
            f"{fmt(until)}. If they are still there then, it will come back."
        )
        title = f"Seen by a dermatologist on {fmt(seen)}"
        evidence = [Evidence(f"Visit on {fmt(seen)}", seen)]
        key = f"DRM-2:{week.label}:seen"
        return [replace(_hit("DRM-2", INFO, title, text, evidence, key=key), calm=True)]
    found = []
    for obs, start, days in lasting:
        span = f"{days // 30} months" if days >= 60 else f"{days} days"
        text = (
            f"Milia on {_place_name(obs)} have persisted for {span}. A dermatologist can "
            "remove them quickly and safely."
        )
        evidence = [
            Evidence(f"First counted on {fmt(start)}", start),
            Evidence(f"Still {obs.count} on {fmt(obs.day)}", obs.day),
        ]
        title, key = f"Milia persisting for {span}", f"DRM-2:{_place(obs)}:{week.label}"
        found.append(_hit("DRM-2", URGENT, title, text, evidence, key=key))
    return _act(found, log, as_of, th)


def _running_totals(seen: Sequence[Observation]) -> dict[date, int]:
    """Day -> the sum over places of each place's latest count by the end of that day, for
    the days with a count; `seen` is in day order."""
    latest: dict[str, int] = {}
    totals: dict[date, int] = {}
    running = 0
    for obs in seen:
        place = _place(obs)
        running += obs.count - latest.get(place, 0)
        latest[place] = obs.count
        totals[obs.day] = running
    return totals


def drm_3(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    seen = _by_day(o for o in log.observations if o.day <= week.judged_until)
    if seen:
        newest = seen[-1].day
        window_start = newest - timedelta(days=th.sudden_increase_window_days)
        by_day = _running_totals(seen)  # one pass: the total at the end of each counted day
        totals = {d: t for d, t in by_day.items() if window_start <= d < newest}
        before = [d for d in by_day if d < window_start]
        if before:  # the total known when the window opens counts too
            totals.setdefault(window_start, by_day[max(before)])
        high = by_day[newest]
        low_day = min(totals, key=totals.__getitem__, default=None)
        if low_day is not None and high - totals[low_day] >= th.sudden_increase:
            low = totals[low_day]
            text = (
                f"Your milia count rose from {low} to {high} within a month. That many new "
                "ones is worth showing a dermatologist soon."
            )
            counted = max(o.day for o in seen if o.day <= low_day)
            since = f" (last counted {fmt(counted)})" if counted != low_day else ""
            evidence = [
                Evidence(f"{low} in all on {fmt(low_day)}{since}", low_day),
                Evidence(f"{high} in all on {fmt(newest)}", newest),
            ]
            found = [_hit("DRM-3", URGENT, "A sudden rise in milia", text, evidence, week)]
            return _act(found, log, week.judged_until, th)
    return _ok("DRM-3", week, "No sudden rise in milia")


def drm_4(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    """Milia in an unusual place during the week: a place outside the face whose latest count
    before the week, or its latest count by the week's last judged day, is above zero (the
    places the week's milia table lists)."""
    before: dict[str, Observation] = {}
    latest: dict[str, Observation] = {}
    for obs in _by_day(o for o in log.observations if o.area == "other"):
        if obs.day > week.judged_until:
            continue
        if obs.day < week.start:
            before[_place(obs)] = obs
        latest[_place(obs)] = obs
    unusual = [
        latest[place]
        for place in latest
        if latest[place].count > 0 or (place in before and before[place].count > 0)
    ]
    if not unusual:
        return _ok("DRM-4", week, "Milia only in the usual places")
    places = ", ".join(dict.fromkeys(_place_name(o) for o in unusual))
    text = (
        f"You noted milia on {places}. Milia in unusual places are worth showing a dermatologist."
    )
    evidence = [Evidence(f"{_where(o)}: {o.count} on {fmt(o.day)}", o.day) for o in unusual]
    return [_hit("DRM-4", INFO, "Milia in an unusual place", text, evidence, week)]


def rsk_1(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    window = th.corticosteroid_window_days
    steroid_days = {a.day for a, _ in _applied(log, lambda p: p.is_corticosteroid)}
    days = sorted(d for d in steroid_days if 0 <= (week.judged_until - d).days < window)
    if len(days) < th.corticosteroid_days:
        return _ok("RSK-1", week, "No long run of steroid cream")
    text = (
        f"You used a corticosteroid cream on {len(days)} of the last {window} days. Long use "
        "is a known milia trigger: talk it over with your prescriber before changing anything."
    )
    evidence = [Evidence(f"{len(days)} days, {fmt(days[0])} to {fmt(days[-1])}", days[-1])]
    return [_hit("RSK-1", INFO, "Frequent steroid cream", text, evidence, week)]


def rsk_2(log: Log, week: Week, th: Thresholds) -> list[Finding]:
    found = _by_day(o for o in log.observations if o.day in week and o.milia_type == "secondary")
    if not found:
        return _ok("RSK-2", week, "No milia from skin damage")
    causes = dict.fromkeys(
        SECONDARY_CONTEXTS.get(o.secondary_context, "skin damage") for o in found
    )
    text = (
        f"These milia followed {' and '.join(causes)}. While the skin heals, be gentle with "
        "it and keep it out of the sun."
    )
    evidence = [Evidence(f"{_where(o)} on {fmt(o.day)}", o.day) for o in found]
    return [_hit("RSK-2", INFO, "Skin still healing", text, evidence, week)]


Rule = Callable[[Log, Week, Thresholds], list[Finding]]
_ALL = (exf_1, exf_2, exf_3, ret_1, ret_2, cnf_1, sun_1, cln_1, prd_1, mkp_1, ext_1)
_ALL += (drm_1, drm_2, drm_3, drm_4, rsk_1, rsk_2)
RULES: dict[str, Rule] = {rule.__name__.upper().replace("_", "-"): rule for rule in _ALL}


# --- entry points -----------------------------------------------------------------


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Urgent, warning (styled-urgent, then raised, first), info, ok; then rule id."""
    return sorted(findings, key=lambda f: f.sort_key)


def make_week(
    week_start: date,
    today: date | None = None,
    since: date | None = None,
    morning_over: bool = False,
) -> Week:
    """The week holding `week_start`, judged up to `today` and from `since` (the start of the
    person's record) on. Mornings are judged up to yesterday while this morning lasts (its
    sunscreen is still due, not missed); once the morning is over (GUIDANCE: Morning ends),
    up to today."""
    start, end = week_bounds(week_start)
    first = since or date.min
    if today is None:
        return Week(start, end, end, first=first)
    mornings_until = today if morning_over else today - ONE_DAY
    return Week(start, end, min(end, today), mornings_until=mornings_until, first=first)


def review_week(
    log: Log,
    week_start: date,
    thresholds: Thresholds = Thresholds(),
    today: date | None = None,
    morning_over: bool = False,
) -> list[Finding]:
    """Every rule's outcome for the ISO week holding `week_start`, ok included. Each
    retinoid evening is judged once, by the morning after it, in the evening's week."""
    week = make_week(week_start, today, log.tracking_since, morning_over)
    return sort_findings(f for rule in RULES.values() for f in rule(log, week, thresholds))


def dashboard(
    log: Log, today: date, thresholds: Thresholds = Thresholds(), morning_over: bool = False
) -> list[Finding]:
    """What is open or due today:

    - urgent: DRM-1 for symptoms on observations of the last 30 days or on the newest
      observation of a place; DRM-2 and DRM-3 as of today;
    - EXT-1 for attempts in the last 7 days, and every other warning of this week so far
      (RET-2 judges mornings up to yesterday: this morning is "due", below);
    - due: RET-2 "sunscreen this morning" after a retinoid last night, until a
      broad-spectrum sunscreen is logged today or the morning ends (`morning_over`, past
      Thresholds.morning_ends_at local time): then it is a RET-2 warning for today, even
      when last night was a Sunday in the week before; EXF-1 "tonight" when nothing was
      exfoliated this week nor yesterday and no retinoid is planned tonight (an active
      evening step scheduled on today's date) or logged tonight.
    """
    th, yesterday = thresholds, today - ONE_DAY
    week = make_week(today, today, log.tracking_since, morning_over)
    past = [o for o in log.observations if o.day <= today]
    newest = {_place(o): o for o in _by_day(past)}
    recent = [o for o in past if (today - o.day).days < 30]
    found = _act(
        _symptoms(recent + [o for o in newest.values() if o not in recent], f"DRM-1:{week.label}"),
        log,
        today,
        th,
    )
    found += [
        f for rule in (drm_2, drm_3) for f in rule(log, week, th) if f.severity == URGENT or f.calm
    ]
    attempts = sorted(
        n.day for n in log.notes if n.tried_extraction and 0 <= (today - n.day).days < 7
    )
    if attempts:
        found.append(_extraction(attempts, f"EXT-1:{iso_week_label(attempts[-1])}"))
    for rule_id, rule in RULES.items():
        if rule_id != "EXT-1":
            found += [f for f in rule(log, week, th) if f.severity == WARNING]

    retinoid_evenings = _retinoid_evenings(log)
    missed_this_morning = yesterday in retinoid_evenings and today not in _sunscreen_mornings(log)
    if missed_this_morning and morning_over:
        if yesterday < week.start:  # a Sunday night: this week's RET-2 doesn't judge it
            text = (
                "Skin burns more easily the morning after a retinoid, so sunscreen matters "
                "most then."
            )
            evidence = [
                Evidence(
                    f"{retinoid_evenings[yesterday]} on {fmt(yesterday)}, no sunscreen "
                    f"{fmt(today)}",
                    today,
                )
            ]
            key = f"RET-2:{iso_week_label(yesterday)}"
            title = "No sunscreen after a retinoid night"
            found.append(_hit("RET-2", WARNING, title, text, evidence, key=key))
    elif missed_this_morning:
        text = (
            f"You used {retinoid_evenings[yesterday]} last night, so your skin burns more "
            "easily today. A broad-spectrum sunscreen this morning protects it."
        )
        key = f"RET-2:due:{today.isoformat()}"
        found.append(_hit("RET-2", INFO, "Sunscreen this morning", text, key=key))
    if exfoliation_night(log, today) == today:
        text = "Nothing exfoliated yet this week and no retinoid tonight: a good evening for it."
        key = f"EXF-1:due:{today.isoformat()}"
        found.append(_hit("EXF-1", INFO, "Tonight suits a gentle exfoliation", text, key=key))
    return sort_findings(found)


def plan_next_week(
    log: Log,
    week_start: date,
    thresholds: Thresholds = Thresholds(),
    today: date | None = None,
    morning_over: bool = False,
    review: list[Finding] | None = None,
) -> NextWeekPlan:
    """After the week of `week_start`: one exfoliation night in the following week, and
    whether to book a dermatologist (any urgent finding of the week's review, judged as
    of `today` like the review itself)."""
    monday = week_bounds(week_start)[0] + timedelta(days=7)
    day = pick_exfoliation_day(log, monday)
    note = (
        f"{WEEKDAYS[day.weekday()]} evening: no retinoid planned and no exfoliation next to it."
        if day
        else "Every evening has a retinoid planned; skip it one evening to exfoliate instead."
    )
    if review is None:  # the week's review, unless the caller has it already
        review = review_week(log, week_start, thresholds, today=today, morning_over=morning_over)
    urgent = [f for f in review if f.severity == URGENT]
    reason = "; ".join(dict.fromkeys(f.title for f in urgent))
    return NextWeekPlan(
        monday, day, note, bool(urgent), reason, flexible_retinoid_nights(log, monday, day)
    )


def flexible_retinoid_nights(log: Log, monday: date, exfoliation: date | None) -> tuple[date, ...]:
    """The nights of the week from `monday` that the planner gives the evening retinoid
    steps scheduled "N times a week": never the exfoliation night when there is room."""
    nights: set[date] = set()
    sunday = monday + timedelta(days=6)
    for step in log.active_steps:
        product = log.products.get(step.product_id)
        if (
            step.period != "pm"
            or step.times_per_week is None
            or product is None
            or not product.is_retinoid
            or not step.in_use_during(monday, sunday)
        ):
            continue
        avoid = frozenset({exfoliation}) if exfoliation else frozenset()
        nights |= schedules.plan_flexible_nights(step.schedule, monday, monday, set(), avoid)
    return tuple(sorted(nights))
