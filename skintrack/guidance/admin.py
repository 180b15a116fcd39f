from django.contrib import admin

from skintrack.guidance.models import RuleThresholds


@admin.register(RuleThresholds)
class RuleThresholdsAdmin(admin.ModelAdmin):
    """The one row of numbers the guidance rules use; it can be changed, never removed."""

    list_display = ("__str__", "updated_at")
    readonly_fields = ("updated_at",)
    fieldsets = (
        (
            "EXF-1 · exfoliations in a week",
            {"fields": ("max_exfoliations_per_week",)},
        ),
        (
            "DRM-2 · milia that persist",
            {"fields": ("persistence_days", "visit_snooze_days")},
        ),
        (
            "DRM-3 · a sudden rise in milia",
            {"fields": ("sudden_increase", "sudden_increase_window_days")},
        ),
        (
            "RSK-1 · corticosteroid cream",
            {
                "fields": ("corticosteroid_days", "corticosteroid_window_days"),
                "description": "The days can’t be more than the window.",
            },
        ),
        (
            "PRD-1 and CLN-1 · products that may clog",
            {"fields": ("comedogenic_rating", "eye_area_recent_days")},
        ),
        ("Last change", {"fields": ("updated_at",)}),
    )

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not RuleThresholds.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# DismissedFinding is a person's own data, like their journal: it has no admin page.
