"""core/field.html states a free-text field's limit under it, and lets a text area take more than the limit so that
the form, not the browser, refuses an over-long text (a browser cuts pasted text at maxlength without a word)."""

import re

from django import forms
from django.template.loader import render_to_string
from django.utils import translation


class LimitsForm(forms.Form):
    name = forms.CharField(label="Nama", max_length=200)
    body = forms.CharField(label="Komentar", max_length=4000, widget=forms.Textarea)
    unit = forms.CharField(label="Satuan", max_length=40)
    email = forms.EmailField(label="Email")


def _render(form) -> str:
    return render_to_string("core/form_fields.html", {"form": form})


def _limits(html: str) -> list[str]:
    return re.findall(r'<p class="help help--limit">([^<]*)</p>', html)


def test_limits_are_stated_under_long_text_fields_indonesian_style():
    html = _render(LimitsForm())

    assert _limits(html) == ["Maks. 200 karakter", "Maks. 4.000 karakter"]


def test_limits_are_stated_the_english_way_in_english():
    with translation.override("en"):
        html = _render(LimitsForm())

    assert _limits(html) == ["At most 200 characters", "At most 4,000 characters"]


def test_text_area_has_no_browser_limit_but_a_single_line_keeps_it():
    html = _render(LimitsForm())

    assert (
        re.search(r"<textarea[^>]*>", html).group(0)
        == '<textarea name="body" cols="40" rows="10" required id="id_body">'
    )
    assert re.search(r'<input[^>]*name="name"[^>]*>', html).group(0) == (
        '<input type="text" name="name" maxlength="200" required id="id_name">'
    )


def test_over_long_text_is_refused_with_the_limit_and_kept():
    form = LimitsForm({"name": "Sari", "body": "x" * 4001, "unit": "%", "email": "sari@example.test"})

    html = _render(form)

    assert form.errors == {
        "body": ["Pastikan nilai ini mengandung paling banyak 4000 karakter (sekarang 4001 karakter)."]
    }
    assert f"\n{'x' * 4001}</textarea>" in html
