from django.db import migrations, models


def base_versions(apps, schema_editor):
    """
    Every live row starts at version 1: an open revision made on the row as it is now is based
    on version 1, one made before a later change on none (0), so it stays refused as outdated.
    """
    Revision = apps.get_model("review", "Revision")
    for revision in Revision.objects.exclude(state__in=["applied", "discarded"]).select_related(
        "content_type"
    ):
        model = apps.get_model(revision.content_type.app_label, revision.content_type.model)
        live = model._base_manager.filter(pk=revision.object_id).values("updated_at").first()
        if live is not None and live["updated_at"] == revision.base_updated_at:
            Revision.objects.filter(pk=revision.pk).update(base_version=1)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0002_roles"),
        ("catalogue", "0008_version_column"),
        ("publications", "0007_version_column"),
    ]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="base_version",
            field=models.PositiveIntegerField(default=0, verbose_name="所依据的版本号"),
        ),
        migrations.AddField(
            model_name="revision",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="版本号"),
        ),
        migrations.RunPython(base_versions, migrations.RunPython.noop),
    ]
