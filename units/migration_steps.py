"""The steps that put a single-bureau table into the first unit, shared by every app's migration."""

from django.db import migrations


def fill_with_first_unit(app_label, *model_names):
    """A RunPython step that gives every row of the models the first unit (the lowest id)."""

    def fill(apps, schema_editor):
        Unit = apps.get_model("units", "Unit")
        first = Unit.objects.order_by("pk").first()
        if first is None:
            return
        for name in model_names:
            apps.get_model(app_label, name).objects.filter(unit=None).update(unit=first)

    return migrations.RunPython(fill, migrations.RunPython.noop)
