from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kotacerdas.accounts.forms import EmailAuthenticationForm, UserForm
from kotacerdas.accounts.models import User
from kotacerdas.accounts.services import create_user_account, roles_text, update_user_account


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def _require_manager(request):
    if not request.user.has_perm("accounts.manage_users"):
        raise PermissionDenied


@login_required
def user_list(request):
    _require_manager(request)
    users = User.objects.all()
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    role = request.GET.get("role", "")
    if role in {"is_secretariat", "is_mentor", "is_evaluator"}:
        users = users.filter(**{role: True})
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "query": query, "role": role})


@login_required
def user_create(request):
    _require_manager(request)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = create_user_account(form.save(commit=False), by=request.user, request=request)
        messages.success(request, _("Account created. An invitation to set a password was e-mailed."))
        return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_edit(request, pk):
    _require_manager(request)
    user = get_object_or_404(User, pk=pk)
    if (user.is_superuser or user.is_staff) and not request.user.is_superuser:
        # Otherwise a secretariat officer could change an administrator's e-mail and reset its password.
        raise Http404
    previous_roles = roles_text(user)
    form = UserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        update_user_account(form.save(commit=False), by=request.user, previous_roles=previous_roles)
        messages.success(request, _("Account saved."))
        return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "account": user})
