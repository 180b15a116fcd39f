from django import template

from skintrack.reports.forms import ReminderForm

register = template.Library()


@register.simple_tag(takes_context=True)
def reminder_form(context):
    """The morning email form for the settings page: the submitted one after an error
    (the reminders view passes it as `reminder_form`), the person's settings otherwise."""
    return context.get("reminder_form") or ReminderForm(instance=context["request"].user)


# The report speaks about the person, not to them: each rule's finding under a neutral name.
CLINICAL_TITLES = {
    "EXF-1": "Chemical exfoliation frequency",
    "EXF-2": "Exfoliation on consecutive days",
    "EXF-3": "Abrasive scrub used",
    "RET-1": "Retinoid applied in the morning",
    "RET-2": "No sunscreen the morning after a retinoid night",
    "CNF-1": "Retinoid and exfoliant on the same evening",
    "SUN-1": "Sunscreen not used every morning",
    "CLN-1": "Cleanser may be comedogenic or abrasive",
    "PRD-1": "Product in use may be comedogenic or heavy",
    "MKP-1": "Makeup not removed before bed",
    "EXT-1": "Attempted home extraction",
    "DRM-1": "Symptoms noted: pain, itching or signs of inflammation",
    "DRM-2": "Milia persisting",
    "DRM-3": "Sudden increase in count",
    "DRM-4": "Milia in an unusual location",
    "RSK-1": "Prolonged topical corticosteroid use",
    "RSK-2": "Secondary milia (after skin damage)",
}


@register.filter
def clinical_title(rule_id: str, fallback: str = "") -> str:
    return CLINICAL_TITLES.get(rule_id, fallback)


@register.filter
def clinical(label: str) -> str:
    """An evidence line about the person, not to them: "Your cheeks: pain" -> "Cheeks: pain",
    "The skin under your eyes" -> "The skin under the eyes"."""
    if label.startswith("Your "):
        label = label[len("Your ") :]
        label = label[:1].upper() + label[1:]
    return label.replace(" your ", " the ")


@register.simple_tag(takes_context=True)
def share_links(context):
    """The person's report links for the settings page, with their openings."""
    from skintrack.reports.share import link_rows

    return link_rows(context["request"].user)
