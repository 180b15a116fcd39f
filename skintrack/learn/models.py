import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class LearnPage(models.Model):
    """A page of the public Learn section, written in Markdown by staff."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(max_length=240)
    body = models.TextField(help_text="Markdown. Scripts and unsafe HTML are removed on display.")
    order = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=True)
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="The day an editor last checked this page against its sources. Shown on "
        "the page as “Last reviewed”; leave it empty until someone has.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        # A day or so of slack: an editor east of the server's clock may already be on tomorrow.
        if self.last_reviewed and self.last_reviewed > timezone.localdate() + dt.timedelta(days=1):
            raise ValidationError({"last_reviewed": "A review date can’t be in the future."})


class Treatment(models.Model):
    """A professional treatment shown in the Learn section's table."""

    name = models.CharField(max_length=80, unique=True)
    what_it_is = models.TextField()
    performed_by = models.CharField(max_length=120)
    risks = models.TextField("risks and side effects")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class FaqEntry(models.Model):
    question = models.CharField(max_length=200)
    answer = models.TextField(help_text="Markdown.")
    order = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question


class Reference(models.Model):
    """A page elsewhere, written by clinicians or a health service, that a Learn page points
    to for further reading. Only its title and address are kept, never its text."""

    title = models.CharField(max_length=200, help_text="The page's own title, as it is there.")
    publisher = models.CharField(
        max_length=80,
        blank=True,
        help_text="Who wrote it, e.g. “NHS”, “DermNet”, “American Academy of Dermatology”.",
    )
    url = models.URLField(unique=True)
    pages = models.ManyToManyField(
        LearnPage,
        related_name="references",
        blank=True,
        help_text="The Learn pages that list it under “Further reading”.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title
