from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from skintrack.learn.markdown import render_markdown
from skintrack.learn.models import FaqEntry, LearnPage, Reference, Treatment
from skintrack.learn.views import RESERVED_SLUGS

MARKDOWN_HELP = (
    "Markdown: a blank line between paragraphs, “## Heading” for a heading, “- ” for a list "
    "item, **bold**, [link text](https://…). Scripts, styles and unsafe links are removed "
    "when the page is shown."
)


def preview_url(page: LearnPage) -> str:
    return reverse("learn:page", kwargs={"slug": page.slug}) + "?preview=1"


class LearnPageAdminForm(forms.ModelForm):
    class Meta:
        model = LearnPage
        fields = ("title", "slug", "summary", "body", "order", "published", "last_reviewed")

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(f"“{slug}” is the address of another Learn page.")
        return slug


@admin.register(LearnPage)
class LearnPageAdmin(admin.ModelAdmin):
    form = LearnPageAdminForm
    list_display = (
        "title",
        "slug",
        "order",
        "published",
        "last_reviewed",
        "updated_at",
        "preview_link",
    )
    list_editable = ("order", "published")
    list_filter = ("published",)
    search_fields = ("title", "slug", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("preview_link", "rendered_body", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "order", "published")}),
        ("Body", {"fields": ("body",), "description": MARKDOWN_HELP}),
        (
            "Review",
            {
                "fields": ("last_reviewed",),
                "description": "Set this when you have checked the page against its further "
                "reading (see References). Readers see it under the title.",
            },
        ),
        ("How it reads", {"fields": ("preview_link", "rendered_body", "updated_at")}),
    )

    def view_on_site(self, page: LearnPage) -> str:
        """“View on site” opens the page in preview, so drafts can be checked too."""
        return preview_url(page)

    @admin.display(description="preview")
    def preview_link(self, page: LearnPage):
        if not page.pk:
            return "Save the page to preview it."
        label = "View on site" if page.published else "Preview (not published)"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', preview_url(page), label
        )

    @admin.display(description="body as shown")
    def rendered_body(self, page: LearnPage):
        if not page.pk:
            return "Save the page to see its body as visitors will."
        return format_html("<div>{}</div>", render_markdown(page.body))


@admin.register(Treatment)
class TreatmentAdmin(admin.ModelAdmin):
    list_display = ("name", "performed_by", "order")
    list_editable = ("order",)
    search_fields = ("name", "what_it_is", "performed_by", "risks")


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ("question", "order", "published")
    list_editable = ("order", "published")
    list_filter = ("published",)
    search_fields = ("question", "answer")


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "url", "order")
    list_editable = ("order",)
    list_filter = ("publisher", "pages")
    search_fields = ("title", "publisher", "url")
    filter_horizontal = ("pages",)
