"""Snapshots of an article's content (lưu chiểu) and readable differences between two of them."""

import difflib
import html
import re

from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Revision, user_display_name
from articles.text import split_blocks

_WORDS = re.compile(r"\S+|\s+")


def article_content(article: Article) -> dict:
    """Everything a reader is shown of the article, as plain data that outlives the rows it came from."""
    photos = sorted(article.photos.all(), key=lambda photo: (photo.position, photo.pk))
    bylines = article.bylines.select_related("author").order_by("position", "id")
    return _content(article, photos, bylines, article.tags.all())


def fresh_content(article: Article) -> dict:
    """`article_content` of an article just written with no photos, bylines or tags (a bulk import), without
    asking the database for them."""
    return _content(article, photos=(), bylines=(), tags=())


def _content(article: Article, photos, bylines, tags) -> dict:
    return {
        "title": article.title,
        "sapo": article.sapo,
        "body": article.body,
        "section": article.section.name,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "photos": [
            {
                "image": photo.image.name,
                "caption": photo.caption,
                "credit": photo.credit,
                "alt_text": photo.alt_text,
                "after_paragraph": photo.after_paragraph,
            }
            for photo in photos
        ],
        # In the article's own language, whatever language the admin user who triggered the snapshot reads.
        "bylines": [{"name": byline.author.name, "role": _role_label(byline, article.language)} for byline in bylines],
        "tags": sorted(tag.name for tag in tags),
    }


def _role_label(byline, language: str) -> str:
    with translation.override(language):
        return str(byline.get_role_display())


def revision_build(article: Article, reason: str, user, *, content: dict | None = None) -> Revision:
    """The snapshot of the article as it stands, unsaved (bulk imports save many at once)."""
    return Revision(
        article=article,
        article_number=article.pk,
        reason=reason,
        status=article.status,
        created_by=user,
        created_by_name=user_display_name(user),
        content=article_content(article) if content is None else content,
    )


def revision_create(article: Article, reason: str, user) -> Revision:
    revision = revision_build(article, reason, user)
    revision.save()
    return revision


def _paragraphs(body_html: str) -> list[str]:
    # Plain text as the reader reads it: tags gone, entities decoded (they are escaped once, on output).
    return [" ".join(html.unescape(strip_tags(block)).split()) for block in split_blocks(body_html)]


def _photo_lines(photos: list[dict]) -> list[str]:
    lines = []
    for photo in photos:
        credit = f" (Ảnh: {photo['credit']})" if photo.get("credit") else ""
        lines.append(f"{photo.get('caption', '')}{credit} [{photo.get('image', '')}]")
    return lines


def _as_lines(content: dict) -> dict[str, list[str]]:
    return {
        "title": [content.get("title", "")],
        "sapo": [content.get("sapo", "")],
        "body": _paragraphs(content.get("body", "")),
        "photos": _photo_lines(content.get("photos", [])),
        "bylines": [f"{b['name']} ({b['role']})" for b in content.get("bylines", [])],
        "tags": [", ".join(content.get("tags", []))],
    }


def _word_diff(old: str, new: str) -> str:
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(html.escape("".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{html.escape(''.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{html.escape(''.join(new_words[b1:b2]))}</ins>")
    return "".join(parts)


def _field_diff(old_lines: list[str], new_lines: list[str]) -> list[SafeString]:
    """Paragraph by paragraph: unchanged ones shown plain, changed ones word by word."""
    rows: list[SafeString] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(mark_safe(html.escape(line)) for line in old_lines[a1:a2])  # noqa: S308
        elif op == "replace" and a2 - a1 == b2 - b1:
            rows.extend(
                mark_safe(_word_diff(old, new))  # noqa: S308 - every piece is escaped above
                for old, new in zip(old_lines[a1:a2], new_lines[b1:b2], strict=True)
            )
        else:
            rows.extend(mark_safe(f"<del>{html.escape(line)}</del>") for line in old_lines[a1:a2])  # noqa: S308
            rows.extend(mark_safe(f"<ins>{html.escape(line)}</ins>") for line in new_lines[b1:b2])  # noqa: S308
    return rows


FIELD_LABELS = {
    "title": _("title"),
    "sapo": _("sapo"),
    "body": _("body"),
    "photos": _("photos"),
    "bylines": _("bylines"),
    "tags": _("tags"),
}


def content_diff(old: dict, new: dict) -> list[dict]:
    """Per field: whether it changed, and its rows with <del>/<ins> marks (already escaped)."""
    old_lines, new_lines = _as_lines(old), _as_lines(new)
    return [
        {
            "field": field,
            "label": label,
            "changed": old_lines[field] != new_lines[field],
            "rows": _field_diff(old_lines[field], new_lines[field]),
        }
        for field, label in FIELD_LABELS.items()
    ]
