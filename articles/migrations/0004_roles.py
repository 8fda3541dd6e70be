"""The staff roles (Phóng viên, Biên tập viên, Tổng biên tập) with their permissions, on every fresh install.

Permissions are only added: a group an administrator adjusted by hand keeps what it was given.
"""

from django.db import migrations


def create_roles(apps, schema_editor):
    from articles.roles import ensure_groups

    ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
