import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from skintrack.guidance import dashboard
from skintrack.http import HtmxHttpRequest, render_form
from skintrack.journal import milia_form, selectors, start
from skintrack.journal.forms import (
    AdHocApplicationForm,
    BookedVisitForm,
    DayNoteForm,
    ObservationForm,
    TickForm,
    VisitForm,
)
from skintrack.journal.models import (
    EARLIEST_DAY,
    Application,
    BookedVisit,
    DayNote,
    DermatologistVisit,
    MiliaObservation,
)
from skintrack.journal.replay import device_time, is_outdated
from skintrack.portability.uploads import upload_limit
from skintrack.routines import history
from skintrack.routines.models import RoutineStep
from skintrack.shelf import lifetimes


def loggable_day(request, day: dt.date) -> dt.date:
    """The day from the URL, if the person may log it: from 2000 up to their tomorrow."""
    if not EARLIEST_DAY <= day <= request.user.latest_loggable_day():
        raise Http404("Days later than tomorrow can’t be logged yet.")
    return day


def day_url(day: dt.date, anchor: str = "") -> str:
    url = reverse("journal:day", kwargs={"day": day})
    return f"{url}#{anchor}" if anchor else url


def home(request):
    if request.user.is_authenticated:
        return redirect("journal:today")
    return render(request, "journal/welcome.html")


@login_required
def today(request):
    return day_view(request, request.user.local_today())


def day_parts(user, day: dt.date) -> dict:
    """The day page from one load and, on today's, the dashboard built from the same load:
    everything a tap can change (checklists, due now, urgent, the glance, the warnings)."""
    page = selectors.day_page(user, day)
    is_today = day == page.today
    return {
        "page": page,
        "dashboard": dashboard.from_guidance(page.guidance, page.today) if is_today else None,
        "start": start.from_guidance(page.guidance, page.today) if is_today else None,
    }


def day_context(request, day: dt.date, **forms) -> dict:
    parts = day_parts(request.user, day)
    page = parts["page"]
    booked = sorted(d for d in page.guidance.bookings if d >= page.today)
    return {
        **parts,
        "previous_day": day - dt.timedelta(days=1) if day > EARLIEST_DAY else None,
        "next_day": day + dt.timedelta(days=1)
        if day < request.user.latest_loggable_day()
        else None,
        "note_form": forms.get("note_form") or DayNoteForm(instance=page.note),
        "adhoc_form": forms.get("adhoc_form")
        or AdHocApplicationForm(owner=request.user, shelf=page.guidance.products.values()),
        "booking_form": forms.get("booking_form")
        or BookedVisitForm(today=page.today, initial={"day": booked[0] if booked else None}),
        "booked": booked,
        # Routine products past their replace-by day: from the steps already loaded.
        "expired_products": lifetimes.expired_in_routines(page.guidance.steps, page.today)
        if day == page.today
        else [],
    }


@login_required
def day_view(request, day: dt.date):
    day = loggable_day(request, day)
    return render(request, "journal/day.html", day_context(request, day))


@login_required
@require_POST
def tick(request: HtmxHttpRequest, day: dt.date, step_id: int):
    step = get_object_or_404(
        RoutineStep.objects.select_related("routine"), pk=step_id, routine__owner=request.user
    )
    day = loggable_day(request, day)
    form = TickForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Say whether the step is done (done=1) or not (done=0).")
    if not step.schedule.in_span(day) and not history.backfill_start(step, day):
        return HttpResponseBadRequest(
            "This step wasn’t part of your routine on that day, so it can’t be ticked there. "
            "Log it with “Log another product” instead."
        )
    period = step.routine.period
    # When the tap was made: a phone that was offline sends its taps late, in order.
    tapped_at = device_time(request.POST.get("at"), timezone.now())
    if form.cleaned_data["done"]:
        # A second tap racing the first finds the row it made (get_or_create retries as a
        # get after the unique step-day-period constraint refuses the insert).
        application, created = Application.objects.get_or_create(
            owner=request.user,
            step=step,
            day=day,
            period=period,
            defaults={"product_id": step.product_id, "area": step.area, "tapped_at": tapped_at},
        )
        if not created and (application.tapped_at is None or application.tapped_at < tapped_at):
            # Ticked again, later, on another device: an untick made in between loses.
            Application.objects.filter(pk=application.pk).update(tapped_at=tapped_at)
    else:
        # Undo it however it was logged: ticked, or the same product applied ad hoc; but not
        # a tick made after this untick (an old untick sent late, once the network returned).
        Application.objects.filter(owner=request.user, day=day, period=period).filter(
            Q(step=step) | Q(step__isnull=True, product_id=step.product_id)
        ).exclude(tapped_at__gt=tapped_at).delete()
    if request.htmx:
        # The checklist, and out of band everything on the today page that depends on it.
        context = day_parts(request.user, day)
        context |= {"checklist": context["page"].checklists[period], "announce": True}
        return render(request, "journal/day.html#after-tick", context)
    return redirect(day_url(day, "morning" if period == "am" else "evening"))


@login_required
@require_POST
def add_application(request, day: dt.date):
    day = loggable_day(request, day)
    form = AdHocApplicationForm(request.POST, owner=request.user)
    if form.is_valid():
        application = form.save(commit=False)
        application.owner = request.user
        application.day = day
        application.save()
        messages.success(
            request,
            f"Logged {application.product} for the {application.get_period_display().lower()}.",
        )
        return redirect(day_url(day, "morning" if application.period == "am" else "evening"))
    return render_form(
        request, "journal/day.html", day_context(request, day, adhoc_form=form), form
    )


@login_required
@require_POST
def delete_application(request, application_id: int):
    application = get_object_or_404(Application, pk=application_id, owner=request.user)
    application.delete()
    messages.success(request, f"Removed {application.product} from {application.day:%-d %B}.")
    return redirect(day_url(application.day))


@login_required
@require_POST
def save_note(request: HtmxHttpRequest, day: dt.date):
    day = loggable_day(request, day)
    note = DayNote.objects.owned_by(request.user).filter(day=day).first()
    form = DayNoteForm(request.POST, instance=note or DayNote(owner=request.user, day=day))
    written_at = device_time(request.POST.get("at"), timezone.now())
    kept_newer = note is not None and is_outdated(written_at, note.written_at)
    if form.is_valid():
        if kept_newer:
            # Written before the note saved since (sent late, once the network returned):
            # the newer one stays, and the answer shows it (validating wrote the old values
            # onto the instance, so it is read again).
            note.refresh_from_db()
            form.instance = note
        else:
            # Another device may save this day's note at the same moment: update_or_create
            # retries as an update when the other one created the row first (last save wins).
            form.instance, _ = DayNote.objects.update_or_create(
                owner=request.user, day=day, defaults=form.cleaned_data | {"written_at": written_at}
            )
        if request.htmx:
            # The form, and on today's page the findings a note can change (MKP-1, EXT-1).
            is_today = day == request.user.local_today()
            context = day_parts(request.user, day) if is_today else {"page": {"day": day}}
            context |= {
                "note_form": DayNoteForm(instance=form.instance),
                "note_saved": not kept_newer,
                "note_kept_newer": kept_newer,
            }
            return render(request, "journal/day.html#after-note", context)
        if kept_newer:
            messages.info(request, "A newer version of this note was saved meanwhile: kept it.")
            return redirect(day_url(day, "note"))
        messages.success(request, "Day note saved.")
        return redirect(day_url(day, "note"))
    if request.htmx:
        return render(
            request, "journal/day.html#note", {"note_form": form, "page": {"day": day}}, status=400
        )
    return render_form(request, "journal/day.html", day_context(request, day, note_form=form), form)


def save_observation(form: ObservationForm) -> bool:
    """Save a valid observation form. False (with the form's error) when another device
    logged the same area on the same day since the form was checked: the answer is the same
    as if it had been there before, never a 500."""
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        form.add_error(None, ObservationForm.CLASH)
        return False
    return True


@login_required
@upload_limit(milia_form.FORM_UPLOAD_LIMIT)
@require_http_methods(["GET", "POST"])
def observation_new(request, day: dt.date):
    """ "Log milia": several areas at once, each with its symptoms and a photo."""
    day = loggable_day(request, day)
    posted = request.method == "POST"
    form = milia_form.LogMiliaForm(
        request.user, day, request.POST if posted else None, request.FILES if posted else None
    )
    refused = getattr(request, "upload_refused", None)  # set while the body streamed in
    if refused:
        form.errors.append(refused)
    elif posted and form.is_valid():
        saved = form.save()
        if saved is not None:
            logged = ", ".join(f"{o.count} on {o.place}" for o in saved)
            messages.success(request, f"Logged {logged}.")
            return redirect(day_url(day, "milia"))
    status = 400 if posted else 200
    return render(request, "journal/log_milia.html", {"form": form, "day": day}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def observation_edit(request, observation_id: int):
    observation = get_object_or_404(MiliaObservation, pk=observation_id, owner=request.user)
    form = ObservationForm(
        request.POST or None, instance=observation, owner=request.user, day=observation.day
    )
    if form.is_valid() and save_observation(form):
        messages.success(request, "Observation updated.")
        return redirect(day_url(observation.day, "milia"))
    return render_form(
        request,
        "journal/observation_form.html",
        {"form": form, "day": observation.day, "observation": observation},
    )


@login_required
@require_POST
def observation_delete(request, observation_id: int):
    observation = get_object_or_404(MiliaObservation, pk=observation_id, owner=request.user)
    observation.delete()
    messages.success(request, "Observation deleted.")
    return redirect(day_url(observation.day, "milia"))


@login_required
def observations(request):
    history = MiliaObservation.objects.owned_by(request.user).order_by("-day", "area")
    page = Paginator(history, 50).get_page(request.GET.get("page"))
    return render(request, "journal/observations.html", {"page_obj": page})


@login_required
def visits(request):
    history = DermatologistVisit.objects.owned_by(request.user)
    return render(request, "journal/visits.html", {"visits": history})


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request):
    form = VisitForm(
        request.POST or None,
        instance=DermatologistVisit(owner=request.user),
        owner=request.user,
        initial={"day": request.user.local_today()},
    )
    if form.is_valid():
        form.save()
        messages.success(request, "Visit saved.")
        return redirect("journal:visits")
    return render_form(request, "journal/visit_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request, visit_id: int):
    visit = get_object_or_404(DermatologistVisit, pk=visit_id, owner=request.user)
    form = VisitForm(request.POST or None, instance=visit, owner=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, "Visit updated.")
        return redirect("journal:visits")
    return render_form(request, "journal/visit_form.html", {"form": form, "visit": visit})


@login_required
@require_POST
def visit_delete(request, visit_id: int):
    visit = get_object_or_404(DermatologistVisit, pk=visit_id, owner=request.user)
    visit.delete()
    messages.success(request, "Visit deleted.")
    return redirect("journal:visits")


@login_required
@require_POST
def book_visit(request):
    """Record a booked dermatologist appointment: urgent findings turn calm until a few days
    after it. A second tap, or a second device, books the same day once."""
    today = request.user.local_today()
    form = BookedVisitForm(request.POST, today=today)
    if not form.is_valid():
        context = day_context(request, today, booking_form=form)
        return render_form(request, "journal/day.html", context, form)
    day = form.cleaned_data["day"]
    try:
        with transaction.atomic():
            mine = BookedVisit.objects.filter(owner=request.user, day__gte=today)
            mine.exclude(day=day).delete()
            BookedVisit.objects.get_or_create(owner=request.user, day=day)
    except IntegrityError:
        pass  # another device booked the same day at the same moment: it is booked either way
    messages.success(request, f"Visit booked for {day:%a %-d %b}. Log it once you have been.")
    return redirect(reverse("journal:today") + "#dermatologist")


@login_required
@require_POST
def cancel_booking(request):
    today = request.user.local_today()
    deleted, _ = BookedVisit.objects.filter(owner=request.user, day__gte=today).delete()
    if deleted:
        messages.info(request, "Booking removed.")
    return redirect(reverse("journal:today") + "#dermatologist")
