"""The desk's safety nets: a person's autosaved copy of an article form, and who has an article open
(articles/workflow/autosave.py, articles/workflow/presence.py). Neither is content: no data to migrate."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0010_withdraw"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticleAutosave',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fields', models.JSONField(default=dict)),
                ('labels', models.JSONField(blank=True, default=dict)),
                ('base_version', models.PositiveIntegerField(blank=True, null=True)),
                ('photos_pending', models.BooleanField(default=False)),
                ('saved_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='articles.article')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'autosaved copy',
                'verbose_name_plural': 'autosaved copies',
                'constraints': [models.UniqueConstraint(condition=models.Q(('article__isnull', False)), fields=('user', 'article'), name='autosave_one_per_article'), models.UniqueConstraint(condition=models.Q(('article__isnull', True)), fields=('user',), name='autosave_one_new')],
            },
        ),
        migrations.CreateModel(
            name='ArticlePresence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seen_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='articles.article')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'open article',
                'verbose_name_plural': 'open articles',
                'constraints': [models.UniqueConstraint(fields=('article', 'user'), name='presence_one_per_person')],
            },
        ),
    ]
