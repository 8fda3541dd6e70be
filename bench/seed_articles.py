"""Create N published articles in the database of DATABASE_URL and print their ids, comma-separated.

Run by views_http.py after `migrate`: `.venv/bin/python bench/seed_articles.py 200`. Through the workflow's
bulk import door (workflow.articles_import_published): each article gets the "publish" event and the
publish snapshot a real one has, a few queries per 500 articles.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from articles.models import Article, Section  # noqa: E402
from articles.workflow import articles_import_published  # noqa: E402


def main(count: int) -> None:
    sections = list(Section.objects.order_by("position", "id"))
    if not sections:
        sections = [Section.objects.create(name="Thời sự", slug="thoi-su", position=10)]
    now = timezone.now()
    articles = [
        Article(
            title=f"Bài đo tải số {n}",
            slug=f"bai-do-tai-so-{n}",
            sapo=f"(ĐN) - Bài viết số {n} cho phép đo lượt xem.",
            body="<p>Nội dung đo tải.</p>",
            section=sections[n % len(sections)],
            published_at=now - timedelta(hours=1, minutes=n),
        )
        for n in range(1, count + 1)
    ]
    # No person imports them: the events and snapshots name nobody.
    created = articles_import_published(None, articles, batch_size=500)
    print(",".join(str(article.pk) for article in created))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
