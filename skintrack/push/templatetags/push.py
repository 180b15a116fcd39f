from django import template

from skintrack.push.forms import ReminderTimesForm

register = template.Library()


@register.simple_tag(takes_context=True)
def reminder_times_form(context):
    """The submitted form after an error (the view passes it as `push_form`), else the
    person's settings."""
    return context.get("push_form") or ReminderTimesForm(instance=context["request"].user)
