"""Columns point to offices.Office (state only: the foreign keys keep their columns)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("columns", "0006_manage_all_offices_permission"),
        ("offices", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="column",
                    name="owner_office",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="columns", to="offices.office", verbose_name="负责科室"),
                ),
                migrations.AlterField(
                    model_name="column",
                    name="assigned_offices",
                    field=models.ManyToManyField(blank=True, help_text="负责方式为“各科室”“各相关科室”或“谁承办谁更新”时，实际维护本栏目的科室；由公开办负责人指定，这些科室的信息员可以维护本栏目。", related_name="assigned_columns", to="offices.office", verbose_name="承办科室"),
                ),
                migrations.AlterField(
                    model_name="historicalcolumn",
                    name="owner_office",
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="offices.office", verbose_name="负责科室"),
                ),
            ],
            database_operations=[],
        ),
    ]
