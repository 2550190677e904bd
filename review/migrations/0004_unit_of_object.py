"""
Revisions and review steps carry their object's unit. Every row existing before units held the
single bureau's objects, which the units migration put into the first unit: so do their records.
"""

import django.db.models.deletion
from django.db import migrations, models

from units.migration_steps import fill_with_first_unit


class Migration(migrations.Migration):

    dependencies = [
        ('review', '0003_version_column'),
        ('units', '0002_first_unit'),
    ]

    operations = [
        migrations.AddField(
            model_name='reviewstep',
            name='unit',
            field=models.ForeignKey(blank=True, editable=False, help_text='审核对象所属的发布单位，保存时按对象填写。', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.unit', verbose_name='发布单位'),
        ),
        migrations.AddField(
            model_name='revision',
            name='unit',
            field=models.ForeignKey(blank=True, editable=False, help_text='审核对象所属的发布单位，保存时按对象填写。', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.unit', verbose_name='发布单位'),
        ),
        fill_with_first_unit("review", "Revision", "ReviewStep"),
    ]
