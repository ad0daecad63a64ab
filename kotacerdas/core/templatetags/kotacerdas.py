from django import template
from django.utils import formats

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
def attr(obj, name):
    """``{{ row|attr:"get_kind_display" }}``: an attribute, called if it is a method; "—" when empty."""
    value = getattr(obj, name, None)
    if callable(value):
        value = value()
    return "—" if value in (None, "") else value


@register.filter
def verbose_name_plural(model):
    return model._meta.verbose_name_plural


@register.filter
def lookup(mapping, key):
    """``{{ forms|lookup:kind.key }}``: a dictionary entry, or None."""
    return mapping.get(key) if isinstance(mapping, dict) else None
