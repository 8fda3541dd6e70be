"""Browser tests: Debian's Chromium driven by Playwright against Django's live test server."""

import os
import select
import time
from pathlib import Path

import pytest

from tests.e2e.front_end import CHROMIUM

# Without these Chromium reaches out to Google's hosts at every start, which a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", Path(__file__).resolve().parents[2] / "screenshots" / "e2e"))

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make between
# browser steps are ordinary synchronous calls, which Django would otherwise refuse there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        # The mark, not the keyword: every test in this folder has the keyword "e2e" (its package), and the walk of
        # the admin through the test client (test_admin_pages_answer.py) needs no browser.
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.exists() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"Browser screenshots: {SCREENSHOTS}")


# Every Content-Security-Policy violation a page reports while a test runs, in the words of the browser's
# console and of the page's `securitypolicyviolation` events. Any one fails the test (pytest_runtest_call
# below): a policy that blocks something the site needs breaks the site for readers or the staff, and the
# fix is to move the thing into a static file, never to loosen the policy quietly.
CSP_VIOLATIONS: list[str] = []

_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.__newsroomCspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
        + ` in ${event.sourceFile || document.location.href}:${event.lineNumber}`
        + (event.sample ? ` (${event.sample})` : ""));
}, true);
"""


def _watch_for_csp_violations(context) -> None:
    def on_console(message):
        # A Permissions-Policy the browser cannot read is a broken policy too (an unknown feature, say).
        if any(
            words in message.text
            for words in ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy header")
        ):
            where = message.location.get("url") or (message.page.url if message.page else "")
            CSP_VIOLATIONS.append(f"console: {message.text} [{where}]")

    context.on("console", on_console)
    context.expose_binding("__newsroomCspViolation", lambda source, text: CSP_VIOLATIONS.append(f"event: {text}"))
    context.add_init_script(_REPORT_VIOLATIONS)


class _WatchedBrowser:
    """The browser, with every context and page it opens watched for CSP violations."""

    def __init__(self, browser):
        self._browser = browser

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        _watch_for_csp_violations(context)
        return context

    def new_page(self, **options):
        page = self._browser.new_page(**options)
        _watch_for_csp_violations(page.context)
        return page

    def settle(self) -> None:
        """Let the reports still on their way from the pages arrive (Playwright hands them over during a call)."""
        for context in self._browser.contexts:
            for page in context.pages:
                if not page.is_closed():
                    try:
                        page.wait_for_timeout(100)
                    except Exception:  # noqa: BLE001, S112 - a page closing under us has nothing more to report
                        continue
                    return


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield _WatchedBrowser(chromium)
        chromium.close()


@pytest.fixture
def csp_violations():
    """The CSP violations reported so far in this test (a test that looks page by page can name the page)."""
    return CSP_VIOLATIONS


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    CSP_VIOLATIONS.clear()
    result = yield
    browser = getattr(item, "funcargs", {}).get("browser")
    if browser is not None:
        browser.settle()
    if CSP_VIOLATIONS:
        found = "\n".join(dict.fromkeys(CSP_VIOLATIONS))
        pytest.fail(f"The browser reported Content-Security-Policy violations:\n{found}", pytrace=False)
    return result


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def full_page_screenshot(page, path) -> None:
    """A screenshot of the whole page with its lazy photos loaded (they arrive only once scrolled near)."""
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
                window.scrollTo(0, y);
                await new Promise(resolve => setTimeout(resolve, 50));
            }
            window.scrollTo(0, 0);
            await Promise.all(Array.from(document.images).filter(img => !img.complete)
                .map(img => new Promise(resolve => { img.onload = img.onerror = resolve; })));
        }"""
    )
    page.screenshot(path=str(path), full_page=True)


@pytest.fixture(autouse=True)
def close_pages_before_the_database_is_emptied(request):
    """Each test's pages are closed when it ends, before pytest-django empties the database: an admin page left
    open keeps sending its heartbeat and autosave (desk.js), which would hit the live server mid-flush."""
    yield
    if "browser" not in request.fixturenames:
        return
    contexts = request.getfixturevalue("browser").contexts
    for context in contexts:
        # Closing a page sends its goodbyes (presence, a last autosave): stop them at the browser instead.
        context.route("**/*", lambda route: route.abort())
        context.close()
    if contexts and "live_server" in request.fixturenames:
        wait_until_the_server_is_idle(request.getfixturevalue("live_server"))


def wait_until_the_server_is_idle(live_server, timeout: float = 10.0) -> None:
    """A request already on its way finishes before the database is emptied: wait until the live server has no
    connection waiting to be accepted and no request thread still running (rather than a fixed pause, which is
    too long almost always and too short when the machine is loaded)."""
    httpd = getattr(live_server.thread, "httpd", None)
    if httpd is None:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # socketserver.ThreadingMixIn keeps its request threads in `_threads` (block_on_close, Python ≥ 3.7).
        running = [thread for thread in getattr(httpd, "_threads", ()) if thread.is_alive()]
        waiting, _, _ = select.select([httpd.socket], [], [], 0)
        if not running and not waiting:
            return
        for thread in running:
            thread.join(max(0.0, deadline - time.monotonic()))
        if waiting:
            time.sleep(0.01)  # the server's own loop accepts it
