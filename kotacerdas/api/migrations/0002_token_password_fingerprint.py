import hashlib

from django.db import migrations, models


def fingerprint_existing_tokens(apps, schema_editor):
    """Tokens made before this migration keep working until their owner's next password change."""
    ApiToken = apps.get_model("api", "ApiToken")
    for token in ApiToken.objects.select_related("user").iterator():
        token.password_fingerprint = hashlib.sha256(token.user.password.encode()).hexdigest()
        token.save(update_fields=["password_fingerprint"])


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_api_tokens"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="password_fingerprint",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(fingerprint_existing_tokens, migrations.RunPython.noop),
    ]
