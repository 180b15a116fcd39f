"""The project's URLs plus a bare logged-in view: the yardstick of `make bench`; and the
pages a person uses, measured by the bench and pinned by tests/test_query_counts.py."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from skintrack.urls import urlpatterns as project_urlpatterns


@login_required
def bare(request):
    return HttpResponse("ok")


def pages_of(person) -> dict:
    """Page name -> (method, url, data maker or None, extra headers) for `person`, who has
    an evening routine in use and a product."""
    from skintrack.guidance.rules import iso_week_label
    from skintrack.routines.models import Routine

    today = person.local_today()
    evening = Routine.objects.filter(owner=person, is_active=True, period="pm").first()
    step = evening.steps.filter(archived=False).first()
    product = person.products.first()
    monday = today - dt.timedelta(days=today.weekday())
    two_years_ago = monday - dt.timedelta(days=7 * 104)
    tick = f"/day/{today}/steps/{step.pk}/tick/"
    htmx = {"HTTP_HX_REQUEST": "true"}
    ticked = [False]

    def tick_args():
        ticked[0] = not ticked[0]
        return {"done": "1" if ticked[0] else "0"}

    return {
        "today": ("get", "/today/", None, {}),
        "tick (htmx)": ("post", tick, tick_args, htmx),
        "note save (htmx)": ("post", f"/day/{today}/note/", lambda: {"notes": "ok"}, htmx),
        "past day": ("get", f"/day/{today - dt.timedelta(days=30)}/", None, {}),
        "review, this week": ("get", f"/review/{iso_week_label(monday)}/", None, {}),
        "review, 2 years ago": ("get", f"/review/{iso_week_label(two_years_ago)}/", None, {}),
        "shelf": ("get", "/shelf/", None, {}),
        "product": ("get", f"/shelf/{product.pk}/", None, {}),
        "routines": ("get", "/routines/", None, {}),
        "routine": ("get", f"/routines/{evening.pk}/", None, {}),
        "milia history": ("get", "/milia/", None, {}),
        "progress": ("get", "/reports/progress/", None, {}),
        "report, 90 days": ("get", "/reports/visit-report/", None, {}),
        "report, 2 years": (
            "get",
            f"/reports/visit-report/?start={today - dt.timedelta(days=730)}&end={today}",
            None,
            {},
        ),
        "calendar feed": ("get", f"/reports/calendar/{person.calendar_token}.ics", None, {}),
        "export (JSON)": ("get", "/data/export/?format=json", None, {}),
        "settings": ("get", "/accounts/settings/", None, {}),
    }


urlpatterns = [path("bench/bare/", bare), *project_urlpatterns]
