"""The implementation evaluation moved to its own app (kotacerdas/implementation). Its tables stay where they
are: this only takes the models out of monitoring's state; implementation's 0001 takes them over."""

from django.db import migrations

MOVED = [  # the referring models before those they refer to
    "validationscore",
    "validationsheet",
    "selfscore",
    "selfevidence",
    "indexresult",
    "roundentry",
    "implementationround",
    "schemeweight",
    "indexscheme",
]


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_text_limits"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        ),
    ]
