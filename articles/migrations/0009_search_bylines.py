# Search finds byline names (articles/search.py): every article gets the normalised copy of its byline names,
# and on PostgreSQL its vector is made again with them (weight D). The GIN index of 0006 stays as it is.

from django.db import migrations, models
from django.db.models import F

from articles.search import bylines_copy, weighted_vector

BATCH = 500


def fill_bylines_copy(apps, schema_editor):
    """The byline copy of every existing article, as search.bylines_changed makes it for new bylines."""
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    alias = schema_editor.connection.alias
    names: dict[int, list[str]] = {}
    for article_id, name in (
        Byline.objects.using(alias).order_by("article_id", "position", "id").values_list("article_id", "author__name")
    ):
        names.setdefault(article_id, []).append(name)
    ids = sorted(names)
    for start in range(0, len(ids), BATCH):
        batch = list(Article.objects.using(alias).filter(pk__in=ids[start : start + BATCH]).only("pk"))
        for article in batch:
            article.search_bylines = bylines_copy(names[article.pk])
        Article.objects.using(alias).bulk_update(batch, ["search_bylines"])
    if schema_editor.connection.vendor == "postgresql":
        Article.objects.using(alias).update(
            search_vector=weighted_vector(
                F("search_title"), F("search_sapo"), F("search_body"), F("search_bylines")
            )
        )


def drop_bylines_from_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        Article = apps.get_model("articles", "Article")
        Article.objects.using(schema_editor.connection.alias).update(
            search_vector=weighted_vector(F("search_title"), F("search_sapo"), F("search_body"))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_site_settings"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_bylines",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_bylines_copy, drop_bylines_from_vectors, elidable=True),
    ]
