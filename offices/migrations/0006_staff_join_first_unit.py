"""
Staff who worked for the single bureau work in its unit (the first): the 公开办负责人, leaders
and site administrators, bound to no office, would otherwise see nothing once units narrow the
admin. Clerks belong to the first unit through their offices already; superusers stand above
units.
"""

from django.conf import settings
from django.db import migrations


def staff_join_first_unit(apps, schema_editor):
    Unit = apps.get_model("units", "Unit")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    first = Unit.objects.order_by("pk").first()
    if first is None:
        return
    staff = User.objects.filter(is_staff=True, is_superuser=False, units=None, offices=None)
    first.members.add(*staff)


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0005_unit_required"),
        ("units", "0002_first_unit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(staff_join_first_unit, migrations.RunPython.noop)]
