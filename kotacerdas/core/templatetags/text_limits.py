"""Free text and its limit (issue 16 §4): ``{{ field|whole_text }}`` renders a field's widget; a text area
without the browser's ``maxlength``.

A browser cuts text pasted into a text area at ``maxlength`` without a word, so the end of a long comment would
be lost unseen. Without it, an over-long text reaches the form, which refuses it with a message stating the
limit and shows the whole text again to shorten. core/field.html states the limit under the field.
"""

import copy

from django import forms, template

register = template.Library()


@register.filter
def whole_text(bound_field):
    widget = bound_field.field.widget
    if not isinstance(widget, forms.Textarea) or "maxlength" not in widget.attrs:
        return bound_field
    widget = copy.copy(widget)
    widget.attrs = {key: value for key, value in widget.attrs.items() if key != "maxlength"}
    return bound_field.as_widget(widget=widget)
