"""History starts with one record of every existing row (history.records.create_baseline)."""

from functools import partial

from django.db import migrations

from history.records import create_baseline


class Migration(migrations.Migration):
    dependencies = [("publications", "0003_history")]

    operations = [
        migrations.RunPython(
            partial(create_baseline, "publications", "Publication"),
            migrations.RunPython.noop,
            elidable=True,
        ),
    ]
