"""History starts with one record of every existing row (history.records.create_baseline)."""

from functools import partial

from django.db import migrations

from history.records import create_baseline


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_history")]

    operations = [
        migrations.RunPython(
            partial(create_baseline, "catalogue", "DisclosureItem"),
            migrations.RunPython.noop,
            elidable=True,
        ),
    ]
