"""Create the first unit from the environment (settings.PORTAL_UNIT_SEED): today's bureau."""

from django.conf import settings
from django.db import migrations


def create_first_unit(apps, schema_editor):
    Unit = apps.get_model("units", "Unit")
    if not Unit.objects.exists():
        Unit.objects.create(**settings.PORTAL_UNIT_SEED)


class Migration(migrations.Migration):
    dependencies = [("units", "0001_units")]

    operations = [migrations.RunPython(create_first_unit, migrations.RunPython.noop)]
