"""Finders of the letters' views: each reads its object through the user's scope, so an object outside it answers
404 before any permission is asked (core/permissions.py)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from kotacerdas.letters.models import Letter, LetterBatch
from kotacerdas.programmes.models import Cohort


def letter(request, pk):
    """A letter the user may see: every letter for the secretariat, its region's signed and sent letters for a
    region's team, none for anyone else (``Letter.objects.visible_to``)."""
    return get_object_or_404(
        Letter.objects.visible_to(request.user).select_related(
            "template", "region__province", "cohort", "event", "stage__cohort", "session", "register", "batch"
        ),
        pk=pk,
    )


def batch(request, pk):
    """A batch of a cohort the user may open (directly, or through its event or stage), as a bimtek stage is
    found: the cohort's people get 403 from the permission, anyone else 404."""
    batches = LetterBatch.objects.select_related(
        "cohort", "event", "stage__cohort", "award_category", "requested_by"
    )
    if not request.user.is_secretariat:
        cohorts = Cohort.objects.visible_to(request.user)
        batches = batches.filter(
            Q(cohort__in=cohorts) | Q(event__cohort__in=cohorts) | Q(stage__cohort__in=cohorts)
        ).distinct()
    return get_object_or_404(batches, pk=pk)
