"""Who sees the meeting link of an online or hybrid session: the one rule, used wherever the link appears.

The link lets anyone who has it into the video call, so it is shown only to the secretariat, the members of the
session's panel and the active team of the session's region (any role of ``RegionMembership``, as for the
region's own pages). Everybody else (anonymous visitors, other regions' teams, evaluators on other panels,
mentors) sees the room's mode ("Daring", "Hibrida") and never the link. The published agenda's snapshot never
holds it (``services.agenda_snapshot``), nor do the calendar feeds, which are public addresses: a page that
may show it looks it up live with ``meeting_link_for``.
"""

from kotacerdas.accounts.rules import is_secretariat
from kotacerdas.evaluations.models import PanelMember, Session
from kotacerdas.regions.rules import is_region_member


def meeting_links_for(user, sessions) -> dict[int, str]:
    """Session pk -> the meeting link ``user`` may see ("" when none or not entitled), in at most one query for
    the panels (the region check reads the user's memberships once per request)."""
    sessions = list(sessions)
    linked = [s for s in sessions if s.room.is_linked and s.room.meeting_link]
    links = {s.pk: "" for s in sessions}
    if not linked or not (user and user.is_authenticated and user.is_active):
        return links
    if is_secretariat(user):
        return links | {s.pk: s.room.meeting_link for s in linked}
    panel_ids = {s.panel_id for s in linked if s.panel_id}
    my_panels = (
        set(
            PanelMember.objects.filter(panel_id__in=panel_ids, evaluator=user).values_list(
                "panel_id", flat=True
            )
        )
        if panel_ids
        else set()
    )
    for session in linked:
        if session.panel_id in my_panels or is_region_member(user, session.participation.region):
            links[session.pk] = session.room.meeting_link
    return links


def meeting_link_for(user, session: Session) -> str:
    """The meeting link of ``session``'s room if ``user`` may see it, else ""."""
    return meeting_links_for(user, [session])[session.pk]
