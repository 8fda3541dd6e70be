"""Article search: Vietnamese typed with or without diacritics; title hits above sapo hits above body hits.

Every article keeps a normalised copy of its title, sapo and body text (`search_title`, `search_sapo`,
`search_body`): diacritics stripped (đ too), case folded, HTML removed, words separated by single spaces
and the whole padded with one space at each end, so " dong nai " is found in it as a whole word. The
reader's query is normalised by the same function, so both sides always agree on what a word is.

On PostgreSQL the same text is also stored as a weighted tsvector (`search_vector`: title A, sapo B,
body C) built with the `newsroom_vi` text-search configuration (`simple` + `unaccent`, created by
migration 0006) and indexed with GIN: a search is an index lookup, never a table scan. Elsewhere (SQLite)
each query word is looked up with LIKE in the normalised columns: slower, same answers.

`Article.save()` keeps all four up to date in the statement that saves the text (`index_article`).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import reduce
from html.parser import HTMLParser
from operator import and_, or_

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
)
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, Value, When

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
INDEX_FIELDS = ("search_title", "search_sapo", "search_body", "search_vector")

# How a result ranks first: every word in the title, else every word in the title or sapo, else the body.
TIER_TITLE, TIER_SAPO, TIER_BODY = 3, 2, 1

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


def weighted_vector(title, sapo, body) -> SearchVector:
    """The weighted vector of three text expressions (values or columns): title A, sapo B, body C."""
    return (
        SearchVector(title, weight="A", config=SEARCH_CONFIG)
        + SearchVector(sapo, weight="B", config=SEARCH_CONFIG)
        + SearchVector(body, weight="C", config=SEARCH_CONFIG)
    )


def index_article(article, vendor: str) -> None:
    """Fill the article's search fields from its current title, sapo and body, ready for its save."""
    for field, value in search_copy(article.title, article.sapo, article.body).items():
        setattr(article, field, value)
    if vendor == "postgresql":
        # An expression of plain values, not columns: it is computed by the very INSERT or UPDATE that
        # saves the text (no second query), and nothing anyone sends through a form can replace it.
        article.search_vector = weighted_vector(
            Value(article.search_title), Value(article.search_sapo), Value(article.search_body)
        )


def after_save(article) -> None:
    """Drop the expression `index_article` left on the instance: the field is read from the row if ever used."""
    if hasattr(article.__dict__.get("search_vector"), "resolve_expression"):
        del article.__dict__["search_vector"]


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


class _OnlyWeights(Func):
    """`ts_filter(vector, '{a,b}')`: the part of a vector with the given weights (a: title, b: sapo)."""

    function = "ts_filter"
    output_field = SearchVectorField()

    def __init__(self, vector, weights: str):
        if not weights or not set(weights) <= set("abcd"):
            raise ValueError(f"weights must be letters of 'abcd', not {weights!r}")
        super().__init__(vector, template=f"%(function)s(%(expressions)s, '{{{','.join(weights)}}}')")


def search_articles(queryset: QuerySet, terms: tuple[str, ...] | list[str], vendor: str) -> QuerySet:
    """The articles of `queryset` holding every term, best first: title hits, then sapo hits, then body
    hits; on PostgreSQL by text-search rank within each of these; newest first among equals.

    The queryset is filtered, never widened: pass `Article.objects.published()` (or `for_listing()`).
    """
    if not terms:
        return queryset.none()
    if vendor == "postgresql":
        query = SearchQuery(" ".join(terms), search_type="plain", config=SEARCH_CONFIG)
        vector = F("search_vector")
        tier = Case(
            When(SearchVectorExact(_OnlyWeights(vector, "a"), query), then=Value(TIER_TITLE)),
            When(SearchVectorExact(_OnlyWeights(vector, "ab"), query), then=Value(TIER_SAPO)),
            default=Value(TIER_BODY),
            output_field=IntegerField(),
        )
        return (
            queryset.filter(search_vector=query)
            .annotate(search_tier=tier, search_rank=SearchRank(vector, query))
            .order_by("-search_tier", "-search_rank", "-published_at", "-id")
        )

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
        queryset.filter(every_term_in("search_title", "search_sapo", "search_body"))
        .annotate(search_tier=tier)
        .order_by("-search_tier", "-published_at", "-id")
    )
