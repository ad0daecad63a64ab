"""The secretariat's set-up of letters: the template of each kind (with the placeholders it may name beside the
form) and the number registers (kind, year, pattern, with the next number as a preview). Neither belongs to a
region, so the permission alone decides (403); an unknown kind or register answers 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kotacerdas.core.concurrency import StaleEditError
from kotacerdas.core.permissions import permission_required
from kotacerdas.letters import services
from kotacerdas.letters.forms import RegisterForm, TemplateForm, next_number, preview_date
from kotacerdas.letters.models import Letter, LetterKind, LetterTemplate, NumberRegister
from kotacerdas.letters.placeholders import PLACEHOLDERS

MANAGE = "letters.manage_letters"


def _context(**extra):
    return {"nav_active": "letters", **extra}


# ---------------------------------------------------------------------------------------------------------
# Templates


@permission_required(MANAGE)
def template_list(request):
    templates = {t.kind: t for t in LetterTemplate.objects.all()}
    rows = [(value, label, templates.get(value)) for value, label in LetterKind.choices]
    return render(request, "letters/template_list.html", _context(rows=rows))


@permission_required(MANAGE)
def template_edit(request, kind):
    if kind not in LetterKind.values:
        raise Http404
    template = LetterTemplate.objects.filter(kind=kind).first() or LetterTemplate(kind=kind)
    form = TemplateForm(request.POST or None, instance=template, kind=kind)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_template(
                    form.instance,
                    changed=[name for name in form.changed_data if name in form._meta.fields],
                    fields=list(form._meta.fields),
                    expected_revision=form.cleaned_data.get("revision") or 0,
                    by=request.user,
                )
            except StaleEditError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("The template was saved."))
                return redirect("letters:templates")
        else:
            status = 400
    drafts = Letter.objects.filter(kind=kind, status="draft").count() if template.pk else 0
    return render(
        request,
        "letters/template_form.html",
        _context(
            form=form,
            kind=kind,
            kind_label=LetterKind(kind).label,
            template=template,
            placeholders=sorted(PLACEHOLDERS.get(kind, {}).items()),
            drafts=drafts,
        ),
        status=status,
    )


# ---------------------------------------------------------------------------------------------------------
# Number registers


@permission_required(MANAGE)
def register_list(request):
    registers = list(NumberRegister.objects.order_by("-year", "kind"))
    # Patterns and numbers split at their slashes, so a phone may break the line there.
    rows = [(r, r.pattern.split("/"), next_number(r).split("/"), preview_date(r.year)) for r in registers]
    return render(request, "letters/register_list.html", _context(rows=rows))


def _register_page(request, form, register=None):
    status = 200
    if request.method == "POST":
        if "preview" not in request.POST and form.is_valid():
            services.save_register(form.instance, by=request.user)
            messages.success(request, _("The number register was saved."))
            return redirect("letters:registers")
        if "preview" not in request.POST:
            status = 400
        else:
            form.is_valid()  # show what is wrong with the pattern beside the preview
    return render(
        request,
        "letters/register_form.html",
        _context(form=form, register=register, preview=form.preview()),
        status=status,
    )


@permission_required(MANAGE)
def register_create(request):
    return _register_page(request, RegisterForm(request.POST or None))


@permission_required(MANAGE)
def register_edit(request, pk):
    register = get_object_or_404(NumberRegister, pk=pk)
    return _register_page(request, RegisterForm(request.POST or None, instance=register), register)
