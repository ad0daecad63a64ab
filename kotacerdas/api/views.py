"""The person's API tokens: create (the token is shown once), list, revoke."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kotacerdas.api import services
from kotacerdas.api.forms import TokenForm
from kotacerdas.api.models import ApiToken
from kotacerdas.core import confirm
from kotacerdas.core.permissions import SIGNED_IN, permission_required

MAX_ACTIVE_TOKENS = 10


@never_cache
@permission_required(SIGNED_IN)
def tokens(request):
    """GET lists the user's tokens; POST creates one and shows it once."""
    form = TokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if request.user.api_tokens.active().count() >= MAX_ACTIVE_TOKENS:
            form.add_error(
                None, _("You have %(n)s active tokens; revoke one first.") % {"n": MAX_ACTIVE_TOKENS}
            )
        if form.is_valid():
            _token, created = services.create_token(
                request.user, name=form.cleaned_data["name"], by=request.user
            )
            form = TokenForm()
        else:
            status = 400
    context = {
        "form": form,
        "created": created,
        "tokens": request.user.api_tokens.all(),
    }
    return render(request, "api/tokens.html", context, status=status)


def _own_token(request, pk):
    """Finder (core/permissions.py): another person's token answers 404, as if it did not exist."""
    return get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)


@never_cache
@permission_required("api.revoke_token", fetch=_own_token)
@require_http_methods(["GET", "POST"])  # a GET shows the confirmation page (core/confirm.py)
def token_revoke(request, token):
    if not confirm.is_confirmed(request):
        n_left = request.user.api_tokens.active().exclude(pk=token.pk).count()
        last_used = (
            _("It was last used on %(when)s.")
            % {"when": formats.date_format(token.last_used_at, "j F Y H:i")}
            if token.last_used_at
            else _("It has never been used.")
        )
        return confirm.ask(
            request,
            title=_("Revoke the token “%(name)s”?") % {"name": token.name},
            action=_("revoke it"),
            consequences=[
                _("Programs that send the token beginning with %(prefix)s are refused from now on.")
                % {"prefix": token.prefix},
                last_used,
                ngettext("You keep %(count)s active token.", "You keep %(count)s active tokens.", n_left)
                % {"count": n_left},
            ],
            refusal="" if token.is_active else _("This token is already revoked."),
            cancel_url=reverse("api:tokens"),
        )
    services.revoke_token(token, by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:tokens")
