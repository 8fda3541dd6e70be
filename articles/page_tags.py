"""What a kept page shows, and which kept pages a change touches: the two halves of the page cache's
dependency tags (the cache itself is articles/page_cache.py). Both tables are here, so that a tag a page
carries and a change that ends it are read side by side.

The tags:

    article:<id>    the article's own page (its text, photos, bylines, tags, corrections, "Updated at …")
    link:<id>       a page that links to the article: a card in a listing, previous / next, related, the
                    "Tin xem nhiều" box, the Vi / En switch (its title, address, sapo or lead photo)
    home:<lang>     which articles the edition's home page lists, and in what order
    section:<id>    … a section's pages list; tag:<id> a tag's; author:<id> an author's
    name:tag:<id>   a page printing the tag's name (an article's tag list); name:author:<id> a byline
    most-viewed     the /xem-nhieu/ page
    corrections     the corrections page
    site            what every page prints: the section menu, the footer's particulars (Press Law, Art. 46)
    untagged        a page whose view said nothing about what it shows: every change ends it

What a change does (CHANGES below): an ordinary edit of a published article ends, *softly*, its own page
and, only when something a link prints changed (title, address, sapo, photos, time), the pages linking to it
and its listings — readers get the previous copy for up to NEWSROOM_PAGE_CACHE_STALE_SECONDS while one
request makes the new one, so a title edit may lag a few seconds on the other pages; an article published
now is such an ordinary change too. A take-down (or any step or delete that makes an article invisible), a
correction, and an article's scheduled minute (page_cache._publish_due) end them *hard*: not one more reader
gets a copy made before, not even stale, and that includes every page that merely links to a taken-down
article.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

SITE = "site"
UNTAGGED = "untagged"
MOST_VIEWED = "most-viewed"
CORRECTIONS = "corrections"

# What a link to an article prints (a card: title, address, sapo, photo, time). An edit to anything else
# (the body, most often, as a breaking story is updated) changes only the article's own page.
LINK_FIELDS = ("title", "slug", "sapo", "section_id", "language", "published_at", "translation_id")
# What decides where an article is listed, and whether it is public.
STATE_FIELDS = ("status", "published_at", "section_id", "language")
BEFORE_FIELDS = tuple(dict.fromkeys((*LINK_FIELDS, *STATE_FIELDS)))


def article(pk) -> str:
    return f"article:{pk}"


def link(pk) -> str:
    return f"link:{pk}"


# ---------------------------------------------------------------- what a page shows


def _pks(items) -> list:
    return [item.pk for item in items if item is not None and getattr(item, "pk", None) is not None]


def _prefetched(instance, name: str) -> list:
    """A relation already fetched for the page, or nothing: deriving tags must never cost a query."""
    return list(getattr(instance, "_prefetched_objects_cache", {}).get(name, ()))


def links(articles) -> list[str]:
    """The tags of a list of articles a page links to (for a fragment: page_cache.shows(*links(…)))."""
    return [link(pk) for pk in _pks(articles)]


def context_tags(context: dict, language: str) -> set[str]:
    """The tags of a page made from this template context (the keys the public views pass)."""
    from articles.models import Article, Correction

    tags = {SITE}
    shown = context.get("article")
    if isinstance(shown, Article) and shown.pk:
        tags.add(article(shown.pk))
        tags.update(f"name:tag:{tag.pk}" for tag in _prefetched(shown, "tags"))
        tags.update(f"name:author:{byline.author_id}" for byline in _prefetched(shown, "bylines"))
        # The Vi / En switch: the translation's tag, whether it is public yet or not (its publication ends this).
        translations = [shown.translation_id, getattr(shown._state.fields_cache.get("translation_of"), "pk", None)]
        tags.update(link(pk) for pk in translations if pk is not None)
    elif context.get("section") is not None:  # on an article page "section" is only the menu's highlight
        tags.add(f"section:{context['section'].pk}")
    if context.get("tag") is not None:
        tags.add(f"tag:{context['tag'].pk}")
    if context.get("author") is not None:
        tags.add(f"author:{context['author'].pk}")
    if any(key in context for key in ("lead", "secondary", "section_blocks")):
        tags.add(f"home:{language}")
    for key in ("lead", "secondary", "related", "articles"):
        tags.update(links(context.get(key) or ()))
    tags.update(links([context.get("previous_article"), context.get("next_article")]))
    for block in context.get("section_blocks") or ():
        tags.update(links(block.get("articles", ())))
    if "articles" in context and "window" in context:
        tags.add(MOST_VIEWED)
    page = context.get("page")
    rows = list(page or ())
    tags.update(links(row for row in rows if isinstance(row, Article)))
    if page is not None and getattr(page.paginator.object_list, "model", None) is Correction:
        tags.add(CORRECTIONS)
        tags.update(link(row.article_id) for row in rows)
    return tags


# ---------------------------------------------------------------- what a change touches


@dataclass(frozen=True)
class Change:
    tags: frozenset[str]
    hard: bool = False


def _listings(state: dict, tag_ids=(), author_ids=()) -> set[str]:
    return {
        f"home:{state['language']}",
        f"section:{state['section_id']}",
        *(f"tag:{pk}" for pk in tag_ids),
        *(f"author:{pk}" for pk in author_ids),
    }


def _visible(state: dict | None) -> bool:
    from django.utils import timezone

    from articles.models import Article

    return bool(
        state
        and state["status"] == Article.Status.PUBLISHED
        and state["published_at"] is not None
        and state["published_at"] <= timezone.now()
    )


def _state(instance) -> dict:
    return {name: getattr(instance, name) for name in BEFORE_FIELDS}


def _related_ids(instance) -> tuple[list, list]:
    from articles.models import Byline, TaggedArticle

    tag_ids = list(TaggedArticle.objects.filter(content_object_id=instance.pk).values_list("tag_id", flat=True))
    author_ids = list(Byline.objects.filter(article_id=instance.pk).values_list("author_id", flat=True))
    return tag_ids, author_ids


def article_change(before: dict | None, after: dict | None, pk, related=None) -> Change | None:
    """An article saved or deleted: `before` and `after` its BEFORE_FIELDS (None: it did not exist)."""
    was, now = _visible(before), _visible(after)
    if not (was or now):
        return None  # a draft, a scheduled article before its minute: no reader sees it
    tag_ids, author_ids = related() if related else ((), ())
    everything = {article(pk), link(pk)}
    for state in (before, after):
        if _visible(state):
            everything |= _listings(state, tag_ids, author_ids)
    if was != now:  # its corrections and views go or come with it
        # Gone (taken down, withdrawn, deleted): hard. Published now: an ordinary change, the listings may
        # lag it by the stale bound (its scheduled minute, which no write marks, is purged hard: _publish_due).
        return Change(frozenset(everything | {MOST_VIEWED, CORRECTIONS}), hard=was)
    if any(before[name] != after[name] for name in LINK_FIELDS):
        return Change(frozenset(everything))
    return Change(frozenset({article(pk)}))


def appeared(instance) -> Change | None:
    """An article whose scheduled minute has come (nothing was written then)."""
    before = _state(instance) | {"status": "scheduled"}
    return article_change(before, _state(instance), instance.pk, lambda: _related_ids(instance))


# ---------------------------------------------------------------- signals

_BEFORE = "_page_cache_before"


def _article_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    row = sender.objects.filter(pk=instance.pk).values(*BEFORE_FIELDS).first()
    setattr(instance, _BEFORE, row)


def _article_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = instance.__dict__.pop(_BEFORE, None)
    change = article_change(before, _state(instance), instance.pk, lambda: _related_ids(instance))
    if change is None and instance.Status.PUBLISHED in (instance.status, (before or {}).get("status")):
        _tell(Change(frozenset()))  # scheduled, or its time moved: only the next publication changes
    _tell(change)


def _article_deleting(sender, instance, **kwargs):
    if _visible(_state(instance)):  # its tags and bylines go in the same delete: read them first
        setattr(instance, _BEFORE, _related_ids(instance))


def _article_deleted(sender, instance, **kwargs):
    related = instance.__dict__.pop(_BEFORE, ((), ()))
    _tell(article_change(_state(instance), None, instance.pk, lambda: related))


def _parent(instance):
    """The article a photo, byline, correction or event belongs to, with its state; None if gone."""
    from articles.models import Article

    return Article.objects.filter(pk=instance.article_id).values("pk", *BEFORE_FIELDS).first()


def _part_changed(instance, *, link_too: bool, extra=(), hard=False):
    parent = _parent(instance)
    if parent is None or not _visible(parent):
        return
    tags = {article(parent["pk"]), *extra}
    if link_too:
        tags |= {link(parent["pk"]), *_listings(parent)}
    _tell(Change(frozenset(tags), hard=hard))


def _photo_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _part_changed(instance, link_too=True)  # the lead photo is on the cards


def _byline_before(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        old = sender.objects.filter(pk=instance.pk).values_list("author_id", flat=True).first()
        setattr(instance, _BEFORE, old)


def _byline_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    authors = {instance.author_id, instance.__dict__.pop(_BEFORE, None)} - {None}
    _part_changed(instance, link_too=False, extra=[f"author:{pk}" for pk in authors])


def _correction_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # Press Law, Art. 42: a correction is printed for every reader at once
        _part_changed(instance, link_too=False, extra=[CORRECTIONS], hard=True)


def _event_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # "Updated at …"
        _part_changed(instance, link_too=False)


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    from articles.models import Article, TaggedArticle

    if action == "pre_clear":
        ids = TaggedArticle.objects.filter(**{"tag_id" if reverse else "content_object_id": instance.pk})
        setattr(instance, _BEFORE, list(ids.values_list("content_object_id" if reverse else "tag_id", flat=True)))
        return
    if not action.startswith("post_"):
        return
    ids = pk_set if pk_set is not None else instance.__dict__.pop(_BEFORE, [])
    pairs = [(instance.pk, pk) for pk in ids] if not reverse else [(pk, instance.pk) for pk in ids]
    rows = Article.objects.filter(pk__in={pair[0] for pair in pairs}).values("pk", "status", "published_at")
    states = {row["pk"]: row for row in rows}
    tags = set()
    for article_pk, tag_pk in pairs:
        if _visible(states.get(article_pk)):
            tags |= {article(article_pk), f"tag:{tag_pk}"}
    if tags:
        _tell(Change(frozenset(tags)))


def _tagged_row_changed(sender, instance, raw=False, **kwargs):
    from articles.models import Article

    state = Article.objects.filter(pk=instance.content_object_id).values("status", "published_at").first()
    if not raw and _visible(state):
        _tell(Change(frozenset({article(instance.content_object_id), f"tag:{instance.tag_id}"})))


def _name_changed(kind):
    def receiver(sender, instance, raw=False, **kwargs):
        if not raw:
            _tell(Change(frozenset({f"{kind}:{instance.pk}", f"name:{kind}:{instance.pk}"})))

    return receiver


def _site_changed(sender, instance=None, raw=False, **kwargs):
    if not raw:  # the menu (names, order, addresses) and the footer are on every page
        _tell(Change(frozenset({SITE, *([f"section:{instance.pk}"] if sender.__name__ == "Section" else [])})))


def _tell(change: Change | None) -> None:
    from articles import page_cache

    if change is not None:
        page_cache.changed(*change.tags, hard=change.hard)


def connect_signals() -> None:
    """Called once from ArticlesConfig.ready()."""
    model = apps.get_model
    article_model = model("articles.Article")
    pairs = [
        (pre_save, article_model, _article_before),
        (post_save, article_model, _article_saved),
        (pre_delete, article_model, _article_deleting),
        (post_delete, article_model, _article_deleted),
        (post_save, model("articles.Photo"), _photo_changed),
        (post_delete, model("articles.Photo"), _photo_changed),
        (pre_save, model("articles.Byline"), _byline_before),
        (post_save, model("articles.Byline"), _byline_changed),
        (post_delete, model("articles.Byline"), _byline_changed),
        (post_save, model("articles.Correction"), _correction_changed),
        (post_delete, model("articles.Correction"), _correction_changed),
        (post_save, model("articles.ArticleEvent"), _event_changed),
        (m2m_changed, model("articles.TaggedArticle"), _tags_changed),
        (post_save, model("articles.TaggedArticle"), _tagged_row_changed),
        (post_delete, model("articles.TaggedArticle"), _tagged_row_changed),
        (post_save, model("articles.Tag"), _name_changed("tag")),
        (post_delete, model("articles.Tag"), _name_changed("tag")),
        (post_save, model("articles.Author"), _name_changed("author")),
        (post_delete, model("articles.Author"), _name_changed("author")),
        (post_save, model("articles.Section"), _site_changed),
        (post_delete, model("articles.Section"), _site_changed),
        (post_save, model("articles.SiteSettings"), _site_changed),
        (post_delete, model("articles.SiteSettings"), _site_changed),
    ]
    for signal, sender, receiver in pairs:
        uid = f"page_tags:{sender.__name__}:{receiver.__name__}"
        signal.connect(receiver, sender=sender, weak=False, dispatch_uid=uid)
