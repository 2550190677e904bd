"""The one row of the content version, created with the table."""

import django.utils.timezone
from django.db import migrations, models


def create_row(apps, schema_editor):
    ContentVersion = apps.get_model("pagecache", "ContentVersion")
    ContentVersion.objects.using(schema_editor.connection.alias).get_or_create(pk=1)


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveBigIntegerField(default=0, verbose_name="版本")),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="最近变更时间")),
                ("previous_change", models.DateTimeField(blank=True, null=True, verbose_name="上次变更时间")),
            ],
            options={
                "verbose_name": "页面缓存版本",
                "verbose_name_plural": "页面缓存版本",
            },
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
