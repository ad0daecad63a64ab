from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


def _menu_of(user) -> str:
    """Which menu a visitor gets: it depends only on these roles (base.html keeps one rendering of each)."""
    if user is None or not user.is_authenticated:
        return "public"
    if user.is_secretariat:
        return "secretariat"
    return "evaluator" if user.is_evaluator else "staff"


def _menu_items(menu: str) -> list[tuple]:
    items = []
    if menu != "public":
        items.append((_("Dashboard"), reverse("portal:dashboard"), "dashboard"))
        items.append((_("Cohorts"), reverse("programmes:cohort_list"), "cohorts"))
        items.append((_("Masterplans"), reverse("masterplans:list"), "masterplans"))
        items.append((_("Bimtek"), reverse("bimtek:home"), "bimtek"))
        items.append((_("Monitoring"), reverse("monitoring:home"), "monitoring"))
    items.append((_("Regions"), reverse("portal:region_directory"), "regions"))
    items.append((_("Map"), reverse("portal:national_dashboard"), "national"))
    if menu == "public":
        # The public's menu; signed-in staff reach these from the home page (their menu is full).
        items.append((_("Quick wins"), reverse("portal:quick_wins"), "quick_wins"))
        items.append((_("News"), reverse("news:post_list"), "news"))
    items.append((_("Framework"), reverse("framework:version_list"), "framework"))
    if menu == "secretariat":
        items.append((_("Evaluation"), reverse("evaluations:event_list"), "evaluation"))
        items.append((_("Agreements"), reverse("programmes:agreement_register"), "agreements"))
        items.append((_("Letters"), reverse("letters:home"), "letters"))
        # News management leads to the moderation queue of comments and quick-win feedback.
        items.append((_("News"), reverse("news:post_manage"), "news"))
        items.append((_("Users"), reverse("accounts:user_list"), "users"))
        items.append((_("Audit trail"), reverse("portal:audit_log"), "audit"))
    elif menu == "evaluator":
        items.append((_("My sessions"), reverse("evaluations:my_sessions"), "evaluation"))
    else:
        # A region's team reads the signed letters addressed to its region there (letters/rules.py).
        items.append((_("Letters"), reverse("letters:home"), "letters"))
    return items


def navigation(request):
    """Menu entries for the signed-in user's roles; the public menu otherwise.

    ``nav_menu`` names the menu; ``nav_items`` are built only when base.html renders a menu it has not kept.
    """
    menu = _menu_of(getattr(request, "user", None))
    return {
        "nav_menu": menu,
        "nav_items": SimpleLazyObject(lambda: _menu_items(menu)),
        "today": timezone.localdate(),
    }
