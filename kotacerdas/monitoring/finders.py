"""The objects monitoring's views act on, read from querysets scoped to the user: an object outside the user's
scope answers 404 before the gate asks the permission (core/permissions.py, ``fetch=``)."""

from django.shortcuts import get_object_or_404

from kotacerdas.monitoring.models import Indicator
from kotacerdas.programmes.models import Participation


def participation(request, pk) -> Participation:
    return get_object_or_404(
        Participation.objects.visible_to(request.user).select_related("region__province", "cohort"), pk=pk
    )


def indicator(request, code) -> Indicator:
    # Another region's own indicator does not exist for this user (404); one they see but may not edit is 403.
    return get_object_or_404(Indicator.objects.visible_to(request.user).select_related("region"), code=code)
