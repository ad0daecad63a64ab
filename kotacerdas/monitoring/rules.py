"""Who may do what in monitoring. Objects are participations (the region's year of the programme) or values."""

import rules

from kotacerdas.accounts.rules import is_evaluator, is_secretariat
from kotacerdas.programmes.rules import is_participation_member, is_participation_mentor
from kotacerdas.regions.rules import RegionRight, holds_anywhere, region_may

# The region team's rights come from the one table in regions/rules.py (REGION_RIGHTS).
_reports_region = region_may(RegionRight.REPORT)


@rules.predicate
def is_region_reporter(user, participation):
    """Editors and approvers of the region's team report its values and progress."""
    return participation is not None and _reports_region(user, participation.region)


@rules.predicate
def follows_participation(user, participation):
    return participation is not None and (
        is_participation_member(user, participation) or is_participation_mentor(user, participation)
    )


@rules.predicate
def is_value_verifier(user, value):
    """A mentor of the region, an evaluator or the secretariat; never the person who reported the value."""
    if value is None or not (user and user.is_authenticated and user.is_active):
        return False
    if value.reported_by_id == user.pk:
        return False
    participation = value.tracked.participation
    return bool(user.is_secretariat or user.is_evaluator or is_participation_mentor(user, participation))


rules.add_perm("monitoring.view_monitoring", is_secretariat | is_evaluator | follows_participation)
rules.add_perm("monitoring.report", is_secretariat | is_region_reporter)
rules.add_perm("monitoring.verify_value", is_value_verifier)
rules.add_perm("monitoring.manage_catalogue", is_secretariat)


# The indicator catalogue: the secretariat keeps the shared entries; a region's editors keep their region's own.
@rules.predicate
def edits_a_region(user):
    """An editor or approver in at least one region's team."""
    return holds_anywhere(user, RegionRight.REPORT)


@rules.predicate
def is_shared_indicator(user, indicator):
    return indicator is not None and indicator.region_id is None


@rules.predicate
def edits_indicator_region(user, indicator):
    return (
        indicator is not None and indicator.region_id is not None and _reports_region(user, indicator.region)
    )


rules.add_perm("monitoring.add_indicator", is_secretariat | edits_a_region)
rules.add_perm("monitoring.change_indicator", (is_secretariat & is_shared_indicator) | edits_indicator_region)
