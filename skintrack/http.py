"""Small helpers shared by the views."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def render_form(request: HttpRequest, template: str, context: dict, form=None) -> HttpResponse:
    """Render a page holding a form; a submitted form with errors answers 400."""
    form = form if form is not None else context.get("form")
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, template, context, status=status)
