from django import template

from kotacerdas.news.markup import plain_text, render_markup

register = template.Library()


@register.filter
def markup(text):
    """A post's text as HTML from the safe Markdown subset (news/markup.py): HTML in the text stays text."""
    return render_markup(text)


@register.filter
def plain(text):
    """A post's text without markup signs, for summaries (autoescaped by the template as usual)."""
    return plain_text(text)


@register.filter
def stars(value):
    """3 → "★★★☆☆"."""
    try:
        n = max(0, min(5, int(value)))
    except (TypeError, ValueError):
        n = 0
    return "★" * n + "☆" * (5 - n)
