"""The English crawl: every admin page each role can reach, in the real browser, says nothing in English.

For the reporter, the editor, the editor-in-chief and a superuser, the test builds a small newsroom (an
article in every state, a returned one, a scheduled one, one with a correction, photos, bylines, saved
versions), logs in with Chromium, and visits every page the role can reach: the index, every model's list,
add, change and delete pages, each work queue, each workflow page (a refused step, the correction form),
the history, the revision diff, the password change page and the logged-out page. On the article form it
opens the body editor's block menu and hovers its toolbar. Everything a person can see or hear is read:
the text (screen-reader-only text included), and the title, aria-label, placeholder and alt attributes.
The test fails on any phrase of ENGLISH below and on any message shown verbatim in English (a msgid of
Django's catalogues or the project's, shown as it is written).
"""

import re
from datetime import timedelta
from pathlib import Path

import django
import polib
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.admin_filters import queues_for
from articles.corrections import correction_record
from articles.models import Article, Correction, Revision
from articles.roles import EDITOR, EDITOR_IN_CHIEF, REPORTER, ensure_groups
from tests import factories
from tests.e2e.desk import PASSWORD
from tests.e2e.desk import admin_login as _login
from tests.e2e.front_end import FRONT_END_ONLY

# Words, not data: the SQLite run reads them; test_admin_pages_answer.py walks the same pages on PostgreSQL.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), FRONT_END_ONLY]


# English a Vietnamese admin must never show, matched as whole words. Case-sensitive: a capitalised word is
# a label or a button, a lower-case one the body editor's tooltips ("bold", "undo").
ENGLISH = [
    # Django's chrome and screen-reader texts
    "Skip to main content", "Welcome", "View site", "Change password", "Log out", "Toggle theme",
    "Toggle navigation", "Breadcrumbs", "Sidebar", "Start typing to filter",
    # lists
    "Show counts", "Hide counts", "Filter", "Search", "Clear all filters", "selected", "Select this object",
    "Select all", "Action", "Go", "entry", "entries", "result", "results", "total", "Show all", "By",
    "Any date", "Today", "Past 7 days", "This month", "This year", "All", "Yes", "No", "Unknown",
    # forms
    "Add", "Add another", "Save", "Save and", "continue editing", "Delete", "History", "Change", "View",
    "View selected", "Change selected", "Delete selected", "Add another", "Remove", "Currently", "Clear",
    "Close", "Please correct", "This field is required", "Hold down", "Date", "Time", "Now", "Choose",
    "Show", "Hide", "Cancel", "Are you sure",
    # the body editor
    "Heading", "heading", "Paragraph", "paragraph", "bold", "italic", "underline", "strike", "subscript",
    "superscript", "blockquote", "horizontal rule", "unordered list", "ordered list", "insert link",
    "remove link", "Insert table", "Merge cells", "Split cell", "Add column", "Delete column", "Add row",
    "Delete row", "Toggle header cell", "Delete table", "undo", "redo", "question_mark", "figure",
    # pages and messages
    "Home", "Password change", "Logged out", "Log in", "Thanks", "successfully", "was added", "was changed",
    "Recent actions", "My actions", "None available", "Page not found", "Server error",
    # the newsroom's own
    "Workflow", "Publish", "Preview", "Submit", "Return", "Take down", "Republish", "Correction",
    "Note", "required", "Status", "reporter", "editor",
]  # fmt: skip

ROLES = {
    "phong-vien": (REPORTER, "Trần", "Minh Khoa"),
    "bien-tap-vien": (EDITOR, "Lê", "Thị Thu Hằng"),
    "tong-bien-tap": (EDITOR_IN_CHIEF, "Nguyễn", "Văn An"),
    "quan-tri": (None, "Phạm", "Quốc Bảo"),
}

# Not the interface's words: a language's name in its own language ("English" beside "Tiếng Việt"), and
# the English edition's names of the sections (data the desk typed, in English by design).
NOT_ENGLISH_HERE = ["#admin-language", ".field-name_en"]

COLLECT = """(skipSelectors) => {
    const skipped = (el) => el.closest('script, style, template, .material-icons, .ProseMirror, ' + skipSelectors);
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const el = walker.currentNode.parentElement;
        const text = walker.currentNode.textContent.replace(/\\s+/g, ' ').trim();
        if (text && el && !skipped(el)) found.push(['text', text]);
    }
    const labelled = '[title], [aria-label], [placeholder], [alt], input[type=submit], input[type=button]';
    for (const el of document.body.querySelectorAll(labelled)) {
        if (skipped(el)) continue;
        for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
            const value = el.getAttribute(name);
            if (value && value.trim()) found.push([name, value.trim()]);
        }
        if (el.matches('input[type=submit], input[type=button]') && el.value) found.push(['value', el.value]);
    }
    if (document.title) found.push(['title', document.title]);
    return found;
}"""


# Words the test itself typed without diacritics (names, the section names it made), and the technical
# words Vietnamese writes as they are.
OURS = {"Minh Khoa", "Tin nhanh e2e", "Du an e2e", "JPEG, PNG, WebP", "Vi / En"}
# Vietnamese written without its marks is rare in an interface; English is nothing but such words.
ENGLISH_LOOKING = re.compile(r"^[A-Za-z][a-z]+(?: [A-Za-z][a-z]+)+$")  # not slugs (words-with-hyphens)


def looks_english(text: str) -> bool:
    """Two or more words of plain Latin letters, as in "Loaded version": a label Django made from a field's
    name, or a string that never went through gettext."""
    return bool(ENGLISH_LOOKING.match(text))


def _catalogue_msgids() -> set[str]:
    """English messages as written in the catalogues the admin draws from, minus those Vietnamese writes the
    same way ("URL", "sapo")."""
    django_root = Path(django.__file__).parent
    sources = [
        *django_root.glob("contrib/admin/locale/en/LC_MESSAGES/*.po"),
        *django_root.glob("contrib/auth/locale/en/LC_MESSAGES/django.po"),
        django_root / "conf/locale/en/LC_MESSAGES/django.po",
        *Path(settings.BASE_DIR).glob("locale/vi/LC_MESSAGES/*.po"),
    ]
    msgids, same = set(), set()
    for source in sources:
        for entry in polib.pofile(str(source)):
            for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                if "%" in msgid or "{" in msgid or not re.search("[A-Za-z]{2}", msgid):
                    continue
                msgids.add(msgid.strip())
                if entry.msgstr.strip() == msgid.strip():
                    same.add(msgid.strip())
    return msgids - same


def _staff(slug: str) -> User:
    role, last_name, first_name = ROLES[slug]
    user = User.objects.create_user(
        slug, password=PASSWORD, is_staff=True, is_superuser=role is None, last_name=last_name,
        first_name=first_name, email=f"{slug}@baodongnai.test",
    )  # fmt: skip
    if role:
        user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)


def _newsroom() -> dict:
    """An article in every state, written by the reporter and moved by the desk through the one door."""
    ensure_groups()  # a transactional test's flush removes the groups the data migration made
    people = {slug: _staff(slug) for slug in ROLES}
    reporter, editor, chief = people["phong-vien"], people["bien-tap-vien"], people["tong-bien-tap"]
    news = factories.section(name="Tin nhanh e2e", slug="tin-nhanh-e2e")
    economy = factories.section(name="Dự án e2e", slug="du-an-e2e")
    economy.requires_sign_off = True
    economy.save()

    def draft(title: str, section=news) -> Article:
        article = factories.article(
            title=title, status=Article.Status.DRAFT, in_section=section, created_by=reporter, updated_by=reporter
        )
        factories.photo(article, caption="Cầu Hóa An lúc chiều tối", credit="Minh Khoa")
        factories.byline(article, name="Minh Khoa")
        return article

    articles = {"draft": draft("Bản nháp về chợ Biên Hòa")}
    articles["in_review"] = draft("Đường Võ Thị Sáu được mở rộng")
    workflow.transition(articles["in_review"], "submit", reporter)
    articles["returned"] = draft("Giá lúa tăng ở Long Thành")
    workflow.transition(articles["returned"], "submit", reporter)
    workflow.transition(articles["returned"], "return", editor, note="Cần thêm ý kiến nông dân.")
    articles["approved"] = draft("Khu công nghiệp mới ở Nhơn Trạch", section=economy)
    workflow.transition(articles["approved"], "submit", reporter)
    workflow.transition(articles["approved"], "approve", editor)
    articles["scheduled"] = draft("Lễ hội trái cây Long Khánh")
    workflow.transition(articles["scheduled"], "submit", reporter)
    workflow.transition(articles["scheduled"], "publish", editor, publish_at=timezone.now() + timedelta(days=1))
    articles["published"] = draft("Xe buýt điện đến Nhơn Trạch")
    workflow.transition(articles["published"], "submit", reporter)
    workflow.transition(articles["published"], "publish", editor)
    correction_record(
        articles["published"], chief, kind=Correction.Kind.ERRATUM, wrong_text="38 km", correct_text="36 km"
    )
    articles["taken_down"] = draft("Tin cũ đã gỡ")
    workflow.transition(articles["taken_down"], "submit", reporter)
    workflow.transition(articles["taken_down"], "publish", editor)
    workflow.transition(articles["taken_down"], "take_down", chief, note="Sai nguồn.")
    _sign_in_records(reporter)
    return {"people": people, "articles": {key: Article.objects.get(pk=a.pk) for key, a in articles.items()}}


def _sign_in_records(person: User) -> None:
    """The sign-in log and counts as django-axes writes them: a success, failures, a pair locked, one not yet."""
    moment = {"user_agent": "Mozilla/5.0", "http_accept": "text/html", "path_info": "/admin/login/"}
    AccessLog.objects.create(username=person.username, ip_address="203.0.113.5", **moment)
    for address, failures in (("198.51.100.7", settings.AXES_FAILURE_LIMIT), ("198.51.100.8", 1)):
        AccessFailureLog.objects.create(username=person.username, ip_address=address, locked_out=failures > 1, **moment)
        AccessAttempt.objects.create(
            username=person.username, ip_address=address, failures_since_start=failures, get_data="", post_data="",
            **moment,
        )  # fmt: skip


class Crawl:
    def __init__(self, page, base: str, role: str, msgids: set[str]):
        self.page, self.base, self.role, self.msgids = page, base, role, msgids
        self.found: dict[str, set[str]] = {}
        self.seen: set[str] = set()
        self.english = [
            (phrase, re.compile(rf"(?<![\w]){re.escape(phrase)}(?![\w])")) for phrase in dict.fromkeys(ENGLISH)
        ]

    def visit(self, url: str) -> None:
        if url in self.seen:
            return
        self.seen.add(url)
        response = self.page.goto(self.base + url)
        assert response is not None and response.status < 500, f"{self.role}: {url} answered {response.status}"
        self.read(url)

    def read(self, where: str) -> None:
        self.page.wait_for_load_state("load")
        for kind, value in self.page.evaluate(COLLECT, ", ".join(NOT_ENGLISH_HERE)):
            text = re.sub(r"https?://\S+", "", value)
            for phrase, pattern in self.english:
                if pattern.search(text):
                    self.found.setdefault(f"“{phrase}” in {kind} “{value[:90]}”", set()).add(where)
            bare = text.strip().rstrip(":.…").strip()
            if bare in self.msgids or text.strip() in self.msgids:
                self.found.setdefault(f"untranslated {kind} “{value[:90]}”", set()).add(where)
            elif looks_english(bare) and bare not in OURS:
                self.found.setdefault(f"English-looking {kind} “{value[:90]}”", set()).add(where)

    def links(self, selector: str) -> list[str]:
        hrefs = self.page.eval_on_selector_all(selector, "els => els.map(el => el.getAttribute('href'))")
        return [href for href in hrefs if href and href.startswith("/admin/") and "/logout/" not in href]

    def report(self) -> list[str]:
        return [f"{self.role}: {problem} — {', '.join(sorted(pages)[:3])}" for problem, pages in self.found.items()]


def _open_body_editor(crawl: Crawl, where: str, screenshot=None) -> None:
    """The block menu open, every toolbar button hovered, the table and link dialogs open."""
    page = crawl.page
    menubar = page.locator(".prose-menubar").first
    if not menubar.count():
        return
    menubar.wait_for()
    page.locator("[contenteditable=true].ProseMirror").first.click()
    page.locator(".prose-menubar__selected").first.click()
    page.locator(".prose-menubar__picker").first.wait_for(state="visible")
    crawl.read(f"{where} (block menu)")
    if screenshot:
        page.locator(".prose-menubar").first.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot))
    page.keyboard.press("Escape")
    for button in page.locator(".prose-menubar__group .prose-menubar__button:visible").all():
        button.hover(force=True)
    crawl.read(f"{where} (toolbar)")
    page.locator('.prose-menubar__button[data-name="table"]').first.click()
    page.locator(".prose-editor-dialog").first.wait_for(state="visible")
    crawl.read(f"{where} (table dialog)")
    page.keyboard.press("Escape")
    editor = page.locator("[contenteditable=true].ProseMirror").first
    if editor.inner_text().strip():
        editor.click()
        page.keyboard.press("Control+A")
        page.locator('.prose-menubar__button[data-name="link"]').first.click()
        page.locator(".prose-editor-dialog").first.wait_for(state="visible")
        crawl.read(f"{where} (link dialog)")
        page.keyboard.press("Escape")


def _refused_step(crawl: Crawl, article: Article) -> None:
    """A workflow step sent from a copy the article has moved on from: what the refusal says. On the change form
    of someone who may edit, the step is a button of the form (saved first, then refused: the form comes back);
    for someone who may only take steps, a form of its own (the refusal page)."""
    page = crawl.page
    url = f"/admin/articles/article/{article.pk}/change/"
    page.goto(crawl.base + url)
    step = page.locator(".workflow-step").first
    if not step.count():
        return
    step.evaluate("step => step.querySelectorAll('textarea').forEach(box => box.removeAttribute('required'))")
    if step.evaluate("step => step.tagName") == "FORM":
        step.locator("input[name=version]").evaluate("input => { input.value = '0'; }")
        step.evaluate("form => { form.onsubmit = null; }")
        step.locator("button[type=submit]").click()
        page.wait_for_load_state("load")
        assert "/buoc/" in page.url
    else:
        page.locator("input[name=loaded_version]").evaluate("input => { input.value = '0'; }")
        with page.expect_navigation():
            step.locator("button[type=submit]").click()
        assert page.locator(".workflow-refusal").count() == 1
    crawl.read(f"{page.url} (refused step)")


def _messages_of_a_save_and_a_step(crawl: Crawl, article: Article) -> None:
    """What the form says to a save refused for an empty headline, to a save that passes, and to a step."""
    page, change = crawl.page, f"{crawl.base}/admin/articles/article/{article.pk}/change/"
    page.goto(change)
    page.fill("#id_title", "")
    page.click('input[name="_continue"]')
    page.wait_for_load_state("load")
    crawl.read(f"{change} (refused save)")
    page.fill("#id_title", article.title)
    page.click('input[name="_continue"]')
    page.wait_for_load_state("load")
    assert page.locator(".messagelist .success").count(), "the save did not pass"
    crawl.read(f"{change} (saved)")
    step = page.locator("form.workflow-step").first
    if step.count():
        if step.locator("textarea").count():
            step.locator("textarea").first.fill("Ghi chú của bước")
        step.locator("button[type=submit]").click()
        page.wait_for_load_state("load")
        crawl.read(f"{change} (after a step)")


def _message_of_an_action_without_articles(crawl: Crawl) -> None:
    page = crawl.page
    page.goto(f"{crawl.base}/admin/articles/article/")
    actions = page.locator("select[name=action] option")
    if actions.count() > 1:
        page.select_option("select[name=action]", index=1)
        page.click("button[name=index]")
        page.wait_for_load_state("load")
        crawl.read("/admin/articles/article/ (action without articles)")


def _crawl_role(page, base: str, role: str, newsroom: dict, msgids: set[str], screenshot_dir) -> list[str]:
    user = newsroom["people"][role]
    crawl = Crawl(page, base, role, msgids)
    _login(page, base, role)
    crawl.visit("/admin/")
    model_pages = crawl.links("#content-main a")
    for url in model_pages:
        crawl.visit(url)
        if url.endswith("/add/"):
            if "/articles/article/" in url:
                _open_body_editor(crawl, url)
            continue
        for change_url in crawl.links("#result_list tbody a")[:3]:
            crawl.visit(change_url)
            delete = crawl.links("a.deletelink")
            if delete:
                crawl.visit(delete[0])
    if user.is_superuser:  # the staff door's confirmation pages (newsroom/staff/admin.py)
        crawl.visit(f"/admin/auth/user/{newsroom['people']['phong-vien'].pk}/dang-xuat-moi-thiet-bi/")
        for count in AccessAttempt.objects.all():
            crawl.visit(f"/admin/staff/failedsignincount/{count.pk}/mo-khoa/")
    for queue in queues_for(user):
        crawl.visit(f"/admin/articles/article/?hang-doi={queue}")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{base}/admin/articles/article/")
    page.screenshot(path=str(screenshot_dir / f"vi-{role}-article-list.png"))
    for article in newsroom["articles"].values():
        if not workflow.can_view(user, article):
            continue
        change = f"/admin/articles/article/{article.pk}/change/"
        crawl.visit(change)
        crawl.visit(f"/admin/articles/article/{article.pk}/history/")
        for revision in Revision.objects.filter(article=article)[:1]:
            crawl.visit(f"/admin/articles/article/{article.pk}/phien-ban/{revision.pk}/")
        _refused_step(crawl, article)
    published = newsroom["articles"]["published"]
    page.goto(f"{base}/admin/articles/article/{published.pk}/change/")
    page.screenshot(path=str(screenshot_dir / f"vi-{role}-change-form.png"))
    crawl.read("change form at 1366x768")
    editable = next((a for a in (newsroom["articles"]["draft"], published) if workflow.can_edit(user, a)), None)
    if editable is not None:
        page.goto(f"{base}/admin/articles/article/{editable.pk}/change/")
        _open_body_editor(
            crawl, f"/admin/articles/article/{editable.pk}/change/", screenshot_dir / f"vi-{role}-body-editor.png"
        )
        _messages_of_a_save_and_a_step(crawl, editable)
    _message_of_an_action_without_articles(crawl)
    if user.has_perm("articles.correct_article"):
        crawl.visit(f"/admin/articles/article/{published.pk}/cai-chinh/")
    crawl.visit("/admin/password_change/")
    # The second factor's pages (newsroom/staff/second_factor/): one's own, setting it up, the codes page once
    # its codes were shown, and a superuser's list of staff with the reset.
    for name in ("mine", "enrol", "recovery_codes"):
        crawl.visit(reverse(f"second_factor:{name}"))
    if user.is_superuser:
        crawl.visit(reverse("second_factor:staff"))
        crawl.visit(reverse("second_factor:reset", args=[user.pk]))
    page.goto(f"{base}/admin/")
    page.click("#logout-form button")
    page.wait_for_load_state("load")
    crawl.read("logged out")
    page.goto(f"{base}/admin/login/")
    crawl.read("login")
    print(f"{role}: {len(crawl.seen)} pages", *sorted(crawl.seen), sep="\n  ")
    return crawl.report()


@pytest.mark.parametrize("role", list(ROLES))
def test_every_admin_page_a_role_reaches_is_in_vietnamese(live_server, browser, screenshot_dir, role):
    newsroom = _newsroom()
    msgids = _catalogue_msgids()
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-US")
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        problems = _crawl_role(page, live_server.url, role, newsroom, msgids, screenshot_dir)
    finally:
        page.close()
    assert not problems, "English in the Vietnamese admin:\n" + "\n".join(sorted(problems))
