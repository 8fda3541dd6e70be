"""What a screen reader, a keyboard and a weak phone screen need from every public page: one h1 and no
skipped heading level, text alternatives, labelled inputs, readable contrast, one small local stylesheet."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


class PageOutline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.images_without_alt: list[str] = []
        self.input_ids: list[str] = []
        self.labelled: set[str] = set()
        self.unlabelled_inputs = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "img" and "alt" not in attributes:
            self.images_without_alt.append(attributes.get("src", ""))
        elif tag == "label" and attributes.get("for"):
            self.labelled.add(attributes["for"])
        elif tag == "input" and attributes.get("type") not in ("hidden", "submit"):
            if attributes.get("id"):
                self.input_ids.append(attributes["id"])
            elif not attributes.get("aria-label"):
                self.unlabelled_inputs += 1


@pytest.fixture
def paper():
    section = factories.section(name="Giao thông", slug="giao-thong")
    articles = []
    for language in (Article.Language.VIETNAMESE, Article.Language.ENGLISH):
        for number in range(6):
            article = factories.article(title=f"Bài {language} {number}", in_section=section, language=language)
            article.tags.add("Cao tốc")
            factories.photo(article)
            factories.photo(article, caption="Ảnh thứ hai")
            byline = factories.byline(article, name="Nguyệt Hà")
            articles.append(article)
    return {"section": section, "articles": articles, "author": byline.author}


def _pages(paper) -> list[str]:
    vietnamese, english = paper["articles"][0], paper["articles"][-1]
    pages = [
        "/",
        "/giao-thong/",
        vietnamese.get_absolute_url(),
        "/the/cao-toc/",
        f"/tac-gia/{paper['author'].slug}/",
        "/tim-kiem/",
        "/tim-kiem/?q=bai",
        "/xem-nhieu/",
        "/cai-chinh/",
        "/khong-co-trang-nay/",
    ]
    return (
        pages + ["/en" + page for page in pages if page != vietnamese.get_absolute_url()] + [english.get_absolute_url()]
    )


def test_every_page_has_one_h1_and_never_skips_a_heading_level(client, paper):
    for url in _pages(paper):
        outline = PageOutline()
        outline.feed(client.get(url).content.decode())
        levels = outline.headings
        assert levels.count(1) == 1 and levels[0] == 1, (url, levels)
        deeper_jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert not deeper_jumps, (url, levels)


def test_every_image_has_a_text_alternative_and_every_field_a_label(client, paper):
    for url in _pages(paper):
        outline = PageOutline()
        outline.feed(client.get(url).content.decode())
        assert not outline.images_without_alt, url
        assert outline.unlabelled_inputs == 0, url
        assert set(outline.input_ids) <= outline.labelled, url


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_palette_s_text_colours_are_readable_on_their_backgrounds():
    """WCAG AA (4.5:1 for body text) for each pair of the stylesheet's colours that carries text."""
    palette = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", STYLESHEET.read_text()))
    white = "#ffffff"
    pairs = {
        "text on paper": (palette["ink"], palette["paper"]),
        "secondary text on paper": (palette["muted"], palette["paper"]),
        "secondary text on the footer": (palette["muted"], palette["soft"]),
        "links on paper": (palette["brand"], palette["paper"]),
        "red headings on paper": (palette["accent"], palette["paper"]),
        "the masthead": (white, palette["brand"]),
        "the section menu": ("#e8eef7", palette["brand-dark"]),
    }
    for name, (foreground, background) in pairs.items():
        assert _contrast(foreground, background) >= 4.5, name


def _declared_colour(selector: str, prop: str) -> str:
    """The colour a rule of the stylesheet gives `prop` (a custom property is resolved): the first rule whose
    selector list names `selector` and declares it."""
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.S)
    palette = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", css))
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if selector in [part.strip() for part in selectors.split(",")]:
            declared = re.search(rf"(?:^|[;\s]){re.escape(prop)}:\s*([^;]+)", body)
            if declared:
                value = declared.group(1).strip()
                variable = re.fullmatch(r"var\(--([a-z-]+)\)", value)
                return palette[variable.group(1)] if variable else value
    raise AssertionError(f"no {prop} for {selector}")


def test_the_share_buttons_and_the_rank_numbers_are_readable():
    """WCAG AA, 4.5:1: Lighthouse found the Facebook button (white on #1877f2, 4.23:1) and the grey rank numbers of
    /xem-nhieu/ (#c9ced6, 1.58:1) below it."""
    white = "#ffffff"
    paper = _declared_colour(":root", "--paper")
    pairs = {
        "the Facebook button": (white, _declared_colour(".share__link--facebook", "background")),
        "the Zalo button": (white, _declared_colour(".share__link--zalo", "background")),
        "rank numbers on /xem-nhieu/": (_declared_colour(".ranking__rank", "color"), paper),
        "the top three ranks": (_declared_colour(".ranking__rank--top", "color"), paper),
        "rank numbers in the box": (_declared_colour(".most-viewed li::before", "color"), paper),
    }
    for name, (foreground, background) in pairs.items():
        assert re.fullmatch(r"#[0-9a-fA-F]{6}", foreground) and re.fullmatch(r"#[0-9a-fA-F]{6}", background), name
        assert _contrast(foreground, background) >= 4.5, name


def test_one_small_stylesheet_from_the_site_itself_and_no_remote_fonts(client):
    css = STYLESHEET.read_text()
    assert len(css.encode()) < 30_000
    assert "@import" not in css and "@font-face" not in css
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    page = client.get("/").content.decode()
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', page) == ["/static/css/site.css"]
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', page)
