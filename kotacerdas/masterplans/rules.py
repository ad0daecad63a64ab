import rules

from kotacerdas.accounts.rules import is_secretariat
from kotacerdas.programmes.rules import is_participation_member, is_participation_mentor
from kotacerdas.regions.rules import is_region_editor


@rules.predicate
def is_masterplan_editor(user, masterplan):
    return masterplan is not None and is_region_editor(user, masterplan.region)


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
