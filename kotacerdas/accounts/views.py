from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kotacerdas.accounts.forms import EmailAuthenticationForm, UserForm
from kotacerdas.accounts.models import User
from kotacerdas.accounts.services import (
    accounts_editable_by,
    create_user_account,
    roles_text,
    update_user_account,
)
from kotacerdas.core.permissions import permission_required


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@permission_required("accounts.manage_users")
def user_list(request):
    users = User.objects.all()
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    role = request.GET.get("role", "")
    if role in {"is_secretariat", "is_mentor", "is_evaluator"}:
        users = users.filter(**{role: True})
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "query": query, "role": role})


@permission_required("accounts.manage_users")
def user_create(request):
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = create_user_account(form.save(commit=False), by=request.user, request=request)
        messages.success(request, _("Account created. An invitation to set a password was e-mailed."))
        return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@permission_required("accounts.manage_users")
def user_edit(request, pk):
    # Only after the permission: a user without it gets 403 for every account, whether it exists or not.
    user = get_object_or_404(accounts_editable_by(request.user), pk=pk)
    previous_roles = roles_text(user)
    form = UserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        update_user_account(form.save(commit=False), by=request.user, previous_roles=previous_roles)
        messages.success(request, _("Account saved."))
        return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "account": user})
