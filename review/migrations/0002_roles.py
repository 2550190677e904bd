"""The four role groups of 先审后发 (review.roles), with their permissions."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from review.roles import ensure_roles

    ensure_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("review", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalogue", "0004_review_states"),
        ("columns", "0002_grouping_owner_none"),
        ("publications", "0002_review_states"),
    ]

    # Groups are data: going back leaves them, as removing them would strip people's rights.
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
