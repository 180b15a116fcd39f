import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from skintrack.routines.models import RoutineStep
from tests import factories
from tests.reports.conftest import make_routines

pytestmark = pytest.mark.django_db

# Wednesday 18 November 2026, noon in London.
WEDNESDAY = dt.datetime(2026, 11, 18, 12, tzinfo=dt.UTC)


def month_url(first: dt.date) -> str:
    return reverse("reports:month", kwargs={"month": first})


def cell(html: str, day: dt.date) -> str:
    """The markup of one day's cell."""
    match = re.search(rf'<a href="/day/{day.isoformat()}/"[^>]*>.*?</a>', html)
    assert match, f"no link for {day}"
    return match.group(0)


@pytest.fixture
def history(owner):
    """Routines from 2 November: the morning (cleanser, sunscreen) and evening (cleanser,
    a retinoid Mon/Wed/Fri); every step done on the 2nd, none on the 3rd, the cleansers
    only on the 4th."""
    kit = make_routines(owner)
    RoutineStep.objects.filter(routine__owner=owner).update(starts_on=dt.date(2026, 11, 2))
    for step in (kit.am_cleanse, kit.am_sunscreen, kit.pm_cleanse, kit.pm_retinoid):
        factories.make_application(owner, step=step, day=dt.date(2026, 11, 2))
    for step in (kit.am_cleanse, kit.pm_cleanse):
        factories.make_application(owner, step=step, day=dt.date(2026, 11, 4))
    return kit


@time_machine.travel(WEDNESDAY, tick=False)
def test_each_day_shows_its_state_and_links_to_its_page(client_owner, history):
    html = client_owner.get(reverse("reports:month_now")).text
    assert "November 2026" in html
    done = cell(html, dt.date(2026, 11, 2))
    assert 'class="month-day all"' in done and "Monday 2 November: 4 of 4 steps done" in (
        re.sub(r"<[^>]+>", "", done)
    )
    assert 'class="month-day none"' in cell(html, dt.date(2026, 11, 3))
    some = cell(html, dt.date(2026, 11, 4))
    assert 'class="month-day some"' in some and "2/4" in some
    # Before the routines began nothing was owed; today is marked; tomorrow can be planned.
    assert 'class="month-day nothing-due"' in cell(html, dt.date(2026, 11, 1))
    assert 'aria-current="date"' in cell(html, dt.date(2026, 11, 18))
    assert 'class="month-day upcoming"' in cell(html, dt.date(2026, 11, 19))
    # No page after tomorrow: the day is shown, not linked.
    assert 'href="/day/2026-11-20/"' not in html
    assert "20 November: still to come" in re.sub(r"<[^>]+>", "", html)


@time_machine.travel(WEDNESDAY, tick=False)
def test_the_month_links_to_its_neighbours_up_to_the_current_one(client_owner, history):
    html = client_owner.get(reverse("reports:month_now")).text
    assert f'href="{month_url(dt.date(2026, 10, 1))}"' in html
    assert month_url(dt.date(2026, 12, 1)) not in html  # 1 December has no page yet
    older = client_owner.get(month_url(dt.date(2026, 10, 1))).text
    assert "October 2026" in older and f'href="{month_url(dt.date(2026, 11, 1))}"' in older


@time_machine.travel(WEDNESDAY, tick=False)
@pytest.mark.parametrize("month", ["2026-12", "2099-01", "1999-12", "2026-13", "2026-00"])
def test_a_month_without_day_pages_is_not_found(client_owner, month):
    response = client_owner.get(f"/reports/calendar/{month}/")
    assert response.status_code == 404


def test_the_day_page_and_progress_link_to_the_calendar(client_owner, owner):
    today = client_owner.get(reverse("journal:today")).text
    assert f'href="{month_url(owner.local_today().replace(day=1))}"' in today
    assert reverse("reports:month_now") in client_owner.get(reverse("reports:progress")).text


@time_machine.travel(WEDNESDAY, tick=False)
def test_the_progress_heatmap_squares_and_table_cells_open_their_day(client_owner, history):
    html = client_owner.get(reverse("reports:progress")).text
    # Each square of the chart (wide and narrow) is a link, for pointers only.
    assert html.count('<a href="/day/2026-11-02/" tabindex="-1"><rect class="day"') == 2
    # The table of days beside it links the same days, for keyboards and screen readers.
    assert re.search(
        r'<a class="count-link" href="/day/2026-11-02/" aria-label="Monday 2 November: 100% done">',
        html,
    )


def test_the_calendar_takes_a_fixed_number_of_queries(
    client_owner, owner, django_assert_num_queries, catalog_in_memory
):
    kit = make_routines(owner)
    with time_machine.travel(WEDNESDAY, tick=False), django_assert_num_queries(11) as short:
        client_owner.get(reverse("reports:month_now"))
    RoutineStep.objects.filter(routine__owner=owner).update(starts_on=dt.date(2024, 1, 1))
    day = dt.date(2024, 1, 1)
    while day < dt.date(2026, 11, 18):
        factories.make_application(owner, step=kit.am_cleanse, day=day)
        day += dt.timedelta(days=1)
    same = len(short.captured_queries)
    with time_machine.travel(WEDNESDAY, tick=False), django_assert_num_queries(same):
        client_owner.get(reverse("reports:month_now"))
