"""Text helpers that must be right for Vietnamese: slugs, and the allow-list HTML sanitiser for article bodies."""

import re
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser

import nh3

# NFKD splits "ồ" into "o" + two combining marks, but "đ" is a letter of its own with no
# decomposition, which is why django.utils.text.slugify turns "Đồng Nai" into "ong-nai".
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ø": "o", "Ø": "O"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def strip_diacritics(text: str) -> str:
    """'Đồng Nai' -> 'Dong Nai': the letters a Vietnamese reader types without a keyboard layout."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slugify_vi(text: str, max_length: int = 120) -> str:
    """A URL slug from Vietnamese text: 'Đồng Nai' -> 'dong-nai'; cut at a word boundary."""
    slug = _NOT_SLUG.sub("-", strip_diacritics(text).lower()).strip("-")
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1]
    return cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]


def unique_slug(base: str, is_taken: Callable[[str], bool], max_length: int = 200) -> str:
    """`base`, or `base-2`, `base-3`, … : the first that `is_taken` says is free."""
    base = base[:max_length].strip("-") or "bai-viet"
    candidate, number = base, 1
    while is_taken(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate


# What an article body may contain. Anything else is removed (its text kept); nh3 (ammonia)
# already refuses every on* attribute and any URL scheme not listed below, whatever its case
# or surrounding whitespace, so `javascript:` and `data:` can never survive.
BODY_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
        "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "caption",
        "figure", "figcaption", "code", "pre",
    }
)  # fmt: skip
BODY_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start", "type"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
BODY_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_cleaner = nh3.Cleaner(
    tags=set(BODY_TAGS),
    attributes={tag: set(attrs) for tag, attrs in BODY_ATTRIBUTES.items()},
    url_schemes=set(BODY_URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)
_EMPTY_EDITOR_DOCUMENT = re.compile(r"^\s*(<p>\s*(<br>)?\s*</p>\s*)*$")


def sanitize_html(html: str) -> str:
    """The body as it may be stored and shown: only allow-listed tags, attributes and URL schemes."""
    cleaned = _cleaner.clean(html or "")
    # The editor always sends at least one empty paragraph; an empty body must be "".
    return "" if _EMPTY_EDITOR_DOCUMENT.match(cleaned) else cleaned.strip()


class _TopLevelSplitter(HTMLParser):
    """Cuts sanitised HTML into its top-level blocks, keeping each block's source text intact."""

    _VOID = frozenset({"br", "hr", "img", "wbr"})

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.blocks: list[str] = []
        self._depth = 0
        self._start: int | None = None
        self._line_offsets = [0]
        for line in html.splitlines(keepends=True):
            self._line_offsets.append(self._line_offsets[-1] + len(line))

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_offsets[line - 1] + column

    def _close_block_at(self, end: int) -> None:
        if self._start is not None:
            block = self.html[self._start : end].strip()
            if block:
                self.blocks.append(block)
        self._start = None

    def handle_starttag(self, tag, attrs):
        if self._depth == 0:
            self._start = self._offset()
        if tag in self._VOID:
            if self._depth == 0:
                self._close_block_at(self._offset() + len(self.get_starttag_text()))
            return
        self._depth += 1

    def handle_startendtag(self, tag, attrs):
        if self._depth == 0:
            start = self._offset()
            self.blocks.append(self.html[start : start + len(self.get_starttag_text())])

    def handle_endtag(self, tag):
        if tag in self._VOID or self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0:
            end = self.html.find(">", self._offset()) + 1
            self._close_block_at(end)

    def handle_data(self, data):
        if self._depth == 0 and data.strip():
            # Loose text between blocks (rare after sanitising) is kept as a paragraph of its own.
            self.blocks.append(f"<p>{data.strip()}</p>")


def split_blocks(html: str) -> list[str]:
    """The top-level blocks (paragraphs, headings, lists, …) of a sanitised body, in order."""
    splitter = _TopLevelSplitter(html)
    splitter.feed(html)
    splitter.close()
    return splitter.blocks
