"""Finders of the bimtek views: each reads its object through the user's scope, so an object outside it answers
404 before any permission is asked (core/permissions.py)."""

from django.shortcuts import get_object_or_404

from kotacerdas.bimtek.models import BIMTEK_KINDS, Attendee, DeliverableExpectation, bimtek_stages
from kotacerdas.programmes.models import Cohort, Participation


def stage(request, pk):
    return get_object_or_404(
        bimtek_stages().select_related("cohort").filter(cohort__in=Cohort.objects.visible_to(request.user)),
        pk=pk,
    )


def cohort(request, pk):
    return get_object_or_404(Cohort.objects.visible_to(request.user), pk=pk)


def participation(request, pk):
    return get_object_or_404(
        Participation.objects.visible_to(request.user).select_related("region", "cohort"), pk=pk
    )


def attendee(request, pk, attendee):
    """An attendee of the stage ``pk``, read through ``Attendee.objects.visible_to``."""
    return get_object_or_404(
        Attendee.objects.visible_to(request.user).select_related("stage__cohort", "participation__region"),
        pk=attendee,
        stage_id=pk,
        stage__kind__in=BIMTEK_KINDS,
    )


def expectation(request, pk):
    return get_object_or_404(
        DeliverableExpectation.objects.select_related("stage__cohort").filter(
            stage__cohort__in=Cohort.objects.visible_to(request.user)
        ),
        pk=pk,
    )
