"""Who may do what with official letters (the views declare these permissions, core/permissions.py; the moves of
``models.ALLOWED_TRANSITIONS`` name the move permissions below).

The secretariat keeps the templates and the number registers, prepares, finalises, signs, sends and cancels
letters. A region's team reads its region's letters once they are signed or sent (``Letter.objects.visible_to``
shows it no other), with the read right of ``REGION_RIGHTS`` (regions/rules.py): every role of the team.
"""

import rules

from kotacerdas.accounts.rules import is_secretariat
from kotacerdas.letters.models import TEAM_VISIBLE_STATUSES
from kotacerdas.regions.rules import RegionRight, region_may

may_read_region = region_may(RegionRight.VIEW)


@rules.predicate
def is_letter_region_reader(user, letter) -> bool:
    """On the team of the letter's region, with the read right, and the letter is signed or sent."""
    if letter is None or letter.region_id is None or letter.status not in TEAM_VISIBLE_STATUSES:
        return False
    return may_read_region(user, letter.region)


rules.add_perm("letters.manage_letters", is_secretariat)  # templates, registers, batches, drafts
rules.add_perm("letters.view_letter", is_secretariat | is_letter_region_reader)  # on a letter
# The moves of a letter (models.ALLOWED_TRANSITIONS), on a letter.
rules.add_perm("letters.finalise_letter", is_secretariat)
rules.add_perm("letters.sign_letter", is_secretariat)
rules.add_perm("letters.send_letter", is_secretariat)
rules.add_perm("letters.cancel_letter", is_secretariat)
