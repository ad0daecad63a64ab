"""Who may do what with a masterplan: every permission of the masterplans app, and the only place that says so.

The workflow is split in two, on purpose: ``services.ALLOWED_TRANSITIONS`` says which moves exist and which
permission each move needs; this module says who holds each of those permissions (the region team's part comes
from ``REGION_RIGHTS`` in regions/rules.py: approvers submit). Neither the services nor the views look at a
user's roles or memberships; they ask ``has_perm`` (docs/architecture.md, "Masterplan workflow"). The views
declare their permission with the gate of core/permissions.py.
"""

import rules

from kotacerdas.accounts.rules import is_secretariat
from kotacerdas.programmes.rules import is_participation_member, is_participation_mentor
from kotacerdas.regions.rules import RegionRight, region_may

_writes_region = region_may(RegionRight.WRITE_MASTERPLAN)
_submits_region = region_may(RegionRight.SUBMIT_MASTERPLAN)
_keeps_opds = region_may(RegionRight.MANAGE_OPDS)


@rules.predicate
def is_masterplan_editor(user, masterplan):
    return masterplan is not None and _writes_region(user, masterplan.region)


@rules.predicate
def is_masterplan_submitter(user, masterplan):
    return masterplan is not None and _submits_region(user, masterplan.region)


@rules.predicate
def is_masterplan_team(user, masterplan):
    return masterplan is not None and is_participation_member(user, masterplan.participation)


@rules.predicate
def is_masterplan_mentor(user, masterplan):
    return masterplan is not None and is_participation_mentor(user, masterplan.participation)


@rules.predicate
def is_editable(user, masterplan):
    return masterplan is not None and masterplan.is_editable


@rules.predicate
def keeps_participation_opds(user, participation):
    return participation is not None and _keeps_opds(user, participation.region)


@rules.predicate
def has_a_move(user, masterplan):
    """The user may make at least one move of the workflow from the masterplan's present status."""
    # Imported here: services imports the document builders and the mail, which rules.py (loaded at start-up by
    # rules' autodiscovery) has no need of, and services may one day ask for a predicate of this module.
    from kotacerdas.masterplans.services import ALLOWED_TRANSITIONS

    if masterplan is None:
        return False
    return any(user.has_perm(perm, masterplan) for perm in ALLOWED_TRANSITIONS[masterplan.status].values())


rules.add_perm("masterplans.view_masterplan", is_secretariat | is_masterplan_team | is_masterplan_mentor)
# Opening a participation's masterplan: whoever keeps the region's agencies (approvers and editors: the
# masterplan is written with them), and the secretariat.
rules.add_perm("masterplans.create_masterplan", is_secretariat | keeps_participation_opds)
# is_editable first: it needs no query, and most looks at a frozen masterplan end there.
rules.add_perm("masterplans.edit_masterplan", is_editable & is_masterplan_editor)
# The region team answers comments while it may edit; mentors and the secretariat comment at any stage.
rules.add_perm(
    "masterplans.comment_masterplan",
    is_secretariat | is_masterplan_mentor | (is_editable & is_masterplan_editor),
)
rules.add_perm("masterplans.export_masterplan", is_secretariat | is_masterplan_team | is_masterplan_mentor)

# Who makes the workflow's moves (services.ALLOWED_TRANSITIONS says which move needs which permission).
# Submit (and submit again after a revision): the region's approvers. Review (start it, or send the masterplan
# back): mentors and the secretariat. Approve (or take an approval back) and publish: the secretariat.
rules.add_perm("masterplans.submit_masterplan", is_masterplan_submitter)
rules.add_perm("masterplans.review_masterplan", is_secretariat | is_masterplan_mentor)
rules.add_perm("masterplans.approve_masterplan", is_secretariat)
rules.add_perm("masterplans.publish_masterplan", is_secretariat)
# The status page: open to whoever has a move to make now (the moves themselves are checked one by one).
rules.add_perm("masterplans.move_masterplan", has_a_move)
