"""Advisorship moves from profiles to rostering (beside guardian links: both grant visibility, and the
access scope reads only rostering). The table stays where it is; only Django's model state moves."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rostering", "0001_initial"),
        ("profiles", "0003_spanish_section_and_readiness_texts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Advisorship",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("started_on", models.DateField()),
                        ("ended_on", models.DateField(blank=True, null=True)),
                        ("is_active", models.BooleanField(default=True)),
                        ("advisor", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="advisees", to="rostering.person")),
                        ("assigned_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("student", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="advisors", to="rostering.person")),
                    ],
                    options={
                        "db_table": "profiles_advisorship",
                        "indexes": [models.Index(fields=["advisor", "is_active"], name="profiles_ad_advisor_c490cc_idx")],
                        "constraints": [models.UniqueConstraint(condition=models.Q(("is_active", True)), fields=("advisor", "student"), name="one_active_advisorship_per_pair")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
