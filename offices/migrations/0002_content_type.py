"""
The content type of Office follows the model to this app, so its permissions (offices.view_office
…), the groups holding them and the admin log keep pointing at it.
"""

from django.db import migrations


def rename(apps, schema_editor, old="columns", new="offices"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    using = schema_editor.connection.alias
    moved = ContentType.objects.using(using).filter(app_label=old, model="office")
    if not ContentType.objects.using(using).filter(app_label=new, model="office").exists():
        moved.update(app_label=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old="offices", new="columns")


class Migration(migrations.Migration):

    dependencies = [
        ("offices", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
