import pytest

from articles.text import sanitize_html, slugify_vi, split_blocks, strip_diacritics, unique_slug

SEED_TITLE = "Tiếp tục phối hợp lãnh đạo, chỉ đạo hiệu quả công tác quân sự, quốc phòng địa phương"
SEED_SLUG = "tiep-tuc-phoi-hop-lanh-dao-chi-dao-hieu-qua-cong-tac-quan-su-quoc-phong-dia-phuong"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đồng Nai", "dong-nai"),
        ("đường Đồng Khởi", "duong-dong-khoi"),
        (SEED_TITLE, SEED_SLUG),
        ("Quốc phòng - An ninh", "quoc-phong-an-ninh"),
        ("Văn hóa - Thể thao", "van-hoa-the-thao"),
        ("  Giá xăng tăng 1.000 đồng/lít!  ", "gia-xang-tang-1-000-dong-lit"),
        ("TP.HCM: Ưu tiên “xanh hóa”", "tp-hcm-uu-tien-xanh-hoa"),
        # Precomposed and decomposed Unicode (as some keyboards and Word send) give the same slug.
        ("Nh\u01a1n Tr\u1ea1ch", "nhon-trach"),
        ("Nho\u031bn Tra\u0323ch", "nhon-trach"),
        ("!!!", ""),
    ],
)
def test_slugify_vi_transliterates_vietnamese(text, slug):
    assert slugify_vi(text) == slug


def test_slugify_vi_cuts_long_titles_at_a_word_boundary():
    slug = slugify_vi("Đồng Nai " * 40, max_length=50)
    assert len(slug) <= 50
    assert not slug.endswith("-")
    assert slug.split("-")[-1] in {"dong", "nai"}


def test_strip_diacritics_keeps_letters_and_case():
    assert strip_diacritics("Đồng Nai, Biên Hòa") == "Dong Nai, Bien Hoa"


def test_unique_slug_adds_a_numeric_suffix_on_a_clash():
    taken = {"dong-nai", "dong-nai-2"}
    assert unique_slug("dong-nai", taken.__contains__) == "dong-nai-3"
    assert unique_slug("bien-hoa", taken.__contains__) == "bien-hoa"


@pytest.mark.parametrize(
    "dirty",
    [
        "<p>a</p><script>alert(1)</script>",
        "<p>a</p><SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<img src="x" onerror="alert(1)">',
        '<p ONERROR="alert(1)" onclick="alert(1)">a</p>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="   javascript:alert(1)">x</a>',
        '<a href="&#x09;javascript:alert(1)">x</a>',
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
        '<a href=" DATA:text/html,<script>alert(1)</script>">x</a>',
        '<svg onload="alert(1)"><circle/></svg>',
        '<iframe src="javascript:alert(1)"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_sanitize_html_removes_scripts_event_handlers_and_dangerous_urls(dirty):
    clean = sanitize_html(dirty).lower()
    for forbidden in ("<script", "onerror", "onclick", "onload", "javascript:", "data:", "<iframe", "<svg", "style="):
        assert forbidden not in clean


def test_sanitize_html_keeps_the_newsroom_formatting():
    html = (
        '<h2>Tiêu đề</h2><p><strong>Đậm</strong> <em>nghiêng</em> <a href="https://dongnai.gov.vn">link</a></p>'
        "<ul><li>Một</li></ul><blockquote><p>Trích dẫn</p></blockquote>"
    )
    clean = sanitize_html(html)
    for kept in ("<h2>", "<strong>", "<em>", 'href="https://dongnai.gov.vn"', "<ul>", "<blockquote>"):
        assert kept in clean


def test_sanitize_html_turns_an_empty_editor_document_into_nothing():
    assert sanitize_html("<p></p>") == ""
    assert sanitize_html("<p><br></p>") == ""
    assert sanitize_html(None) == ""


def test_split_blocks_returns_top_level_blocks_in_order():
    html = "<p>Một <strong>hai</strong></p><h2>Ba</h2><hr><ul><li><p>Bốn</p></li></ul><p>Năm &amp; sáu</p>"
    assert split_blocks(html) == [
        "<p>Một <strong>hai</strong></p>",
        "<h2>Ba</h2>",
        "<hr>",
        "<ul><li><p>Bốn</p></li></ul>",
        "<p>Năm &amp; sáu</p>",
    ]


def test_split_blocks_handles_multi_line_html():
    assert split_blocks("<p>Một\ndòng</p>\n<p>Hai</p>\n") == ["<p>Một\ndòng</p>", "<p>Hai</p>"]
