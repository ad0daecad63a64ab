import hashlib
from decimal import Decimal

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils import formats, translation

from kotacerdas.core import numbers_format
from kotacerdas.core.cache import render_once_per_state

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


def _places(arg):
    """A filter's argument: ``2`` exactly two places, ``-2`` at most two (trailing zeros dropped), none: what
    the value needs (at most four)."""
    if arg in (None, ""):
        return None, numbers_format.MAX_PLACES
    places = int(arg)
    return (None, -places) if places < 0 else (places, numbers_format.MAX_PLACES)


@register.filter
def number(value, arg=None):
    """``{{ v|number }}`` ``1.785`` / ``55`` (from 55.0000), ``{{ v|number:2 }}`` ``0,00``, ``{{ v|number:"-2" }}``
    at most two places; "–" when there is no value. The active language's separators (core/numbers_format.py)."""
    places, most = _places(arg)
    return numbers_format.format_number(value, places, max_places=most)


@register.filter
def percent(value, arg=0):
    """``{{ 30|percent }}`` ``30%``; the argument is the number of places as for ``number``."""
    places, most = _places(arg)
    return numbers_format.format_percent(value, places, max_places=min(most, 2))


@register.filter
def ratio_percent(value, arg=0):
    """``{{ 0.3|ratio_percent }}`` ``30%``: a fraction as a percentage."""
    places, most = _places(arg)
    return numbers_format.format_percent(value, places, ratio=True, max_places=min(most, 2))


@register.filter
def measure(value, unit=""):
    """``{{ v.value|measure:indicator.unit }}`` ``45,5 km²``, ``59%``; "–" when there is no value."""
    return numbers_format.format_measure(value, unit)


@register.filter
def rupiah(value):
    """``{{ 338500000|rupiah }}`` ``Rp 338.500.000``; "–" when there is no value."""
    return numbers_format.format_rupiah(value)


@register.filter(expects_localtime=True)
def clock(value):
    """``{{ session.starts|clock }}`` ``14.45`` (Indonesian) or ``14:45`` (English)."""
    return numbers_format.format_clock(value)


@register.filter(expects_localtime=True)
def when(value, arg="j F Y H:i"):
    """``{{ c.created_at|when:"j M Y H:i" }}``: Django's ``date`` filter with the clock in the active language
    (``13 Des 2018 14.45`` / ``13 Dec 2018 14:45``)."""
    return numbers_format.format_when(value, arg)


@register.filter
def attr(obj, name):
    """``{{ row|attr:"get_kind_display" }}``: an attribute, called if it is a method; "—" when empty. A decimal
    number is written in the active language (``1.300.000``, ``45,5``), since a later ``|linebreaksbr`` would print
    it raw (``1300000.00``); whole numbers such as years stay as they are."""
    value = getattr(obj, name, None)
    if callable(value):
        value = value()
    if isinstance(value, Decimal | float):
        return numbers_format.format_number(value)
    return "—" if value in (None, "") else value


@register.filter
def verbose_name_plural(model):
    return model._meta.verbose_name_plural


@register.filter
def lookup(mapping, key):
    """``{{ forms|lookup:kind.key }}``: a dictionary entry, or None."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.tag("statepart")
def do_statepart(parser, token):
    """``{% statepart state extra … %}…{% endstatepart %}``: the enclosed template rendered once per ``state``,
    extra values (a name for the part, what else it shows) and language, and kept in the shared cache
    and in this process's memory (``core.cache.render_once_per_state``).

    For parts of a page that are the same for everyone who may see it, as long as what they show has not changed:
    ``state`` must name that state (a frozen masterplan's key changes with its status, see
    ``Masterplan.frozen_state``), so a kept copy is not stale. Nothing in it may depend on who is looking
    (forms with their CSRF token stay outside; the tag refuses a token). A false ``state`` (something still
    being edited) renders the part every time. Lazy querysets inside the part are not evaluated when it is kept.
    """
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("statepart takes at least a state")
    nodelist = parser.parse(("endstatepart",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError(CSRF_IN_STATEPART)
    return StatePartNode(nodelist, [parser.compile_filter(bit) for bit in bits])


# A kept part is shown to other users: a CSRF token in it would hand one user's token to everyone else.
CSRF_IN_STATEPART = (
    "a {% statepart %} is shared by users and must not hold a {% csrf_token %} (forms stay outside)"
)


class StatePartNode(template.Node):
    def __init__(self, nodelist, vary_on):
        self.nodelist, self.vary_on = nodelist, vary_on

    def render(self, context):
        values = [v.resolve(context) for v in self.vary_on]
        if not values[0]:
            return self.nodelist.render(context)
        raw = "\x1f".join(str(v) for v in [*values, translation.get_language()])
        key = "statepart:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()

        def render():
            html = self.nodelist.render(context)
            if "csrfmiddlewaretoken" in html:  # from an included template, which the parser could not see
                raise template.TemplateSyntaxError(CSRF_IN_STATEPART)
            return html

        return render_once_per_state(key, render)
