"""
The four roles of 先审后发 as auth groups, built from every app's declaration, kept in step by
every migrate.

    信息员        prepares items and publications (with their attachments) and submits them
    公开办负责人  checks what was submitted (审核), publishes what was approved, keeps the columns
    分管领导      approves what was checked (批准)
    站点管理员    every permission of the apps that give it theirs

The names are `contributions.roles`; each app gives each role its own permissions in
`role_permissions` on its AppConfig. ensure_roles() creates the groups if missing and sets their
permissions; it runs in the data migration review.0002_roles and after every migrate
(review.apps), so permissions that later apps add reach the groups. A group's permissions are
the declarations': a local variation is a new group, not an edit of these four.
"""

from django.contrib.auth.management import create_permissions

from contributions.collect import declared
from contributions.roles import ALL, CLERK, HEAD, LEADER, ROLES, SITE_ADMIN

__all__ = ["CLERK", "HEAD", "LEADER", "SITE_ADMIN", "ensure_roles", "role_table"]


def role_table():
    """
    {role: {"app_label.codename"}} as the apps declare them, and the labels of the apps whose
    every permission the site administrator holds (ALL).
    """
    table = {role: set() for role in ROLES}
    everything = set()
    for config, roles in declared("role_permissions"):
        for role, codenames in roles.items():
            if codenames == ALL:
                everything.add(config.label)
            else:
                table[role].update(f"{config.label}.{codename}" for codename in codenames)
    return table, everything


def ensure_roles(apps, using="default"):
    """Create the four groups and set their permissions; safe to run any number of times."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    table, everything = role_table()
    _create_permissions(apps, using)
    permissions = Permission.objects.using(using).select_related("content_type")
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in permissions}
    for role, names in table.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        given = [by_name[name] for name in names if name in by_name]
        if role == SITE_ADMIN:
            given += [p for p in permissions if p.content_type.app_label in everything]
        group.permissions.set(given)


def _create_permissions(apps, using):
    """
    Make sure the declaring apps' permissions exist before the groups are given them.

    Django creates permissions after migrate (post_migrate); a data migration runs before that,
    so it creates them itself, from the migration's own model states.
    """
    for config, _ in declared("role_permissions"):
        try:
            app_config = apps.get_app_config(config.label)
        except LookupError:
            continue
        # Migration states carry no models module; create_permissions skips such apps.
        had_module = getattr(app_config, "models_module", None)
        app_config.models_module = had_module or True
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = had_module


def on_post_migrate(sender, using="default", apps=None, **kwargs):
    from django.apps import apps as global_apps

    ensure_roles(apps or global_apps, using=using)
