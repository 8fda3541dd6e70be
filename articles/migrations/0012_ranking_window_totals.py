"""Ranking from running totals (issue 10, item 4): each window's views per article, kept as views are applied and
moved at each hour or local-day edge, and where each window starts. The data step sums them from the buckets
already stored, through ranking.windows_rebuild: the window rule lives in ranking.py alone."""

import django.db.models.deletion
from django.db import migrations, models


def build_totals(apps, schema_editor):
    from articles import ranking

    # A database without views gets its window starts with its first view (ranking creates missing ones), at
    # that moment's clock rather than this one's.
    if apps.get_model("articles", "ArticleViewDay").objects.exists() or apps.get_model(
        "articles", "ArticleViewHour"
    ).objects.exists():
        ranking.windows_rebuild()


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0011_autosave_presence'),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticleViewWindowStart',
            fields=[
                ('window', models.CharField(max_length=4, primary_key=True, serialize=False, verbose_name='window')),
                ('starts_at', models.DateTimeField(verbose_name='starts at')),
            ],
            options={
                'verbose_name': 'window start',
                'verbose_name_plural': 'window starts',
            },
        ),
        migrations.CreateModel(
            name='ArticleViewWindow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('window', models.CharField(max_length=4, verbose_name='window')),
                ('views', models.PositiveBigIntegerField(default=0, verbose_name='views')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='articles.article')),
            ],
            options={
                'verbose_name': 'views in a window',
                'verbose_name_plural': 'views in a window',
                'indexes': [models.Index(fields=['window', '-views', '-article'], name='view_window_rank_idx')],
                'constraints': [models.UniqueConstraint(fields=('window', 'article'), name='view_window_unique')],
            },
        ),
        migrations.RunPython(build_totals, migrations.RunPython.noop),
    ]
