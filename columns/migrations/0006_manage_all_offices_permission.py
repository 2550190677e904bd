"""
Give the permission columns.manage_all_offices to the heads, the leaders and the site
administrators: the roles that are not bound to their own offices (offices.rights).
"""

from django.db import migrations

CODENAME = "manage_all_offices"
NAME = "可以管理所有科室的内容"
GROUPS = ("公开办负责人", "分管领导", "站点管理员")


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.using(using).get_or_create(
        app_label="columns", model="column"
    )
    permission, _ = Permission.objects.using(using).get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": NAME}
    )
    for name in GROUPS:
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.using(schema_editor.connection.alias).filter(
        content_type__app_label="columns", codename=CODENAME
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("columns", "0005_office_members_and_assigned_offices"),
        ("review", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
