from django.db import migrations

from inforequests.letter_texts import DEFAULTS


def create(apps, schema_editor):
    LetterTemplate = apps.get_model("inforequests", "LetterTemplate")
    for kind, (title, body) in DEFAULTS.items():
        LetterTemplate.objects.get_or_create(kind=kind, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("inforequests", "0001_requests_steps_and_letter_templates")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
