"""The person's API tokens: create (the token is shown once), list, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kotacerdas.api import services
from kotacerdas.api.forms import TokenForm
from kotacerdas.api.models import ApiToken

MAX_ACTIVE_TOKENS = 10


@never_cache
@login_required
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


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    if not request.user.has_perm("api.revoke_token", token):
        raise PermissionDenied
    services.revoke_token(token, by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:tokens")
