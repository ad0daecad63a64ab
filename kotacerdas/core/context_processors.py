from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def navigation(request):
    """Menu entries for the signed-in user's roles; the public menu otherwise."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        items.append((_("Dashboard"), reverse("portal:dashboard"), "dashboard"))
        items.append((_("Cohorts"), reverse("programmes:cohort_list"), "cohorts"))
        items.append((_("Masterplans"), reverse("masterplans:list"), "masterplans"))
        items.append((_("Monitoring"), reverse("monitoring:home"), "monitoring"))
    items.append((_("Regions"), reverse("portal:region_directory"), "regions"))
    items.append((_("Map"), reverse("portal:national_dashboard"), "national"))
    if not (user is not None and user.is_authenticated):
        # The public's menu; signed-in staff reach these from the home page (their menu is full).
        items.append((_("Quick wins"), reverse("portal:quick_wins"), "quick_wins"))
        items.append((_("News"), reverse("news:post_list"), "news"))
    items.append((_("Framework"), reverse("framework:version_list"), "framework"))
    if user is not None and user.is_authenticated and user.is_secretariat:
        items.append((_("Evaluation"), reverse("evaluations:event_list"), "evaluation"))
        # News management leads to the moderation queue of comments and quick-win feedback.
        items.append((_("News"), reverse("news:post_manage"), "news"))
        items.append((_("Users"), reverse("accounts:user_list"), "users"))
        items.append((_("Audit trail"), reverse("portal:audit_log"), "audit"))
    elif user is not None and user.is_authenticated and user.is_evaluator:
        items.append((_("My sessions"), reverse("evaluations:my_sessions"), "evaluation"))
    return {"nav_items": items, "today": timezone.localdate()}
