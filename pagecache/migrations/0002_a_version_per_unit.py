"""
A content version per unit and one for the platform: the existing row becomes the first unit's
(the lowest id, the migrated bureau), every other unit gets a row of its own, and a platform row
(no unit) is added. Pages cached before are never read again (the page key's prefix changed).
"""

import secrets

import django.db.models.deletion
from django.core.management.color import no_style
import django.db.models.functions.comparison
from django.db import migrations, models
from django.utils import timezone


def rows_per_unit(apps, schema_editor):
    alias = schema_editor.connection.alias
    ContentVersion = apps.get_model("pagecache", "ContentVersion")
    Unit = apps.get_model("units", "Unit")
    rows = ContentVersion.objects.using(alias)
    units = list(Unit.objects.using(alias).order_by("pk").values_list("pk", flat=True))
    existing = rows.order_by("pk").first()
    if existing is not None and units:
        existing.unit_id = units[0]
        existing.save(update_fields=["unit"])
        rows.exclude(pk=existing.pk).delete()
    # The row was made with its id given (1), which PostgreSQL's sequence did not count.
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [ContentVersion]):
        schema_editor.execute(sql)
    now = timezone.now()
    with_rows = set(rows.exclude(unit=None).values_list("unit_id", flat=True))
    rows.bulk_create(
        ContentVersion(unit_id=pk, version=secrets.randbits(63), changed_at=now)
        for pk in units
        if pk not in with_rows
    )
    if not rows.filter(unit=None).exists():
        rows.create(unit=None, version=secrets.randbits(63), changed_at=now)


def one_row(apps, schema_editor):
    """Back to one row: the first unit's."""
    ContentVersion = apps.get_model("pagecache", "ContentVersion")
    rows = ContentVersion.objects.using(schema_editor.connection.alias)
    first = rows.exclude(unit=None).order_by("unit_id").first()
    rows.exclude(pk=getattr(first, "pk", None)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pagecache", "0001_initial"),
        ("units", "0002_first_unit"),
    ]

    operations = [
        migrations.AddField(
            model_name="contentversion",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                help_text="空：平台（每次变更都更新）。",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="units.unit",
                verbose_name="发布单位",
            ),
        ),
        migrations.RunPython(rows_per_unit, one_row),
        migrations.AddConstraint(
            model_name="contentversion",
            constraint=models.UniqueConstraint(
                django.db.models.functions.comparison.Coalesce("unit", models.Value(0)),
                name="pagecache_one_version_per_unit",
            ),
        ),
    ]
