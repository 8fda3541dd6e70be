"""Article search: Vietnamese typed with or without diacritics; title hits above sapo hits above body hits.

Every article keeps a normalised copy of its title, sapo and body text (`search_title`, `search_sapo`,
`search_body`) and of its byline names (`search_bylines`, so "nguyet ha" finds Nguyệt Hà's articles):
diacritics stripped (đ too), case folded, HTML removed, words separated by single spaces and the whole
padded with one space at each end, so " dong nai " is found in it as a whole word. The reader's query is
normalised by the same function, so both sides always agree on what a word is.

On PostgreSQL the same text is also stored as a weighted tsvector (`search_vector`: title A, sapo B,
body C, bylines D) built with the `newsroom_vi` text-search configuration (`simple` + `unaccent`, created by
migration 0006) and indexed with GIN: a search is an index lookup, never a table scan. Elsewhere (SQLite)
each query word is looked up with LIKE in the normalised columns: slower, same answers.

Within a tier (title, sapo, body) the newest article comes first, on both databases. That order is what lets
PostgreSQL answer a page without reading every match (`find`): each tier is read newest first, from an index
(the vector's, or one of the two expression indexes over the title and over the title and sapo, migration
0012), and stops as soon as the page is full. The total is counted up to `COUNT_CAP` matches and no further:
past it the page says "more than 1,000" and offers the first `COUNT_CAP` results (a reader who needs more
adds a word).

`Article.save()` keeps the text's copy and the vector up to date in the statement that saves the text
(`index_article`); a byline added, removed or renamed updates the byline copy and the vector
(`bylines_changed`, from the Byline and Author signals connected in apps.py).

The result page marks the words that matched, wherever they stand and however they are written
(`highlight`: "dong nai" marks "Đồng Nai"), in the title, a snippet (`snippet`) and the byline.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache, reduce
from html.parser import HTMLParser
from operator import and_, or_

from django.contrib.postgres.search import (
    SearchQuery,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connections
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.signals import post_delete, post_save
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.text import strip_diacritics

SEARCH_CONFIG = "newsroom_vi"
# Whatever arrives in ?q=, at most this many characters and distinct words are searched for.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
# Past this many characters a text is not indexed: far beyond any article, and it keeps every vector well
# under PostgreSQL's 1 MB tsvector limit, so no text, however long, can make a save fail.
MAX_INDEXED_CHARS = 100_000
# The article fields the search copy is made from, and the fields that hold it.
TEXT_FIELDS = frozenset({"title", "sapo", "body"})
# search_head (PostgreSQL): the title and sapo words alone, weights A and B, small enough to test on every row.
INDEX_FIELDS = ("search_title", "search_sapo", "search_body", "search_vector", "search_head")
# The normalised byline names: written when bylines change (`bylines_changed`), never by a save of the text.
BYLINES_FIELD = "search_bylines"

# How a result ranks first: every word in the title, else every word in the title or sapo, else the body.
TIER_TITLE, TIER_SAPO, TIER_BODY = 3, 2, 1
# Matches are counted exactly up to this many; past it the total is "more than COUNT_CAP" and only the first
# COUNT_CAP results can be paged through.
COUNT_CAP = 1000
# The names of the expression indexes behind the tiers on PostgreSQL (migration 0012).
TITLE_INDEX, HEAD_INDEX = "article_search_title_idx", "article_search_head_idx"

_NOT_WORD = re.compile(r"[\W_]+")


def normalize(text: str) -> str:
    """'Đồng Nai: Quốc-phòng!' -> ' dong nai quoc phong ' ('' when there is no word at all)."""
    # Stripping twice: case folding can bring back a combining mark ('İ') and NFKD can bring back
    # capitals ('ℌ' -> 'H'); the second pass is cheap and leaves nothing of either.
    folded = strip_diacritics(strip_diacritics(text).casefold())
    words = _NOT_WORD.sub(" ", folded).split()
    return f" {' '.join(words)} " if words else ""


class _TextOfHtml(HTMLParser):
    # Inline tags may sit inside a word ("Đ<em>ồng</em>"); every other tag ends one.
    _INLINE = frozenset({"a", "b", "strong", "em", "i", "u", "s", "sub", "sup", "code", "span"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self._INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        self.handle_starttag(tag, ())

    def handle_data(self, data):
        self.parts.append(data)


def html_text(html: str) -> str:
    """The words of a (sanitised) body, entities decoded, with a space wherever a block ends."""
    parser = _TextOfHtml()
    parser.feed(html or "")
    parser.close()
    return "".join(parser.parts)


def _indexable(text: str) -> str:
    words = normalize(text)
    if len(words) <= MAX_INDEXED_CHARS:
        return words
    return words[: words.rfind(" ", 0, MAX_INDEXED_CHARS) + 1]  # cut between words, padding kept


def search_copy(title: str, sapo: str, body_html: str) -> dict[str, str]:
    """The normalised text fields of an article, by field name."""
    return {
        "search_title": _indexable(title or ""),
        "search_sapo": _indexable(sapo or ""),
        "search_body": _indexable(html_text(body_html)),
    }


def weighted_vector(title, sapo, body, bylines=None) -> SearchVector:
    """The weighted vector of text expressions (values or columns): title A, sapo B, body C, bylines D."""
    vector = (
        SearchVector(title, weight="A", config=SEARCH_CONFIG)
        + SearchVector(sapo, weight="B", config=SEARCH_CONFIG)
        + SearchVector(body, weight="C", config=SEARCH_CONFIG)
    )
    if bylines is not None:
        vector = vector + SearchVector(bylines, weight="D", config=SEARCH_CONFIG)
    return vector


def head_words(title, sapo) -> SearchVector:
    """The vector of the title (weight A) and the sapo (B) alone: what the title and sapo tiers test."""
    return SearchVector(title, weight="A", config=SEARCH_CONFIG) + SearchVector(sapo, weight="B", config=SEARCH_CONFIG)


def bylines_copy(names) -> str:
    """The normalised byline names of an article: ["Nguyệt Hà", "Gia Bảo"] -> " nguyet ha gia bao "."""
    return _indexable(" ".join(names))


def index_article(article, vendor: str) -> None:
    """Fill the article's search fields from its current title, sapo and body, ready for its save."""
    for field, value in search_copy(article.title, article.sapo, article.body).items():
        setattr(article, field, value)
    if not article._state.adding:
        # The byline copy belongs to the bylines (`bylines_changed`): an UPDATE keeps the row's own, whatever
        # this instance loaded before someone changed a byline.
        setattr(article, BYLINES_FIELD, F(BYLINES_FIELD))
    if vendor == "postgresql":
        # An expression of plain values, not columns: it is computed by the very INSERT or UPDATE that
        # saves the text (no second query), and nothing anyone sends through a form can replace it. The
        # byline names are the row's own column (an UPDATE reads it as it stands, whatever this instance
        # loaded); a new article has no byline yet.
        bylines = Value("") if article._state.adding else F(BYLINES_FIELD)
        article.search_vector = weighted_vector(
            Value(article.search_title), Value(article.search_sapo), Value(article.search_body), bylines
        )
        article.search_head = head_words(Value(article.search_title), Value(article.search_sapo))


def bylines_changed(article_ids, vendor: str) -> None:
    """Refresh the byline copy (and on PostgreSQL the vector) of these articles from their bylines as they are
    now: after a byline is added, changed or removed, or an author renamed. Two queries per article."""
    from articles.models import Article, Byline

    for article_id in set(article_ids):
        names = Byline.objects.filter(article_id=article_id).order_by("position", "id")
        copy = bylines_copy(names.values_list("author__name", flat=True))
        fields = {BYLINES_FIELD: copy}
        if vendor == "postgresql":
            # The text columns as they stand: this UPDATE does not set them.
            fields["search_vector"] = weighted_vector(
                F("search_title"), F("search_sapo"), F("search_body"), Value(copy)
            )
        # update(): the byline copy is derived data; it is not an edit (no version, no updated_at, no event).
        Article.objects.filter(pk=article_id).update(**fields)


def after_save(article) -> None:
    """Drop the expressions `index_article` left on the instance: the fields are read from the row if ever used."""
    for field in ("search_vector", "search_head", BYLINES_FIELD):
        if hasattr(article.__dict__.get(field), "resolve_expression"):
            del article.__dict__[field]


@dataclass(frozen=True)
class Query:
    text: str  # what the reader typed, cleaned and shortened, to show back in the search box
    terms: tuple[str, ...]  # the normalised words searched for, at most MAX_TERMS


def parse_query(raw: str | None) -> Query:
    """Whatever arrived in ?q= (empty, 10 KB, a NUL byte, SQL, stray Unicode) as a bounded, harmless query."""
    # Control, format, private-use and unassigned characters (NUL, RTL marks, zero-width spaces…) become spaces.
    cleaned = "".join(
        " " if unicodedata.category(char).startswith("C") else char for char in (raw or "")[: MAX_QUERY_CHARS * 4]
    )
    text = " ".join(cleaned.split())[:MAX_QUERY_CHARS].strip()
    terms = tuple(dict.fromkeys(normalize(text).split()))[:MAX_TERMS]
    return Query(text=text, terms=terms)


RESULT_ORDER = ("-search_tier", "-published_at", "-id")


class _OnlyWeights(Func):
    """`ts_filter(vector, '{a,b}')`: the part of a vector with the given weights (a: title, b: sapo)."""

    function = "ts_filter"
    output_field = SearchVectorField()

    def __init__(self, vector, weights: str):
        if not weights or not set(weights) <= set("abcd"):
            raise ValueError(f"weights must be letters of 'abcd', not {weights!r}")
        super().__init__(vector, template=f"%(function)s(%(expressions)s, '{{{','.join(weights)}}}')")


def title_vector() -> _OnlyWeights:
    """The title's words: the same expression as the index TITLE_INDEX."""
    return _OnlyWeights(F("search_head"), "a")


def head_vector() -> F:
    """The title's and the sapo's words (indexed by HEAD_INDEX)."""
    return F("search_head")


def _tsquery(terms) -> SearchQuery:
    return SearchQuery(" ".join(terms), search_type="plain", config=SEARCH_CONFIG)


def search_articles(queryset: QuerySet, terms: tuple[str, ...] | list[str], vendor: str) -> QuerySet:
    """The articles of `queryset` holding every term, best first: title hits, then sapo hits, then body
    hits; newest first within each of these. (Every match is ordered: `find` is how a page is read.)

    The queryset is filtered, never widened: pass `Article.objects.published()` (or `for_listing()`).
    """
    if not terms:
        return queryset.none()
    if vendor == "postgresql":
        query = _tsquery(terms)
        tier = Case(
            When(SearchVectorExact(title_vector(), query), then=Value(TIER_TITLE)),
            When(SearchVectorExact(head_vector(), query), then=Value(TIER_SAPO)),
            default=Value(TIER_BODY),
            output_field=IntegerField(),
        )
        return queryset.filter(search_vector=query).annotate(search_tier=tier).order_by(*RESULT_ORDER)

    def every_term_in(*fields: str) -> Q:
        return reduce(
            and_, (reduce(or_, (Q(**{f"{field}__contains": f" {term} "}) for field in fields)) for term in terms)
        )

    tier = Case(
        When(every_term_in("search_title"), then=Value(TIER_TITLE)),
        When(every_term_in("search_title", "search_sapo"), then=Value(TIER_SAPO)),
        default=Value(TIER_BODY),
        output_field=IntegerField(),
    )
    return (
        queryset.filter(every_term_in("search_title", "search_sapo", "search_body", BYLINES_FIELD))
        .annotate(search_tier=tier)
        .order_by(*RESULT_ORDER)
    )


@dataclass(frozen=True)
class Found:
    articles: list  # the requested slice of the results, best first
    total: int  # the number of matches, counted up to cap + 1
    cap: int  # COUNT_CAP when counted: past it, "more than `cap`", and only the first `cap` can be reached

    @property
    def capped(self) -> bool:
        return self.total > self.cap

    @property
    def reachable(self) -> int:
        """How many results the pages can show."""
        return min(self.total, self.cap)


def last_page(per_page: int) -> int:
    """The deepest page number a search can have: a deeper ?trang= needs no query to be refused."""
    return -(-COUNT_CAP // per_page)


def find(queryset: QuerySet, terms, vendor: str, offset: int, limit: int) -> Found:
    """Results offset .. offset + limit of `search_articles(queryset, terms)`, in its order, and the capped total.
    Two queries on every database (the count, then the articles), whatever the terms and the page.

    PostgreSQL reads the ids and the count in one statement, each tier newest first and no more of each than
    the page needs: a word in every article costs the same as a word in three."""
    cap = COUNT_CAP
    if not terms or offset >= cap:
        return Found([], 0, cap)
    limit = min(limit, cap - offset)
    if vendor != "postgresql":
        ordered = search_articles(queryset, terms, vendor)
        total = ordered.order_by()[: cap + 1].count()
        return Found(list(ordered[offset : offset + limit]) if offset < total else [], total, cap)
    total, ids = _postgresql_ids(queryset, terms, offset, limit, cap)
    if not ids:
        return Found([], total, cap)
    by_id = queryset.filter(pk__in=ids).in_bulk()
    return Found([by_id[pk] for pk in ids if pk in by_id], total, cap)


def _postgresql_ids(queryset: QuerySet, terms, offset: int, limit: int, cap: int) -> tuple[int, list[int]]:
    query = _tsquery(terms)
    base = queryset.order_by("-published_at", "-id").values_list("id", "published_at")
    # The tiers: each match is in exactly one (the body tier holds the byline-only matches too). The title and
    # sapo tests read the small search_head vector, never the body's.
    tiers = [
        (TIER_TITLE, base.alias(search_title_words=title_vector()).filter(search_title_words=query)),
        (
            TIER_SAPO,
            base.filter(search_head=query).alias(search_title_words=title_vector()).exclude(search_title_words=query),
        ),
        (TIER_BODY, base.filter(search_vector=query).exclude(search_head=query)),
    ]
    # Each tier, newest first, gives what the tiers above it left of cap + 1 rows (LIMIT 0: its plan never
    # runs): a word in every title is answered from the title tier alone. The rows found are the total and,
    # in tier order, the page.
    ctes, unions, params, taken = [], [], [], []
    for tier, part in tiers:
        sql, part_params = part.query.sql_with_params()
        name = f"tier_{tier}"
        left = " - ".join(["%s", *(f"(SELECT count(*) FROM {done})" for done in taken)])  # noqa: S608
        ctes.append(f"{name} AS ({sql} LIMIT GREATEST({left}, 0))")
        unions.append(f"SELECT {tier} AS tier, id, published_at FROM {name}")  # noqa: S608
        params.extend([*part_params, cap + 1])
        taken.append(name)
    statement = f"""
        WITH {", ".join(ctes)}, found AS ({" UNION ALL ".join(unions)})
        SELECT (SELECT count(*) FROM found), page.id FROM (SELECT 1) AS one LEFT JOIN LATERAL (
            SELECT tier, id, published_at FROM found ORDER BY tier DESC, published_at DESC, id DESC OFFSET %s LIMIT %s
        ) AS page ON true
        ORDER BY page.tier DESC, page.published_at DESC, page.id DESC
    """  # noqa: S608 - every piece is SQL the ORM compiled, every value a parameter
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(statement, (*params, offset, limit))
        rows = cursor.fetchall()
    return rows[0][0], [pk for _, pk in rows if pk is not None]


def _on_byline_change(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loaddata: the fixture brings its own columns
    bylines_changed([instance.article_id], connections[instance._state.db or "default"].vendor)


def _on_author_save(sender, instance, created: bool = False, **kwargs) -> None:
    if created or kwargs.get("raw"):
        return  # a new author has no byline yet
    article_ids = instance.bylines.values_list("article_id", flat=True)
    bylines_changed(list(article_ids), connections[instance._state.db or "default"].vendor)


def connect_signals() -> None:
    """Keep the byline copy current whatever writes a byline: the admin's inline, the loader, a command, a test."""
    from articles.models import Author, Byline

    post_save.connect(_on_byline_change, sender=Byline, dispatch_uid="search_byline_saved")
    post_delete.connect(_on_byline_change, sender=Byline, dispatch_uid="search_byline_deleted")
    post_save.connect(_on_author_save, sender=Author, dispatch_uid="search_author_saved")


# A word as the reader sees it: letters and digits with the marks that sit on them (NFC text keeps Vietnamese
# letters whole; the marks are listed for text stored decomposed).
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
SNIPPET_WORDS = 36  # a passage of the body
SAPO_WORDS = 40  # as much of the sapo as a card shows elsewhere


@lru_cache(maxsize=50_000)
def _parts(word: str) -> tuple[str, ...]:
    # A newspaper's words are few and repeat (Vietnamese has a few thousand syllables): a result page marks
    # thousands of words from a small set, so each is normalised once per worker, not once per occurrence.
    return tuple(normalize(word).split())


def _word_matches(word: str, terms: frozenset[str]) -> bool:
    return bool(terms) and all(part in terms for part in _parts(word))


def highlight(text: str, terms) -> SafeString:
    """The text, escaped, with every word that matches a search term in <mark>, diacritics or not: for the terms
    ("dong", "nai"), "Tỉnh Đồng Nai" -> "Tỉnh <mark>Đồng Nai</mark>" (neighbouring matched words share one mark)."""
    text = unicodedata.normalize("NFC", text or "")
    wanted = frozenset(terms)
    parts: list[str] = []
    position, open_mark = 0, False
    for match in _WORD.finditer(text):
        if not _word_matches(match.group(), wanted):
            continue
        between = text[position : match.start()]
        if open_mark and between.strip() == "":
            parts.append(escape(between))  # the space between two matched words stays inside the mark
        else:
            if open_mark:
                parts.append("</mark>")
            parts.append(escape(between) + "<mark>")
        parts.append(escape(match.group()))
        position, open_mark = match.end(), True
    if open_mark:
        parts.append("</mark>")
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of the text went through escape()


def _matched_terms(words, terms: frozenset[str]) -> set[str]:
    return {part for word in words for part in _parts(word) if part in terms}


def snippet(sapo: str, body_html: str, terms, size: int = SNIPPET_WORDS) -> SafeString:
    """What a result shows under its title, with the matched words marked: the sapo, unless the body holds every
    word searched for and the sapo does not, when it is the passage of the body around the first of them. (A word
    the title or the byline matched is not hunted for in the body: "nguyet ha" must not mark some "hạ".)"""
    wanted = frozenset(terms)
    sapo_words = sapo.split()
    if _matched_terms(_WORD.findall(sapo), wanted) != wanted and body_html:
        words = html_text(body_html).split()
        if _matched_terms(words, wanted) == wanted:
            # A matched word may sit in a compound ("Nai-xyz"): then the passage starts at the body's start.
            first = next((index for index, word in enumerate(words) if _word_matches(word, wanted)), 0)
            return highlight(_cut(words, max(0, first - size // 3), size), terms)
    return highlight(_cut(sapo_words, 0, SAPO_WORDS), terms)


def _cut(words: list[str], start: int, size: int) -> str:
    passage = " ".join(words[start : start + size])
    return f"{'… ' if start else ''}{passage}{' …' if start + size < len(words) else ''}"
