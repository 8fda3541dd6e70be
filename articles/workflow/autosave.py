"""Autosave: what a person typed in the article form but has not saved yet, kept per person and article.

The browser (static/newsroom_admin/desk.js) sends the form's text fields every few seconds while they differ
from what was loaded, and when the tab is hidden. The copy is not the article and not a revision: it is never
public, never shown to anyone but the person who typed it, and only while they may still edit the article
(`may_keep`). Opening the article again offers it back with a diff; a successful save deletes it.
Photos are files: only their text fields are kept, and the copy says when a chosen photo was not.
"""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.utils import parse_tags

from articles import workflow
from articles.models import Article, ArticleAutosave, Author, Byline, Section
from articles.revisions import article_content, content_diff

# A long article is ~100 KB of HTML; the limit only stops a runaway or hostile client.
MAX_BYTES = 1_000_000
MAX_FIELDS = 2000  # a form with 150 photos is ~1,600 fields
# The form's own fields and the text of its inline rows; never files, tokens or the step buttons.
_FIELD_NAME = re.compile(
    r"(title|slug|sapo|body|section|tags|language|translation|loaded_version"
    r"|step-[a-z_]+-(note|publish_at)"
    r"|(photos|bylines)-(\d{1,3})-(id|caption|credit|alt_text|after_paragraph|position|is_lead|author|role|DELETE)"
    r"|(photos|bylines)-TOTAL_FORMS)"
)
# How far back a copy the browser kept while offline or signed out may say it was typed.
_CLIENT_TIME_WINDOW = timedelta(days=30)


class AutosaveRejected(ValueError):
    """The browser sent something that is not a copy of the article form."""


def interval_seconds() -> int:
    return getattr(settings, "NEWSROOM_AUTOSAVE_SECONDS", 20)


def may_keep(user, article: Article | None) -> bool:
    """Only someone who may edit the article keeps (and reads back) a copy of it; for a new article, who may add."""
    if article is None:
        return user.is_active and user.is_staff and user.has_perm("articles.add_article")
    return workflow.can_edit(user, article)


def clean_fields(fields, *, max_length: int | None = None) -> dict[str, str]:
    if not isinstance(fields, dict) or len(fields) > MAX_FIELDS:
        raise AutosaveRejected(f"fields must be an object of at most {MAX_FIELDS} entries")
    cleaned = {}
    for name, value in fields.items():
        if not isinstance(name, str) or not _FIELD_NAME.fullmatch(name):
            continue  # a field this copy does not keep (a file, a token): dropped, not an error
        if not isinstance(value, str):
            raise AutosaveRejected(f"{name} must be text")
        cleaned[name] = value[:max_length] if max_length else value
    return cleaned


def _when(client_time: datetime | None) -> datetime:
    """The moment the text was typed: now, or the browser's time for a copy it kept while it could not send."""
    now = timezone.now()
    if client_time is None or not (now - _CLIENT_TIME_WINDOW <= client_time <= now):
        return now
    return client_time


def autosave_store(
    user,
    article: Article | None,
    fields: dict,
    *,
    labels: dict | None = None,
    base_version: int | None = None,
    photos_pending: bool = False,
    typed_at: datetime | None = None,
) -> ArticleAutosave:
    """Keep this person's copy of the form, replacing their previous one for the same article."""
    values = {
        "fields": clean_fields(fields),
        "labels": clean_fields(labels or {}, max_length=300),
        "base_version": base_version,
        "photos_pending": bool(photos_pending),
        "saved_at": _when(typed_at),
    }
    mine = ArticleAutosave.objects.filter(user=user, article=article)
    with transaction.atomic():
        # Newest wins: a copy the browser kept offline may arrive after one typed later (another tab, device).
        if mine.filter(saved_at__lte=values["saved_at"]).update(**values):
            return mine.get()
        newer = mine.first()
        if newer is not None:
            return newer
        try:
            with transaction.atomic():  # a savepoint: a second tab may have created it in between
                return ArticleAutosave.objects.create(user=user, article=article, **values)
        except IntegrityError:
            mine.update(**values)
            return mine.get()


def added_since(user, fields, typed_at: datetime | None) -> bool:
    """Whether this person added an article with this title after the add form's copy was typed: the browser
    keeps the add form's copy until it learns the save went through, which a redirect to the list never says."""
    title = fields.get("title", "").strip() if isinstance(fields, dict) and isinstance(fields.get("title"), str) else ""
    if not title or typed_at is None:
        return False
    return Article.objects.filter(
        created_by=user, title=title, created_at__gte=typed_at - timedelta(minutes=1)
    ).exists()


def autosave_for(user, article: Article | None) -> ArticleAutosave | None:
    if not may_keep(user, article):
        return None
    return ArticleAutosave.objects.filter(user=user, article=article).first()


def autosave_discard(user, article: Article | None) -> None:
    ArticleAutosave.objects.filter(user=user, article=article).delete()


def _empty_content() -> dict:
    return {"title": "", "sapo": "", "body": "", "section": "", "photos": [], "bylines": [], "tags": []}


def _rows(fields: dict, prefix: str) -> list[int]:
    """The inline rows the form had (existing and added), without those marked for deletion."""
    total = fields.get(f"{prefix}-TOTAL_FORMS", "")
    if not total.isdigit():
        return []
    return [row for row in range(min(int(total), 1000)) if fields.get(f"{prefix}-{row}-DELETE") != "on"]


def _typed_photos(autosave: ArticleAutosave, article: Article | None) -> list[dict]:
    fields = autosave.fields
    saved = {str(photo.pk): photo for photo in article.photos.all()} if article is not None else {}
    photos = []
    for row in _rows(fields, "photos"):
        photo = saved.get(fields.get(f"photos-{row}-id", ""))
        typed = {key: fields.get(f"photos-{row}-{key}", "") for key in ("caption", "credit", "alt_text")}
        if photo is None and not any(typed.values()):
            continue  # an empty row added and left: nothing was typed in it
        # A photo added but not saved has no file here: files are never autosaved (photos_pending says so).
        photos.append({"image": photo.image.name if photo else "", "after_paragraph": 0, **typed})
    return photos


def _typed_bylines(autosave: ArticleAutosave, article: Article | None) -> list[dict]:
    fields, labels = autosave.fields, autosave.labels
    language = fields.get("language") or (article.language if article else Article.Language.VIETNAMESE)
    bylines = []
    for row in _rows(fields, "bylines"):
        author_id = fields.get(f"bylines-{row}-author", "")
        if not author_id.isdigit():
            continue
        author = Author.objects.filter(pk=int(author_id)).first()
        name = author.name if author else labels.get(f"bylines-{row}-author", author_id)
        role = fields.get(f"bylines-{row}-role") or Byline.Role.TEXT
        with translation.override(language if language in dict(Article.Language.choices) else None):
            role_label = str(dict(Byline.Role.choices).get(role, role))
        bylines.append({"name": name, "role": role_label})
    return bylines


def autosave_content(autosave: ArticleAutosave, article: Article | None) -> dict:
    """The copy in the shape of revisions.article_content, so it diffs like a saved version."""
    content = article_content(article) if article is not None else _empty_content()
    fields = autosave.fields
    for name in ("title", "sapo", "body"):
        if name in fields:
            content[name] = fields[name]
    if fields.get("section", "").isdigit():
        section = Section.objects.filter(pk=int(fields["section"])).first()
        content["section"] = section.name if section else ""
    if "tags" in fields:
        content["tags"] = sorted(parse_tags(fields["tags"]))
    # The inline rows as typed: captions and credits, photos and bylines added or removed.
    if "photos-TOTAL_FORMS" in fields:
        content["photos"] = _typed_photos(autosave, article)
    if "bylines-TOTAL_FORMS" in fields:
        content["bylines"] = _typed_bylines(autosave, article)
    return content


def _placement_rows(autosave: ArticleAutosave, article: Article | None) -> list[dict]:
    """Section, language, slug and translation: not in a revision's diff, but a copy that changes only them still
    holds choices someone made, and must be offered rather than silently dropped."""
    fields = autosave.fields
    rows = []

    def section_name(pk: str) -> str:
        section = Section.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
        return section.name if section else ""

    def article_title(pk: str) -> str:
        title = Article.objects.filter(pk=int(pk)).values_list("title", flat=True).first() if pk.isdigit() else None
        return title or autosave.labels.get("translation") or pk

    saved = {
        "section": str(article.section_id) if article else "",
        "language": article.language if article else Article.Language.VIETNAMESE,
        "slug": article.slug if article else "",
        "translation": str(article.translation_id or "") if article else "",
    }
    shown = {
        "section": (Article._meta.get_field("section").verbose_name, section_name),
        "language": (Article._meta.get_field("language").verbose_name, lambda code: Article.Language(code).label),
        "slug": (Article._meta.get_field("slug").verbose_name, str),
        "translation": (Article._meta.get_field("translation").verbose_name, article_title),
    }
    for name, (label, readable) in shown.items():
        typed = fields.get(name)
        if typed is None or typed == saved[name] or (article is None and name == "slug"):
            continue  # a new article's slug follows its title: the title's row says it
        try:
            old, new = readable(saved[name]) if saved[name] else "", readable(typed) if typed else ""
        except ValueError:
            continue  # a value the form would refuse anyway: nothing to restore there
        row = format_html("<del>{}</del> <ins>{}</ins>", old, new) if old else format_html("<ins>{}</ins>", new)
        rows.append({"field": name, "label": label, "changed": True, "rows": [row]})
    # A note typed for a workflow step (why it is returned, why taken down) is text too.
    for name, value in sorted(fields.items()):
        if re.fullmatch(r"step-[a-z_]+-note", name) and value.strip():
            rows.append(
                {"field": name, "label": _("note"), "changed": True, "rows": [format_html("<ins>{}</ins>", value)]}
            )
    return rows


def autosave_diff(autosave: ArticleAutosave, article: Article | None) -> list[dict]:
    """What the copy changes in the saved article (for a new article: everything it holds)."""
    saved = article_content(article) if article is not None else _empty_content()
    return content_diff(saved, autosave_content(autosave, article)) + _placement_rows(autosave, article)


def differs_from_saved(autosave: ArticleAutosave, article: Article | None) -> bool:
    return any(field["changed"] for field in autosave_diff(autosave, article))
