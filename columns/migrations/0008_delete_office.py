"""Office leaves the columns app's state; its table now belongs to offices.Office."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("columns", "0007_office_to_offices"),
        ("catalogue", "0007_office_to_offices"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Office")],
            database_operations=[],
        ),
    ]
