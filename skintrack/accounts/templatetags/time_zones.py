from django import template

from skintrack.accounts import zones

register = template.Library()


@register.filter
def zone_label(name: str) -> str:
    """ "New York" for America/New_York."""
    return zones.label(name)


@register.simple_tag
def zone_names(name: str) -> str:
    """The zone and its old names, space-separated (compared with the browser's zone)."""
    return " ".join(zones.names_for(name))
