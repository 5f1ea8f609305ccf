"""Advisorship now lives in rostering (see rostering 0002); the table is kept, only the state moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0003_spanish_section_and_readiness_texts"),
        ("rostering", "0002_advisorship_moves_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Advisorship")],
            database_operations=[],
        ),
    ]
