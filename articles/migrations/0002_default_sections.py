"""The sections a Vietnamese provincial paper starts with; editors rename or add more in the admin."""

from django.db import migrations

DEFAULT_SECTIONS = [
    ("Thời sự", "thoi-su"),
    ("Chính trị", "chinh-tri"),
    ("Kinh tế", "kinh-te"),
    ("Xã hội", "xa-hoi"),
    ("Quốc phòng - An ninh", "quoc-phong-an-ninh"),
    ("Pháp luật", "phap-luat"),
    ("Văn hóa - Thể thao", "van-hoa-the-thao"),
    ("Giáo dục", "giao-duc"),
    ("Sức khỏe", "suc-khoe"),
    ("Nông nghiệp - Nông thôn", "nong-nghiep-nong-thon"),
    ("Đô thị", "do-thi"),
    ("Bạn đọc", "ban-doc"),
]


def create_sections(apps, schema_editor):
    Section = apps.get_model("articles", "Section")
    for position, (name, slug) in enumerate(DEFAULT_SECTIONS, start=1):
        # A paper that already created a section of that name keeps its own.
        if not Section.objects.filter(slug=slug).exists() and not Section.objects.filter(name=name).exists():
            Section.objects.create(name=name, slug=slug, position=position * 10)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_sections, migrations.RunPython.noop)]
