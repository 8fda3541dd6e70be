"""The newsroom's glossary (docs/glossary.md) holds: every Vietnamese message, the project's and Django's as the
admin shows them, uses the newsroom's words, and the catalogues are complete."""

import re
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

from articles import admin_wording

PROJECT = Path(settings.BASE_DIR)
GLOSSARY = PROJECT / "docs" / "glossary.md"
CATALOGUES = sorted((PROJECT / "locale" / "vi" / "LC_MESSAGES").glob("*.po"))
DJANGO = Path(django.__file__).parent
LABELS_SCRIPT = PROJECT / "static" / "newsroom_admin" / "prose_editor_labels.js"
PROSE_EDITOR_CATALOGUE = Path(__import__("django_prose_editor").__file__).parent / "locale/de/LC_MESSAGES/djangojs.po"


def forbidden_words() -> list[tuple[str, list[str]]]:
    """(word, phrases in which it is fine) for each row of the glossary's "Không dùng" table."""
    text = GLOSSARY.read_text(encoding="utf-8")
    section = text.split("## Không dùng", 1)[1]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        allowed = re.findall(r"`([^`]+)`", cells[2])
        rows.append((cells[0].strip("`"), allowed))
    return rows


def glossary_breaches(vietnamese: str) -> list[str]:
    breaches = []
    vietnamese = re.sub(r"%\(\w+\)[sdr]|\{\w*\}", " ", vietnamese)  # placeholders are code, not words
    for word, allowed in forbidden_words():
        text = vietnamese
        for phrase in allowed:
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, flags=re.IGNORECASE):
            breaches.append(word)
    return breaches


def translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_the_glossary_lists_the_words_not_to_use():
    words = dict(forbidden_words())
    # The phrases newsroom users reported, each ruled out by the glossary.
    for word in ("xuất bản", "đổi", "hoạt động", "thêm vào", "thêm một", "đi đến", "không có sẵn", "chào mừng"):
        assert word in words
    assert "đổi mật khẩu" in words["đổi"]
    assert glossary_breaches("Thêm vào bài viết") == ["thêm vào"]
    assert glossary_breaches("Đổi mật khẩu") == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.name)
def test_no_vietnamese_message_uses_a_word_the_newsroom_does_not_use(catalogue):
    breaches = [
        f"{entry.msgid!r} → {text!r}: {', '.join(words)}"
        for entry in polib.pofile(str(catalogue))
        for text in translations(entry)
        if (words := glossary_breaches(text))
    ]
    assert not breaches, "see docs/glossary.md:\n" + "\n".join(breaches)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.name)
def test_the_catalogue_has_no_fuzzy_or_empty_entry(catalogue):
    po = polib.pofile(str(catalogue))
    assert po.metadata["Plural-Forms"].startswith("nplurals=1;")
    assert not [entry.msgid for entry in po.fuzzy_entries()]
    assert not [entry.msgid for entry in po if not entry.obsolete and not all(t.strip() for t in translations(entry))]


def _msgids(path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(path)) if entry.msgid]


# Messages Vietnamese writes the same way, or that only a developer sees.
SAME_IN_VIETNAMESE = {"Email", "URL", "%(class_name)s %(instance)s", "LogEntry Object"}


def _untranslated_or_off_glossary(entries, translate) -> list[str]:
    problems = []
    for entry in entries:
        vietnamese = translate(entry)
        if vietnamese == entry.msgid and entry.msgid not in SAME_IN_VIETNAMESE:
            problems.append(f"untranslated: {entry.msgid!r}")
        elif words := glossary_breaches(vietnamese):
            problems.append(f"{entry.msgid!r} → {vietnamese!r}: {', '.join(words)}")
    return problems


def _server_translation(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return (
            translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
            if entry.msgctxt
            else (translation.ngettext(entry.msgid, entry.msgid_plural, 2))
        )
    return translation.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else translation.gettext(entry.msgid)


# What the admin shows of Django's core: form validation, the CSRF refusal a reporter meets when a session
# expired mid-article, the paginator. (Language names and the welcome page of a new project are not shown.)
CORE_SHOWN = re.compile(
    r"^(Enter |Ensure |This field|Select a valid|Please submit|The inline|“%\(pk\)s”|%\(model\)s instance|"
    r"%\(datetime\)s|Null characters|File extension|Upload a valid|The submitted file|No file|Please either|"
    r"Constraint|Forbidden|CSRF|You are seeing this message|If you|More information|"
    r"%\(num\)d (minute|hour|day|week|month|year)|"
    r"That page|ManagementForm|%\(model\)s with this|%\(field_label\)s must be unique|Value %\(value\)r)"
)


def test_every_django_message_the_admin_shows_is_translated_the_newsrooms_way():
    entries = [
        *_msgids(DJANGO / "contrib/admin/locale/en/LC_MESSAGES/django.po"),
        *_msgids(DJANGO / "contrib/auth/locale/en/LC_MESSAGES/django.po"),
        *(e for e in _msgids(DJANGO / "conf/locale/en/LC_MESSAGES/django.po") if CORE_SHOWN.match(e.msgid)),
    ]
    with translation.override("vi"):
        problems = _untranslated_or_off_glossary(entries, _server_translation)
    assert not problems, "\n".join(problems)


def test_every_message_of_the_admins_scripts_and_the_body_editor_is_translated_the_newsrooms_way():
    # The catalogue the admin's JavaScriptCatalog view serves: Django admin's own, then LOCALE_PATHS.
    catalogue = DjangoTranslation("vi", domain="djangojs", localedirs=[str(DJANGO / "contrib/admin/locale")])
    script = LABELS_SCRIPT.read_text(encoding="utf-8")
    table = script.split("const LABELS = {", 1)[1].split("}", 1)[0]
    labels = re.findall(r': "([^"]+)",', table) + re.findall(r'gettext\("([^"]+)"\)', script)
    assert "Paragraph" in labels and "Merge cells" in labels and "Heading %s" in labels
    entries = [
        *_msgids(DJANGO / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"),
        *_msgids(PROSE_EDITOR_CATALOGUE),
        *(polib.POEntry(msgid=label) for label in labels),
    ]

    def translate(entry):
        if entry.msgid_plural:
            return catalogue.ngettext(entry.msgid, entry.msgid_plural, 2)
        return catalogue.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else catalogue.gettext(entry.msgid)

    problems = _untranslated_or_off_glossary(entries, translate)
    assert not problems, "\n".join(problems)


def test_every_django_msgid_the_project_rewords_is_in_its_sources():
    """A Django msgid in the project's catalogue but in none of its sources would be dropped by makemessages;
    articles/admin_wording.py lists those the project's own code and templates do not use."""
    django_msgids = {
        entry.msgid
        for path in (
            DJANGO / "contrib/admin/locale/en/LC_MESSAGES/django.po",
            DJANGO / "contrib/auth/locale/en/LC_MESSAGES/django.po",
            DJANGO / "conf/locale/en/LC_MESSAGES/django.po",
        )
        for entry in _msgids(path)
    }
    project = polib.pofile(str(PROJECT / "locale/vi/LC_MESSAGES/django.po"))
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in ("articles", "newsroom", "templates")
        for path in (PROJECT / folder).rglob("*")
        if path.suffix in (".py", ".html", ".txt")
    )
    unlisted = [
        entry.msgid
        for entry in project
        if entry.msgid in django_msgids and entry.msgid not in sources and repr(entry.msgid)[1:-1] not in sources
    ]
    assert not unlisted, f"add these to articles/admin_wording.py: {unlisted}"
    assert admin_wording.ADMIN_MSGIDS and admin_wording.PLURAL_MSGIDS
