"""Every participation's MoU (number and/or date) becomes an MoU in the region's agreement register.

Forward: one MoU agreement per participation with an MoU number or date: our number = the MoU number, signing date
= start of validity = the MoU date. Backward: each participation gets back the number and date of its earliest MoU
(by signing date, then by id); the agreements are left for 0004's reversal to drop with the table.
"""

import datetime

from django.db import migrations


def mou_to_agreements(apps, schema_editor):
    Participation = apps.get_model("programmes", "Participation")
    Agreement = apps.get_model("programmes", "Agreement")
    with_mou = Participation.objects.exclude(mou_number="", mou_date__isnull=True).order_by("pk")
    Agreement.objects.bulk_create(
        Agreement(
            region_id=p.region_id,
            participation_id=p.pk,
            kind="mou",
            our_number=p.mou_number,
            signed_on=p.mou_date,
            valid_from=p.mou_date,
            is_demo=p.is_demo,
        )
        for p in with_mou.iterator()
    )


def agreements_to_mou(apps, schema_editor):
    Participation = apps.get_model("programmes", "Participation")
    Agreement = apps.get_model("programmes", "Agreement")
    earliest = {}
    mous = Agreement.objects.filter(kind="mou", participation__isnull=False)
    # Undated agreements last, then by id: the earliest dated MoU wins.
    def order(a):
        when = a.signed_on or a.valid_from
        return (when is None, when or datetime.date.min, a.pk)

    for agreement in sorted(mous, key=order):
        earliest.setdefault(agreement.participation_id, agreement)
    for participation_id, agreement in earliest.items():
        Participation.objects.filter(pk=participation_id).update(
            mou_number=(agreement.our_number or agreement.region_number)[:100],
            mou_date=agreement.signed_on or agreement.valid_from,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0004_agreement'),
    ]

    operations = [
        migrations.RunPython(mou_to_agreements, agreements_to_mou),
    ]
