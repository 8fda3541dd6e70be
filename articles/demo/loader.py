"""Builds the demo newsroom: sections, the paper's particulars, roles, staff accounts, the seed article with its
English edition, three weeks of plausible Đồng Nai news (with English translations of at least two articles in
every section, articles_en.py) plus some work in progress.

Every step looks up what exists first (articles by slug, authors by slug or name, sections by slug), so a
second run adds nothing and an article already present is left exactly as it is, photos included.
"""

import html
import importlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from articles.demo.articles import DEMO_ARTICLES, WORK_IN_PROGRESS
from articles.demo.articles_en import TRANSLATIONS
from articles.demo.photos import motif_for, render_photo
from articles.demo.seed_article import SEED_ARTICLE, SEED_ARTICLE_EN
from articles.demo.site_settings import ensure_site_settings
from articles.demo.users import Login, ensure_users
from articles.demo.views import seed_views
from articles.models import Article, Author, Byline, Photo, Section, Tag
from articles.roles import ensure_groups
from articles.text import slugify_vi
from articles.workflow import article_import

# A module whose name starts with a digit cannot be named in an import statement; reading the migration's
# table keeps one list of default sections in the project.
DEFAULT_SECTIONS: list[tuple[str, str]] = importlib.import_module(
    "articles.migrations.0002_default_sections"
).DEFAULT_SECTIONS

# Who is recorded as having typed in the work in progress: the admin should show a reporter's open drafts.
WORK_IN_PROGRESS_OWNER = "phongvien"
# Who took the desk's steps (submit, publish) on the demo's published articles.
DEMO_EDITOR = "bientapvien"


@dataclass
class SeedReport:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    logins: list[Login] = field(default_factory=list)


def one_line(text: str) -> str:
    """Text written across several source lines, as the single line it is."""
    return " ".join(text.split())


def paragraphs(text: str | tuple[str, ...] | list[str]) -> list[str]:
    """A body given as exact paragraphs (a tuple) or as prose with blank lines between paragraphs."""
    if isinstance(text, str):
        return [one_line(block) for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
    return list(text)


def body_html(text) -> str:
    # quote=False: the sanitiser writes quotes back unescaped, and a body should read the same after a save.
    return "".join(f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in paragraphs(text))


def publication_times(specs, now: datetime) -> list[datetime]:
    """When each demo article (listed newest first) appeared: `days_ago` at `time`, local time.

    An article meant for later today is moved just before the one after it, so that everything is already
    public when the command ends, stays in the listed order, and today's articles stay today's.
    """
    local_now = timezone.localtime(now)
    ceiling, times = local_now, []
    for spec in specs:
        hour, minute = (int(part) for part in spec["time"].split(":"))
        day = (local_now - timedelta(days=spec["days_ago"])).replace(hour=0, minute=0, second=0, microsecond=0)
        wanted = day.replace(hour=hour, minute=minute)
        when = max(min(wanted, ceiling - timedelta(minutes=7)), day)
        times.append(when)
        ceiling = when
    return times


class _Authors:
    """Authors by name, looked up once: by slug first (how the site addresses them), then by name."""

    def __init__(self):
        self._by_name: dict[str, Author] = {}

    def get(self, name: str) -> Author:
        if name not in self._by_name:
            author = (
                Author.objects.filter(slug=slugify_vi(name)).first()
                or Author.objects.filter(name=name).first()
                or Author.objects.create(name=name)
            )
            self._by_name[name] = author
        return self._by_name[name]


def ensure_sections(report: SeedReport) -> dict[str, Section]:
    """The default sections by slug; one an editor renamed or re-slugged is found by its other key."""
    sections = {}
    for position, (name, slug) in enumerate(DEFAULT_SECTIONS, start=1):
        section = Section.objects.filter(slug=slug).first() or Section.objects.filter(name=name).first()
        if section is None:
            section = Section.objects.create(name=name, slug=slug, position=position * 10)
            report.created["sections"] += 1
        else:
            report.existing["sections"] += 1
        sections[slug] = section
    return sections


def ensure_article(
    spec: dict,
    *,
    sections: dict[str, Section],
    authors: _Authors,
    report: SeedReport,
    status: str = Article.Status.PUBLISHED,
    published_at: datetime | None = None,
    created_by=None,
    steps_by=None,
) -> Article:
    """The article of `spec`, unless one with its slug exists; new ones are taken to `status` by `steps_by` (an
    editor's account for published ones) through workflow.article_import."""
    title = one_line(spec["title"])
    slug = spec.get("slug") or slugify_vi(title)
    existing = Article.objects.filter(slug=slug).first()
    if existing is not None:
        report.existing["articles"] += 1
        return existing

    byline_authors = [(authors.get(name), role) for name, role in spec["bylines"]]
    if created_by is None:
        # A staff member's own story was typed in under their account; pen names and guests were not.
        created_by = next((author.user for author, _ in byline_authors if author.user_id), None)

    def add_content(article: Article) -> None:
        """Bylines, photos and tags, on the fresh draft: the submission and publication keep them (lưu chiểu)."""
        for position, (author, role) in enumerate(byline_authors):
            Byline.objects.create(article=article, author=author, role=role, position=position)
        for position, photo_spec in enumerate(spec.get("photos", ())):
            photo = Photo(
                article=article,
                caption=one_line(photo_spec["caption"]),
                # A published article's photos must describe themselves for blind readers (articles.workflow); the
                # demo's captions say what its pictures stand for, so a photo given no alt text reads its caption.
                alt_text=one_line(photo_spec.get("alt_text") or photo_spec["caption"]),
                credit=photo_spec.get("credit", ""),
                position=position,
                after_paragraph=photo_spec.get("after_paragraph", position),
                is_lead=position == 0,
            )
            picture = render_photo(
                photo_spec.get("seed") or f"{slug}-{position}",
                photo_spec.get("motif") or motif_for(spec["section"], position),
            )
            photo.image.save(f"{slug[:50]}-{position + 1}.jpg", ContentFile(picture), save=False)
            photo.save()
        article.tags.add(*spec.get("tags", ()))

    # Through the workflow's import door: the demo's articles carry the events and snapshots real ones do.
    article = article_import(
        steps_by or created_by,
        status=status,
        published_at=spec.get("published_at", published_at),
        prepare=add_content,
        title=title,
        slug=slug,
        sapo=one_line(spec["sapo"]),
        body=body_html(spec["body"]),
        section=sections[spec["section"]],
        language=spec.get("language", Article.Language.VIETNAMESE),
        created_by=created_by,
    )
    report.created["articles"] += 1
    return article


def english_spec(spec: dict, translation: dict) -> dict:
    """The English edition of a demo article: its translated text, with the original's section, bylines and
    pictures (drawn from the same seeds and motifs, so the same images, after the same paragraphs)."""
    slug = spec.get("slug") or slugify_vi(one_line(spec["title"]))
    photos = [
        {
            "caption": caption,
            "credit": photo["credit"],
            "after_paragraph": photo.get("after_paragraph", position),
            "seed": photo.get("seed") or f"{slug}-{position}",
            "motif": photo.get("motif") or motif_for(spec["section"], position),
        }
        for position, (photo, caption) in enumerate(zip(spec["photos"], translation["captions"], strict=True))
    ]
    return {
        "language": Article.Language.ENGLISH,
        "section": spec["section"],
        "title": translation["title"],
        "sapo": translation["sapo"],
        "body": translation["body"],
        "photos": photos,
        "bylines": spec["bylines"],
        "tags": translation["tags"],
    }


def link_translation(vietnamese: Article, english: Article) -> None:
    """Link the two editions for the Vi / En switch, unless an editor already linked either elsewhere."""
    if vietnamese.translation_id is None and not Article.objects.filter(translation=english).exists():
        vietnamese.translation = english
        vietnamese.save(update_fields=["translation"])


def seed_demo(*, development: bool, now: datetime | None = None) -> SeedReport:
    """Create whatever of the demo data is missing.

    development (DEBUG on): demo accounts and role groups are also reset to their demo state. Otherwise
    existing accounts and groups are only ever added to; see users.ensure_users and roles.ensure_groups.
    """
    report = SeedReport()
    now = now or timezone.now()
    before = {"photos": Photo.objects.count(), "authors": Author.objects.count(), "tags": Tag.objects.count()}

    # One transaction: a failure halfway leaves no half-built newsroom (photo files already written stay on
    # disk, unreferenced; the next run writes its own).
    with transaction.atomic():
        sections = ensure_sections(report)
        report.created["site_settings_fields"] = ensure_site_settings()
        groups, new_groups = ensure_groups(exact=development)
        report.created["groups"], report.existing["groups"] = len(new_groups), len(groups) - len(new_groups)
        report.logins, users = ensure_users(groups, development=development)
        report.created["users"] = sum(login.created for login in report.logins)
        report.existing["users"] = len(report.logins) - report.created["users"]

        authors = _Authors()
        # The desk's steps on the paper's published work are the demo editor's.
        common = {"sections": sections, "authors": authors, "report": report, "steps_by": users.get(DEMO_EDITOR)}
        english = ensure_article(SEED_ARTICLE_EN, **common)
        seed = ensure_article(SEED_ARTICLE, **common)
        link_translation(seed, english)

        published = [english, seed]
        for spec, published_at in zip(DEMO_ARTICLES, publication_times(DEMO_ARTICLES, now), strict=True):
            article = ensure_article(spec, published_at=published_at, **common)
            published.append(article)
            translation = TRANSLATIONS.get(one_line(spec["title"]))
            if translation is not None:
                # The English edition appears with the original, as the paper publishes both.
                english = ensure_article(english_spec(spec, translation), published_at=article.published_at, **common)
                link_translation(article, english)
                published.append(english)
        for spec in WORK_IN_PROGRESS:
            owner = users[WORK_IN_PROGRESS_OWNER]
            ensure_article(spec, status=spec["status"], created_by=owner, **(common | {"steps_by": owner}))

        # Readers last, once every article exists: only articles without views get any (see demo/views.py).
        report.created["viewed_articles"], report.created["views"] = seed_views(published, now=now)

    report.created["photos"] = Photo.objects.count() - before["photos"]
    report.created["authors"] = Author.objects.count() - before["authors"]
    report.created["tags"] = Tag.objects.count() - before["tags"]
    return report
