"""bench/seed_realistic.py, the archive other benchmarks measure on: the shape it promises, on a small run."""

import importlib.util
import random
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.models import Article, Correction, Photo

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "seed_realistic.py"


@pytest.fixture(scope="module")
def seed_realistic():
    spec = importlib.util.spec_from_file_location("seed_realistic", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_articles_have_the_real_papers_shape(seed_realistic, client):
    summary, newest = seed_realistic.seed(40, rng=random.Random(3), english_share=0.25, views=0, photos_per_motif=1)

    vietnamese = Article.objects.filter(language=Article.Language.VIETNAMESE)
    english = Article.objects.filter(language=Article.Language.ENGLISH)
    assert vietnamese.count() == 40
    assert summary["articles"] == 40 + english.count() and english.exists()
    assert Correction.objects.exists()
    two_years_ago = timezone.now() - timedelta(days=seed_realistic.ARCHIVE_DAYS + 1)
    for article in Article.objects.prefetch_related("tags", "photos", "bylines"):
        assert article.is_published() and two_years_ago < article.published_at < timezone.now()
        assert 3 <= len(article.tags.all()) <= 5 if article.language == "vi" else len(article.tags.all()) == 3
        assert 7 <= len(re.findall(r"<p>", article.body)) <= 10
        assert 1 <= len(article.photos.all()) <= 3
        assert [photo.is_lead for photo in article.photos.all()][0]
        assert any(byline.role == "text" for byline in article.bylines.all())
        assert article.sapo.startswith("(ĐN) - ") or article.language == "en"
    # Every English edition is some Vietnamese article's translation.
    assert set(vietnamese.exclude(translation=None).values_list("translation", flat=True)) == set(
        english.values_list("pk", flat=True)
    )
    # The photos share a few real files.
    names = set(Photo.objects.values_list("image", flat=True))
    assert len(names) <= summary["photo_files"] and all(default_storage.exists(name) for name in names)

    assert client.get(newest).status_code == 200


@pytest.mark.django_db
def test_a_second_run_adds_as_many_again(seed_realistic):
    seed_realistic.seed(5, rng=random.Random(1), english_share=0, views=0, photos_per_motif=1)
    seed_realistic.seed(5, rng=random.Random(1), english_share=0, views=0, photos_per_motif=1)

    assert Article.objects.count() == 10
