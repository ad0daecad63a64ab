"""Who may do what in the implementation evaluation. Objects are rounds, entries (a region in a round) and
validation sheets."""

import rules

from kotacerdas.accounts.rules import is_secretariat
from kotacerdas.monitoring.rules import follows_participation
from kotacerdas.regions.rules import RegionRight, region_may

# The region team's rights come from the one table in regions/rules.py (REGION_RIGHTS).
_fills_self_assessment = region_may(RegionRight.FILL_SELF_ASSESSMENT)
_submits_self_assessment = region_may(RegionRight.SUBMIT_SELF_ASSESSMENT)


@rules.predicate
def edits_entry_region(user, entry):
    return entry is not None and _fills_self_assessment(user, entry.participation.region)


@rules.predicate
def submits_entry_region(user, entry):
    return entry is not None and _submits_self_assessment(user, entry.participation.region)


@rules.predicate
def follows_entry(user, entry):
    return entry is not None and follows_participation(user, entry.participation)


@rules.predicate
def validates_entry(user, entry):
    return entry is not None and user.is_authenticated and entry.sheets.filter(evaluator=user).exists()


@rules.predicate
def is_sheet_evaluator(user, sheet):
    return sheet is not None and user.is_authenticated and user.is_active and sheet.evaluator_id == user.pk


@rules.predicate
def is_published_round(user, rnd):
    return rnd is not None and rnd.is_published


rules.add_perm("implementation.manage_rounds", is_secretariat)
rules.add_perm("implementation.view_entry", is_secretariat | follows_entry | validates_entry)
rules.add_perm("implementation.self_assess", edits_entry_region)
rules.add_perm("implementation.submit_self_assessment", submits_entry_region)  # the region's approvers
rules.add_perm("implementation.validate", is_sheet_evaluator)
rules.add_perm("implementation.view_round_results", is_secretariat | is_published_round)
# A validation sheet: its evaluator fills it in; the secretariat, who assigns it, reads it.
rules.add_perm("implementation.view_sheet", is_secretariat | is_sheet_evaluator)
