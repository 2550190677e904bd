"""
The four roles of 先审后发 as auth groups, defined here and kept in step by every migrate.

    信息员        prepares items and publications (with their attachments) and submits them
    公开办负责人  checks what was submitted (审核), publishes what was approved, keeps the columns
    分管领导      approves what was checked (批准)
    站点管理员    every permission of the portal's own apps

ensure_roles() creates the groups if missing and sets their permissions; it runs in the data
migration review.0002_roles and after every migrate (review.apps), so permissions that later
apps add reach the site administrators. A group's permissions are this table's: a local
variation is a new group, not an edit of these four.
"""

from django.contrib.auth.management import create_permissions

CLERK = "信息员"
HEAD = "公开办负责人"
LEADER = "分管领导"
SITE_ADMIN = "站点管理员"

# The project's own apps: the site administrator holds every permission they define.
PORTAL_APPS = (
    "display",
    "filesafety",
    "sitewide",
    "offices",
    "pagecache",
    "workdays",
    "spreadsheet",
    "privacy",
    "reviewable",
    "history",
    "audit",
    "catalogue",
    "columns",
    "publications",
    "review",
    "selfcheck",
    "privacyscan",
    "backoffice",
    "inforequests",
    "ledger",
    "annualreport",
    "consultations",
    "inquiries",
)

# 意见征集 and 留言 (README): the clerk runs their office's consultations and classifies the
# comments, and answers the messages assigned to their office (offices.rights); the head also
# assigns new messages to offices.
_TALKING_BACK = [
    "consultations.view_consultation",
    "consultations.add_consultation",
    "consultations.change_consultation",
    "consultations.view_comment",
    "consultations.change_comment",
    "inquiries.view_message",
    "inquiries.change_message",
]

# What every reviewer needs to read the objects and the choices on their forms.
_READ = [
    "catalogue.view_disclosureitem",
    "catalogue.view_domain",
    "catalogue.view_channel",
    "columns.view_column",
    "offices.view_office",
    "publications.view_publication",
    "publications.view_attachment",
]

ROLES = {
    CLERK: [
        *_READ,
        "catalogue.add_disclosureitem",
        "catalogue.change_disclosureitem",
        "catalogue.submit_disclosureitem",
        "publications.add_publication",
        "publications.change_publication",
        "publications.submit_publication",
        "publications.add_attachment",
        "publications.change_attachment",
        # Removing a wrong upload from a draft; a reviewed publication's attachments are locked.
        "publications.delete_attachment",
        # Requests of the clerk's own office (offices.rights): register, take steps, draft answers.
        "inforequests.view_inforequest",
        "inforequests.add_inforequest",
        "inforequests.change_inforequest",
        "inforequests.view_releasedfile",
        "inforequests.add_releasedfile",
        "inforequests.change_releasedfile",
        "inforequests.delete_releasedfile",
        "inforequests.view_answer",
        "inforequests.add_answer",
        "inforequests.change_answer",
        "inforequests.submit_answer",
        # Progress on the ledger requirements of the clerk's own offices (ledger.rights).
        "ledger.view_ledger",
        "ledger.view_requirement",
        "ledger.view_progressentry",
        "ledger.add_progressentry",
        "ledger.change_progressentry",
        "ledger.submit_progressentry",
        *_TALKING_BACK,
    ],
    HEAD: [
        *_READ,
        "catalogue.check_disclosureitem",
        "catalogue.publish_disclosureitem",
        "publications.check_publication",
        "publications.publish_publication",
        "columns.add_column",
        "columns.change_column",
        # Not bound to one office (offices.rights): assigns collective columns to offices.
        "columns.manage_all_offices",
        # Every request: assigns the handling office, approves extensions, keeps the letters.
        "inforequests.view_inforequest",
        "inforequests.add_inforequest",
        "inforequests.change_inforequest",
        "inforequests.approve_extension",
        "inforequests.view_releasedfile",
        "inforequests.add_releasedfile",
        "inforequests.change_releasedfile",
        "inforequests.delete_releasedfile",
        "inforequests.view_lettertemplate",
        "inforequests.change_lettertemplate",
        "inforequests.view_answer",
        "inforequests.check_answer",
        "inforequests.publish_answer",
        # The holiday schedules every deadline is counted on (workdays).
        "workdays.view_schedule",
        "workdays.add_schedule",
        "workdays.change_schedule",
        "workdays.view_scheduleday",
        "workdays.add_scheduleday",
        "workdays.change_scheduleday",
        "workdays.delete_scheduleday",
        # The work ledger and the annual report the disclosure office keeps.
        "ledger.view_ledger",
        "ledger.add_ledger",
        "ledger.change_ledger",
        "ledger.view_requirement",
        "ledger.add_requirement",
        "ledger.change_requirement",
        "ledger.view_officename",
        "ledger.change_officename",
        "ledger.view_progressentry",
        "ledger.check_progressentry",
        "ledger.publish_progressentry",
        "annualreport.view_annualreport",
        "annualreport.add_annualreport",
        "annualreport.change_annualreport",
        *_TALKING_BACK,
    ],
    LEADER: [
        *_READ,
        "inforequests.view_inforequest",
        "inforequests.view_answer",
        "inforequests.approve_answer",
        "catalogue.approve_disclosureitem",
        "publications.approve_publication",
        "ledger.view_ledger",
        "ledger.view_requirement",
        "ledger.view_progressentry",
        "ledger.approve_progressentry",
        "annualreport.view_annualreport",
        "columns.manage_all_offices",
    ],
}


def ensure_roles(apps, using="default"):
    """Create the four groups and set their permissions; safe to run any number of times."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    _create_permissions(apps, using)
    permissions = Permission.objects.using(using).select_related("content_type")
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in permissions}
    for role, names in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([by_name[name] for name in names if name in by_name])
    group, _ = Group.objects.using(using).get_or_create(name=SITE_ADMIN)
    group.permissions.set([p for p in permissions if p.content_type.app_label in PORTAL_APPS])


def _create_permissions(apps, using):
    """
    Make sure the portal apps' permissions exist before the groups are given them.

    Django creates permissions after migrate (post_migrate); a data migration runs before that,
    so it creates them itself, from the migration's own model states.
    """
    for label in PORTAL_APPS:
        try:
            app_config = apps.get_app_config(label)
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
