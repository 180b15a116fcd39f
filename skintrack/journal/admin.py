from django.contrib import admin

from skintrack.journal.models import (
    Application,
    DayNote,
    DermatologistVisit,
    MiliaObservation,
    ObservationPhoto,
)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("day", "period", "product", "owner", "area", "step")
    list_filter = ("period", "area", "product__category")
    search_fields = ("owner__username", "product__name")
    date_hierarchy = "day"
    list_select_related = ("owner", "product", "step__product")
    raw_id_fields = ("owner", "product", "step")


@admin.register(DayNote)
class DayNoteAdmin(admin.ModelAdmin):
    list_display = (
        "day",
        "owner",
        "makeup_worn",
        "makeup_removed",
        "sun_exposure",
        "steamed",
        "tried_extraction",
    )
    list_filter = ("makeup_worn", "makeup_removed", "tried_extraction", "steamed")
    search_fields = ("owner__username", "notes")
    date_hierarchy = "day"
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)


@admin.register(MiliaObservation)
class MiliaObservationAdmin(admin.ModelAdmin):
    list_display = ("day", "owner", "area", "area_other", "count", "milia_type", "symptom_list")
    list_filter = ("area", "milia_type", "pain", "redness", "swelling", "pus")
    search_fields = ("owner__username", "area_other", "notes")
    date_hierarchy = "day"
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)

    @admin.display(description="symptoms")
    def symptom_list(self, observation):
        return ", ".join(observation.symptoms) or "—"


@admin.register(DermatologistVisit)
class DermatologistVisitAdmin(admin.ModelAdmin):
    list_display = ("day", "owner", "treatment")
    list_filter = ("treatment",)
    search_fields = ("owner__username", "notes")
    date_hierarchy = "day"
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)


@admin.register(ObservationPhoto)
class ObservationPhotoAdmin(admin.ModelAdmin):
    """Metadata only: the pictures themselves are served to their owner alone."""

    list_display = ("created_at", "owner", "observation", "width", "height")
    search_fields = ("owner__username",)
    list_select_related = ("owner", "observation")
    raw_id_fields = ("owner", "observation")
    readonly_fields = ("image", "thumbnail", "width", "height", "created_at")
