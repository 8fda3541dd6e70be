"""The paper's particulars for the Press Law footer (one row), and the photo's alt text becoming a requirement.

A fresh install gets the row with the name the site printed until now (NEWSROOM_SITE_NAME); everything else
stays empty until an administrator fills it in. The editor-in-chief's group may look at it (roles.py).
"""

from django.conf import settings
from django.db import migrations, models

import articles.models


def create_row(apps, schema_editor):
    SiteSettings = apps.get_model("articles", "SiteSettings")
    SiteSettings.objects.get_or_create(pk=1, defaults={"paper_name": settings.NEWSROOM_SITE_NAME})


def grant_roles(apps, schema_editor):
    from articles.roles import ensure_groups

    ensure_groups(apps, only=frozenset({"articles.sitesettings"}))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_section_name_en"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="photo",
            name="alt_text",
            field=models.CharField(
                blank=True,
                help_text="What the photo shows, for readers who cannot see it (screen readers say it aloud). Required before the article is published.",
                max_length=255,
                verbose_name="alt text",
            ),
        ),
        migrations.CreateModel(
            name="SiteSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("paper_name", models.CharField(max_length=200, verbose_name="name of the paper")),
                (
                    "paper_name_en",
                    models.CharField(
                        blank=True,
                        help_text="For the English edition; empty means the name.",
                        max_length=200,
                        verbose_name="name in English",
                    ),
                ),
                (
                    "governing_body",
                    models.CharField(
                        blank=True,
                        help_text="The cơ quan chủ quản, e.g. “Tỉnh ủy Đồng Nai”.",
                        max_length=200,
                        verbose_name="governing body",
                    ),
                ),
                (
                    "governing_body_en",
                    models.CharField(blank=True, max_length=200, verbose_name="governing body in English"),
                ),
                (
                    "licence_number",
                    models.CharField(
                        blank=True,
                        help_text="As on the licence, e.g. “125/GP-BTTTT”.",
                        max_length=100,
                        verbose_name="licence number",
                    ),
                ),
                ("licence_date", models.DateField(blank=True, null=True, verbose_name="licence date")),
                (
                    "licence_issuer",
                    models.CharField(
                        blank=True,
                        help_text="e.g. “Bộ Thông tin và Truyền thông”.",
                        max_length=200,
                        verbose_name="licence issued by",
                    ),
                ),
                (
                    "licence_issuer_en",
                    models.CharField(blank=True, max_length=200, verbose_name="licence issued by, in English"),
                ),
                ("editor_in_chief", models.CharField(blank=True, max_length=150, verbose_name="editor-in-chief")),
                (
                    "deputy_editors",
                    models.TextField(
                        blank=True,
                        help_text="One name per line, or leave empty.",
                        verbose_name="deputy editors-in-chief",
                    ),
                ),
                ("address", models.CharField(blank=True, max_length=300, verbose_name="address")),
                (
                    "address_en",
                    models.CharField(
                        blank=True,
                        help_text="For the English edition; empty means the address.",
                        max_length=300,
                        verbose_name="address in English",
                    ),
                ),
                (
                    "phone",
                    models.CharField(
                        blank=True, max_length=100, validators=[articles.models.validate_phone], verbose_name="phone"
                    ),
                ),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
            ],
            options={
                "verbose_name": "site settings",
                "verbose_name_plural": "site settings",
                "constraints": [models.CheckConstraint(condition=models.Q(("id", 1)), name="site_settings_single_row")],
            },
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
