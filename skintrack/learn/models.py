from django.db import models


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
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


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
    title = models.CharField(max_length=200)
    url = models.URLField(unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title
