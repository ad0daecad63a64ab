from django import template

from kotacerdas.core.hints import empty_hint as _empty_hint

register = template.Library()


@register.filter
def empty_hint(bound_field):
    """``{% with hint=field|empty_hint %}``: why a choice field has no option and where to make one."""
    return _empty_hint(bound_field)
