"""The tables taken over from monitoring get the app's own names (implementation_...): a real rename, rows and
foreign keys kept (ALTER TABLE ... RENAME on SQLite and PostgreSQL)."""

from django.db import migrations

MODELS = [
    "indexscheme",
    "schemeweight",
    "implementationround",
    "roundentry",
    "selfevidence",
    "selfscore",
    "validationsheet",
    "validationscore",
    "indexresult",
]


class Migration(migrations.Migration):
    dependencies = [
        ("implementation", "0001_initial"),
    ]

    operations = [migrations.AlterModelTable(name=name, table=None) for name in MODELS]
