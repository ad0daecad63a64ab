from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def long_date(value):
    """A date with its weekday in the active language: "Kamis, 13 Desember 2018"."""
    if not value:
        return ""
    return formats.date_format(value, "l, j F Y")


@register.filter
def date_range(start, end):
    if not start:
        return ""
    if not end or end == start:
        return formats.date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{formats.date_format(end, 'j F Y')}"
    return f"{formats.date_format(start, 'j F Y')} – {formats.date_format(end, 'j F Y')}"


@register.filter
def get_item(mapping, key):
    return getattr(mapping, key, None) if not isinstance(mapping, dict) else mapping.get(key)


@register.simple_tag
def demo_badge():
    return _("demo data")
