# Search tiers on PostgreSQL (articles/search.py `find`): the title's and sapo's words in a small vector of their
# own (`search_head`, weights A and B), GIN-indexed whole (the title and sapo tier) and as its title part (the
# title tier), so a page of title hits, then sapo hits, is read newest first from an index and stops when the
# page is full. The column exists everywhere (SQLite leaves it empty); the fill and the indexes are PostgreSQL
# only and check the vendor themselves, so SQLite migrates.

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations
from django.db.models import F

from articles.search import HEAD_INDEX, TITLE_INDEX, head_words, title_vector


def _indexes():
    return [GinIndex(title_vector(), name=TITLE_INDEX), GinIndex(F("search_head"), name=HEAD_INDEX)]


def fill_and_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    article = apps.get_model("articles", "Article")
    # The indexes first: PostgreSQL refuses CREATE INDEX on a table with pending (deferred foreign-key) trigger
    # events, which an UPDATE leaves until the transaction ends (as in 0006).
    for index in _indexes():
        schema_editor.add_index(article, index)
    article.objects.using(schema_editor.connection.alias).update(
        search_head=head_words(F("search_title"), F("search_sapo"))
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    article = apps.get_model("articles", "Article")
    for index in _indexes():
        schema_editor.remove_index(article, index)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_pages_page_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_head",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_and_index, drop_indexes, elidable=False),
    ]
