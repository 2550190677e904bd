"""
Office moves from the columns app to its own: the model's state only, the table stays
columns_office (as does its members table), so no row is copied and nothing is locked.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("columns", "0006_manage_all_offices_permission"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Office",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=100, unique=True, verbose_name="科室名称")),
                        ("order", models.PositiveSmallIntegerField(default=0, verbose_name="排序")),
                        ("members", models.ManyToManyField(blank=True, help_text="本科室的信息员：只能新增和修改本科室负责的事项、栏目和栏目信息。", related_name="offices", to=settings.AUTH_USER_MODEL, verbose_name="科室人员")),
                    ],
                    options={
                        "verbose_name": "科室",
                        "verbose_name_plural": "科室",
                        "ordering": ["order", "name"],
                        "db_table": "columns_office",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
