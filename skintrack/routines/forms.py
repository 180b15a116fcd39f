import datetime as dt

from django import forms
from django.db.models import Q

from skintrack.journal.models import EARLIEST_DAY
from skintrack.routines.models import Period, Routine, RoutineStep, ScheduleKind
from skintrack.routines.schedule import WEEKDAY_NAMES
from skintrack.shelf.models import Product

# Which of the optional schedule fields each kind uses; the others are emptied.
SCHEDULE_FIELDS = {
    ScheduleKind.DAILY: (),
    ScheduleKind.WEEKDAYS: ("weekdays",),
    ScheduleKind.EVERY_N_DAYS: ("interval_days", "start_date"),
    ScheduleKind.TIMES_PER_WEEK: ("times_per_week",),
}
EMPTY_SCHEDULE = {"weekdays": [], "interval_days": None, "start_date": None, "times_per_week": None}


class WeekdaysField(forms.TypedMultipleChoiceField):
    """The JSON list of weekdays (0 = Monday), edited as one checkbox per day."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", list(enumerate(WEEKDAY_NAMES)))
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "On these days")
        super().__init__(**kwargs)

    def clean(self, value) -> list[int]:
        return sorted(set(super().clean(value)))


class RoutineForm(forms.ModelForm):
    period = forms.ChoiceField(label="When", choices=Period.choices, widget=forms.RadioSelect)

    class Meta:
        model = Routine
        fields = ("name", "period")
        help_texts = {"name": "For example “Everyday morning” or “Retinoid nights”."}
        widgets = {"period": forms.RadioSelect}
        error_messages = {"name": {"required": "Give the routine a name."}}


class RoutineRenameForm(forms.ModelForm):
    class Meta:
        model = Routine
        fields = ("name",)
        error_messages = {"name": {"required": "Give the routine a name."}}


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Product) -> str:
        return f"{obj} ({obj.get_category_display().lower()})"


class StepForm(forms.ModelForm):
    """A step of a routine. `owner`'s products on the shelf are the only choices (plus, when
    editing, the step's current product even if it has since been archived)."""

    product = ProductChoiceField(
        queryset=Product.objects.none(),
        empty_label="Choose a product",
        error_messages={"invalid_choice": "Select a valid choice: a product on your shelf."},
    )
    # The schedule fields are required for the kind that uses them; `clean` drops the ones
    # the chosen kind ignores, errors included.
    weekdays = WeekdaysField(required=True, error_messages={"required": "Pick at least one day."})
    interval_days = forms.IntegerField(
        label="Every how many days",
        min_value=2,
        max_value=60,
        error_messages={
            "required": "Say how many days apart: 2 to 60.",
            "min_value": "Pick a number from 2 to 60 (1 would be every day).",
            "max_value": "Pick a number from 2 to 60.",
        },
    )
    start_date = forms.DateField(
        label="Starting on",
        help_text="The first day it is due; then every N days after it.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Pick the first day it is due."},
    )
    times_per_week = forms.IntegerField(
        label="How many times a week",
        min_value=1,
        max_value=6,
        help_text="Spread over the week, never two nights running when there is room, and "
        "a retinoid never on your exfoliation night.",
        error_messages={
            "required": "Say how many times a week: 1 to 6.",
            "min_value": "Pick a number from 1 to 6.",
            "max_value": "Pick a number from 1 to 6 (7 would be every day).",
        },
    )

    effective_from = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date, like 2026-11-30."},
    )

    class Meta:
        model = RoutineStep
        fields = ("product", "area", *RoutineStep.SCHEDULE_FIELDS)
        labels = {"area": "Where", "schedule_kind": "How often"}
        widgets = {"area": forms.RadioSelect, "schedule_kind": forms.RadioSelect}

    def __init__(self, *args, owner, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        shelf = Q(archived=False)
        if self.instance.product_id:
            shelf |= Q(pk=self.instance.product_id)
        self.fields["product"].queryset = Product.objects.owned_by(owner).filter(shelf)
        if today is not None and not self.initial.get("start_date"):
            self.initial["start_date"] = today
        self.today = today or dt.date.today()
        self.initial.setdefault("effective_from", self.today)
        field = self.fields["effective_from"]
        if self.instance.pk:
            field.label = "These changes apply from"
            field.help_text = "Days before it keep the step as it was, so your history stays true."
        else:
            field.label = "In your routine from"
            field.help_text = "Today, or an earlier day if you already used it before."

    def clean_effective_from(self) -> dt.date:
        day = self.cleaned_data.get("effective_from") or self.today
        latest = self.today + dt.timedelta(days=1)
        if not EARLIEST_DAY <= day <= latest:
            raise forms.ValidationError(f"Pick a day from {EARLIEST_DAY:%-d %b %Y} up to tomorrow.")
        return day

    def clean(self):
        cleaned = super().clean()
        used = SCHEDULE_FIELDS.get(cleaned.get("schedule_kind"), ())
        # Fields the chosen kind ignores are emptied, and so are their errors: a value left in
        # a hidden field (e.g. "90 days" before switching to "every day") must not block.
        for name, empty in EMPTY_SCHEDULE.items():
            if name not in used:
                self._errors.pop(name, None)
                cleaned[name] = empty
        return cleaned


class StepMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class RelativeDayForm(forms.Form):
    """A day picked relative to today from a few named choices (an unknown or missing
    choice means `default`). Subclasses name the field and its choices."""

    name = ""
    days: dict[str, tuple[str, int]] = {}  # value -> (label, days from today)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.name] = forms.ChoiceField(
            choices=[(value, label) for value, (label, _) in self.days.items()],
            required=False,
            widget=forms.RadioSelect,
        )

    def day(self, today: dt.date, default: str) -> dt.date:
        choice = (self.cleaned_data.get(self.name) if self.is_valid() else "") or default
        return today + dt.timedelta(days=self.days[choice][1])


class LastDayForm(RelativeDayForm):
    """When something leaves the routine: its last day is today or yesterday."""

    name = "last_day"
    days = {"today": ("Today: I still use it today", 0), "yesterday": ("Yesterday", -1)}


class SwitchForm(RelativeDayForm):
    """When a routine takes over its period: from today or from tomorrow."""

    name = "first_day"
    days = {"today": ("Today", 0), "tomorrow": ("Tomorrow", 1)}

    def day(self, today: dt.date, default: str = "today") -> dt.date:
        return super().day(today, default)
