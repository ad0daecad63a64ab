"""Who may do what in the bimtek pages (the views declare these permissions, core/permissions.py).

The secretariat keeps the daftar hadir and the deliverables; the cohort's mentors (anyone mentoring one of its
regions) check people in at the desk; a region's page is read by its team, its mentors and the secretariat.
"""

import rules

from kotacerdas.accounts.rules import is_secretariat
from kotacerdas.programmes.rules import is_participation_member, is_participation_mentor


@rules.predicate
def is_stage_mentor(user, stage) -> bool:
    """Mentors one of the regions of the stage's cohort."""
    if stage is None or not (user.is_authenticated and user.is_active and user.is_mentor):
        return False
    return stage.cohort.participations.filter(mentors=user).exists()


@rules.predicate
def is_attendee_stage_mentor(user, attendee) -> bool:
    return attendee is not None and is_stage_mentor(user, attendee.stage)


rules.add_perm("bimtek.view_region", is_secretariat | is_participation_member | is_participation_mentor)
rules.add_perm("bimtek.check_in", is_secretariat | is_stage_mentor)  # on a stage
rules.add_perm("bimtek.check_in_attendee", is_secretariat | is_attendee_stage_mentor)  # on an attendee
rules.add_perm("bimtek.manage_stage", is_secretariat)  # on a stage: overview, import, deliverables expected
rules.add_perm("bimtek.manage_cohort", is_secretariat)  # on a cohort: the deliverables grid
rules.add_perm("bimtek.record_receipt", is_secretariat)  # on an expected deliverable
