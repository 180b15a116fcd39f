from django import forms
from django.contrib import admin
from django.db.models import Count, Q

from skintrack.routines.forms import WeekdaysField
from skintrack.routines.models import Routine, RoutineStep


class RoutineStepAdminForm(forms.ModelForm):
    weekdays = WeekdaysField(help_text="Only for “On chosen weekdays”.")

    class Meta:
        model = RoutineStep
        fields = (
            "routine",
            "product",
            "position",
            "area",
            *RoutineStep.SCHEDULE_FIELDS,
            "starts_on",
            "ends_on",
            "archived",
        )

    def clean(self):
        cleaned = super().clean()
        product = cleaned.get("product")
        routine = cleaned.get("routine") or getattr(self.instance, "routine", None)
        if product and routine and product.owner_id != routine.owner_id:
            self.add_error("product", "This product is on someone else’s shelf.")
        return cleaned


class RoutineStepInline(admin.TabularInline):
    model = RoutineStep
    form = RoutineStepAdminForm
    fields = (
        "position",
        "product",
        "area",
        "schedule_kind",
        "weekdays",
        "interval_days",
        "start_date",
        "times_per_week",
        "archived",
    )
    ordering = ("archived", "position", "id")
    raw_id_fields = ("product",)
    extra = 0


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "period", "is_active", "archived", "step_count")
    list_filter = ("period", "is_active", "archived")
    search_fields = ("name", "owner__username")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    readonly_fields = ("created_at",)
    inlines = (RoutineStepInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(step_count=Count("steps", filter=Q(steps__archived=False)))
        )

    @admin.display(description="steps", ordering="step_count")
    def step_count(self, routine: Routine) -> int:
        return routine.step_count


@admin.register(RoutineStep)
class RoutineStepAdmin(admin.ModelAdmin):
    form = RoutineStepAdminForm
    list_display = (
        "product",
        "routine",
        "owner",
        "position",
        "area",
        "how_often",
        "starts_on",
        "ends_on",
        "archived",
    )
    list_filter = ("schedule_kind", "area", "archived", "routine__period")
    search_fields = ("product__name", "product__brand", "routine__name", "routine__owner__username")
    list_select_related = ("product", "routine__owner")
    raw_id_fields = ("routine", "product")

    @admin.display(description="owner", ordering="routine__owner__username")
    def owner(self, step: RoutineStep):
        return step.routine.owner

    @admin.display(description="how often")
    def how_often(self, step: RoutineStep) -> str:
        return step.schedule.describe()
