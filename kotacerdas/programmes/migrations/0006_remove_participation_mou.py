from django.db import migrations


class Migration(migrations.Migration):
    """The MoU lives in the agreement register now (0005 moved every number and date there)."""

    dependencies = [
        ('programmes', '0005_mou_to_agreements'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='participation',
            name='mou_date',
        ),
        migrations.RemoveField(
            model_name='participation',
            name='mou_number',
        ),
    ]
