"""Template filters of the agreement register."""

from django import template
from django.db.models import prefetch_related_objects

register = template.Library()


@register.filter
def region_agreements(participation, participations):
    """The agreements of ``participation``'s region, read for all ``participations`` of the list at the first call
    (one query for the whole list, none after), so a list of participations shows them at a fixed query count."""
    prefetch_related_objects(list(participations), "region__agreements")
    return participation.region.agreements.all()
