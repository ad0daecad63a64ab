import rules

from kotacerdas.accounts.rules import is_secretariat
from kotacerdas.programmes.rules import is_participation_member, is_participation_mentor
from kotacerdas.regions.rules import RegionRight, region_may

_writes_region = region_may(RegionRight.WRITE_MASTERPLAN)
_submits_region = region_may(RegionRight.SUBMIT_MASTERPLAN)


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


rules.add_perm("masterplans.view_masterplan", is_secretariat | is_masterplan_team | is_masterplan_mentor)
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
