"""Share links: a read-only visit report for a clinician, opened without an account.

The token in the URL (256 random bits) is the key; a link expires (7 days by default, 30 at
most), can be revoked, and may also ask for a six-digit code. Wrong codes count against the
link itself, from any address, in the shared database cache: SHARE_CODE_LIMIT wrong codes
lock its code form for SHARE_CODE_COOLOFF_MINUTES, so the million codes can't be tried. Once
the code is right, a signed cookie scoped to the link's path opens it (and its photos) until
it expires. A revoked, expired or unknown link is a 404, for the page and for its photos.
Shared pages are never indexed and send no Referer, so the token can't leak through links.
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from skintrack.http import render_form
from skintrack.journal import photos
from skintrack.journal.models import ObservationPhoto
from skintrack.reports import selectors
from skintrack.reports.forms import ReportProfileForm, ReportRangeForm
from skintrack.reports.models import (
    CODE_DIGITS,
    DEFAULT_DAYS,
    MAX_DAYS,
    ShareLink,
    ShareOpening,
    new_share_code,
)

COOKIE_SALT = "skintrack.share-code"


class ShareLinkForm(ReportRangeForm):
    """The report's dates (as the report page takes them), how long the link works, and
    whether it asks for a code."""

    days = forms.TypedChoiceField(
        label="Link works for",
        coerce=int,
        choices=[(n, f"{n} day{'s' if n > 1 else ''}") for n in (1, 3, 7, 14, 30)],
        initial=DEFAULT_DAYS,
        error_messages={"invalid_choice": f"Pick how long the link works, up to {MAX_DAYS} days."},
    )
    with_code = forms.BooleanField(
        label="Ask for a six-digit code too",
        required=False,
        help_text="The code is shown once, here, after you make the link: tell it separately.",
    )

    def __init__(self, data, *, today: dt.date, initial: dict | None = None):
        super().__init__(data, today=today)
        if initial:
            self.initial.update(initial)
        self.initial.setdefault("days", DEFAULT_DAYS)


# --- the person's side ---------------------------------------------------------------------


def share_url(request, link: ShareLink) -> str:
    url = reverse("reports:shared", kwargs={"share_token": link.token})
    return request.build_absolute_uri(url)


@login_required
@require_http_methods(["GET", "POST"])
def shares(request):
    """Make a link (POST) and list the person's links. The new link's code shows once."""
    today = request.user.local_today()
    if request.method == "POST":
        form = ShareLinkForm(request.POST, today=today)
    else:  # the dates of the report the person came from, if they are good
        asked = ReportRangeForm(request.GET, today=today)
        range_ = asked.cleaned_data if asked.is_valid() else {}
        form = ShareLinkForm(None, today=today, initial=range_)
    created, code = None, ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = ShareLink(
            owner=request.user,
            start=data["start"],
            end=data["end"],
            expires_at=timezone.now() + dt.timedelta(days=data["days"]),
        )
        if data["with_code"]:
            code = new_share_code()
            created.set_code(code)
        created.save()
        form = ShareLinkForm(
            None, today=today, initial={"start": data["start"], "end": data["end"]}
        )
    context = {
        "form": form,
        "profile_form": ReportProfileForm(instance=request.user),
        "created": created,
        "created_url": share_url(request, created) if created else "",
        "code": code,
        "links": link_rows(request.user),
    }
    status = 400 if request.method == "POST" and created is None else 200
    return render(request, "reports/shares.html", context, status=status)


def link_rows(user) -> list[ShareLink]:
    """The person's links with their openings: two queries."""
    links = list(ShareLink.objects.owned_by(user).prefetch_related("openings"))
    now = timezone.now()
    for link in links:
        link.valid_now = link.is_valid(now)
    return links


@login_required
@require_POST
def revoke(request, link_id: int):
    link = get_object_or_404(ShareLink, pk=link_id, owner=request.user)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    messages.success(request, "Link revoked: it no longer opens the report or its photos.")
    back = request.POST.get("next")
    if back == "settings":
        return redirect(reverse("accounts:settings") + "#share-links")
    return redirect("reports:shares")


@login_required
@require_POST
def report_profile(request):
    """Age band and skin notes for the top of the report (both optional)."""
    form = ReportProfileForm(request.POST, instance=request.user)
    if not form.is_valid():
        context = {
            "form": ShareLinkForm(None, today=request.user.local_today()),
            "profile_form": form,
            "links": link_rows(request.user),
        }
        request.user.refresh_from_db(fields=["age_band", "skin_notes"])
        return render(request, "reports/shares.html", context, status=400)
    form.save()
    messages.success(request, "Saved: the report starts with it.")
    return redirect(reverse("reports:shares") + "#report-profile")


# --- the clinician's side ------------------------------------------------------------------


def private_headers(response):
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def valid_link(token: str) -> ShareLink:
    link = ShareLink.objects.valid().select_related("owner").filter(token=token).first()
    if link is None or not link.owner.is_active:
        raise Http404("This link has expired, was revoked, or never existed.")
    return link


def cookie_name(link: ShareLink) -> str:
    return f"share{link.pk}"


def unlocked(request, link: ShareLink) -> bool:
    if not link.needs_code:
        return True
    value = request.get_signed_cookie(cookie_name(link), default=None, salt=COOKIE_SALT)
    return value == link.token[:16]


def _attempts_key(link: ShareLink) -> str:
    return f"share-code:{link.pk}"


def locked_until(link: ShareLink) -> dt.datetime | None:
    """When the code form opens again, if this link has had too many wrong codes."""
    return cache.get(f"{_attempts_key(link)}:until")


def count_wrong_code(link: ShareLink) -> None:
    """Count a wrong code, as the password-reset limit counts requests (add, then incr);
    the count lasts a cool-off after the last wrong code, and at the limit so does the lock."""
    cool_off = dt.timedelta(minutes=settings.SHARE_CODE_COOLOFF_MINUTES)
    seconds = int(cool_off.total_seconds())
    key = _attempts_key(link)
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: start again
        cache.set(key, 1, timeout=seconds)
        count = 1
    cache.touch(key, timeout=seconds)
    if count >= settings.SHARE_CODE_LIMIT:
        cache.set(f"{key}:until", timezone.now() + cool_off, timeout=seconds)


def forget_wrong_codes(link: ShareLink) -> None:
    cache.delete_many([_attempts_key(link), f"{_attempts_key(link)}:until"])


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=CODE_DIGITS,
        min_length=CODE_DIGITS,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
        error_messages={
            "required": "Type the six-digit code.",
            "min_length": "The code has six digits.",
            "max_length": "The code has six digits.",
        },
    )


# With Referrer-Policy: no-referrer, browsers send the code form with "Origin: null" and no
# Referer, which Django's CSRF check refuses. The form changes no one's data: a right code
# only sets this browser's cookie for this link, and wrong codes count against the link
# wherever they come from; so a forged POST gains an attacker nothing.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def shared_report(request, share_token: str):
    """Public by design: the token is the key (and the code, when the link has one)."""
    link = valid_link(share_token)
    if not unlocked(request, link):
        return private_headers(code_page(request, link))
    person = link.owner
    ShareOpening.objects.create(link=link)
    report = selectors.visit_report(person, link.start, link.end, person.local_today())
    context = {"report": report, "share": link, "share_token": link.token}
    return private_headers(render(request, "reports/visit_report.html", context))


def code_page(request, link: ShareLink):
    until = locked_until(link)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if until:
        context = {"form": None, "until": timezone.localtime(until), "shared_page": True}
        return render(request, "reports/shared_code.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        if link.code_matches(form.cleaned_data["code"]):
            forget_wrong_codes(link)
            response = redirect(request.path)
            response.set_signed_cookie(
                cookie_name(link),
                link.token[:16],
                salt=COOKIE_SALT,
                expires=link.expires_at,
                path=request.path,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Strict",
            )
            return response
        count_wrong_code(link)
        until = locked_until(link)
        if until:
            context = {"form": None, "until": timezone.localtime(until), "shared_page": True}
            return render(request, "reports/shared_code.html", context, status=429)
        form.add_error("code", "That code is not right.")
    return render_form(
        request, "reports/shared_code.html", {"form": form, "shared_page": True}, form
    )


@require_safe
def shared_photo(request, share_token: str, shared_photo_id: int):
    """A photo of the shared report, only while the link is valid (and opened with its
    code); photos of days after the report's end are not part of it."""
    link = valid_link(share_token)
    if not unlocked(request, link):
        raise Http404("Open the report with its code first.")
    photo = get_object_or_404(
        ObservationPhoto, pk=shared_photo_id, owner=link.owner, observation__day__lte=link.end
    )
    response = photos.file_response(
        photo.thumbnail.name, photo.thumbnail.storage, f"photo-{photo.pk}.jpg"
    )
    return private_headers(response)
