from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.html import format_html_join

from skintrack.accounts.models import User

# What a person logged, counted per kind: the only view of their journal the admin has.
JOURNAL_COUNTS = (
    ("applications", "applications"),
    ("day_notes", "day notes"),
    ("observations", "milia observations"),
    ("visits", "dermatologist visits"),
    ("photos", "photos"),
    ("dismissed_findings", "dismissed reminders"),
)


@admin.register(User)
class PersonAdmin(UserAdmin):
    list_display = ("username", "email", "time_zone", "is_staff", "date_joined", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("username", "email")
    readonly_fields = ("journal_counts",)
    fieldsets = UserAdmin.fieldsets + (
        ("Profile", {"fields": ("time_zone",)}),
        (
            "Their journal",
            {
                "fields": ("journal_counts",),
                "description": "Counts only: what a person logs is theirs alone.",
            },
        ),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (("Profile", {"fields": ("time_zone",)}),)

    @admin.display(description="entries")
    def journal_counts(self, person: User):
        if not person.pk:
            return "—"
        rows = [(getattr(person, name).count(), label) for name, label in JOURNAL_COUNTS]
        return format_html_join(", ", "{} {}", rows)
