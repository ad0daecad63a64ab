import hashlib

from django import template
from django.core.cache import caches
from django.template.defaulttags import CsrfTokenNode
from django.utils import formats, translation

from kotacerdas.core.cache import LOCAL_STATE_SECONDS

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


@register.tag("statepart")
def do_statepart(parser, token):
    """``{% statepart state extra … %}…{% endstatepart %}``: the enclosed template rendered once per ``state``,
    extra values (a name for the part, what else it shows) and language, and kept in this process's memory.

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
        local = caches["local"]
        html = local.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if "csrfmiddlewaretoken" in html:  # from an included template, which the parser could not see
                raise template.TemplateSyntaxError(CSRF_IN_STATEPART)
            local.set(key, html, LOCAL_STATE_SECONDS)
        return html
