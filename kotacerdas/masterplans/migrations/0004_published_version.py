"""Masterplan.published_version: the version the public reads. Existing published masterplans get their latest
version, the one frozen at their last submission (a published masterplan cannot be edited, so that is the text
that was approved and published); one published without any version keeps none, and the public then reads
its rows as before."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def point_at_latest_version(apps, schema_editor):
    Masterplan = apps.get_model("masterplans", "Masterplan")
    MasterplanVersion = apps.get_model("masterplans", "MasterplanVersion")
    latest = MasterplanVersion.objects.filter(masterplan=OuterRef("pk")).order_by("-number").values("pk")[:1]
    Masterplan.objects.filter(status="published", published_version__isnull=True).update(
        published_version=Subquery(latest)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("masterplans", "0003_text_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="masterplan",
            name="published_version",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="masterplans.masterplanversion",
                verbose_name="published version",
            ),
        ),
        migrations.RunPython(point_at_latest_version, migrations.RunPython.noop, elidable=True),
    ]
