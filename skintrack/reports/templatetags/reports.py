from django import template

from skintrack.reports.forms import ReminderForm

register = template.Library()


@register.simple_tag(takes_context=True)
def reminder_form(context):
    """The morning email form for the settings page: the submitted one after an error
    (the reminders view passes it as `reminder_form`), the person's settings otherwise."""
    return context.get("reminder_form") or ReminderForm(instance=context["request"].user)
