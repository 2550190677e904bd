"""Domains point to offices.Office (state only: the foreign key keeps its column)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0006_history_baseline"),
        ("offices", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="domain",
                    name="owner_office",
                    field=models.ForeignKey(blank=True, help_text="负责本领域公开事项的科室；自查清单按科室归集本领域事项的问题。", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="domains", to="offices.office", verbose_name="主管科室"),
                ),
            ],
            database_operations=[],
        ),
    ]
