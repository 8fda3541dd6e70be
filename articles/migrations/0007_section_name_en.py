from django.db import migrations, models

# The English edition's names of the sections 0002 created; a section renamed since keeps what it has.
ENGLISH_NAMES = {
    "thoi-su": "News",
    "chinh-tri": "Politics",
    "kinh-te": "Economy",
    "xa-hoi": "Society",
    "quoc-phong-an-ninh": "Defence - Security",
    "phap-luat": "Law",
    "van-hoa-the-thao": "Culture - Sports",
    "giao-duc": "Education",
    "suc-khoe": "Health",
    "nong-nghiep-nong-thon": "Agriculture - Rural",
    "do-thi": "Urban",
    "ban-doc": "Readers",
}


def name_default_sections(apps, schema_editor):
    Section = apps.get_model("articles", "Section")
    for slug, name in ENGLISH_NAMES.items():
        Section.objects.filter(slug=slug, name_en="").update(name_en=name)


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_search")]

    operations = [
        migrations.AddField(
            model_name="section",
            name="name_en",
            field=models.CharField(
                blank=True,
                help_text="Shown in the English edition; empty means the name.",
                max_length=100,
                verbose_name="English name",
            ),
        ),
        migrations.RunPython(name_default_sections, migrations.RunPython.noop),
    ]
