"""Reads from a replica (newsroom/replica.py), against a real streaming replica: a private primary and its
`pg_basebackup -R` copy (tests/pg_replica.py), and the application under gunicorn with production settings,
DATABASE_URL on the primary and DATABASE_REPLICA_URL on the replica, as on the paper's servers.

Which server answered a request is read from PostgreSQL itself: the moment the application's connections last
started a query (pg_stat_activity.query_start) on each server, before and after the request. The replica is made
deterministically behind by pausing its replay (pg_wal_replay_pause): it keeps receiving the primary's WAL and
applies none of it.
"""

import http.client
import secrets
import urllib.parse
from contextlib import contextmanager
from http.cookies import SimpleCookie

import pytest

from newsroom.replica import STICKY_COOKIE
from tests import servers
from tests.pg_replica import pg_replica_pair  # noqa: F401  (the fixture)

HOST = "baodongnai.example"  # in deploy/newsroom.env.example's ALLOWED_HOSTS
TITLE = "Đồng Nai đọc từ bản sao"
CORRECTED = "Đồng Nai đọc từ bản chính"
DOOMED = "Bài sẽ bị gỡ khi bản sao chậm"
DOWN_MESSAGE = "Replica: unusable"
BACK_MESSAGE = "Replica: answering again"

# The moment the application's connections to this server last started a query (the probe's own excluded), and
# that query's text.
LAST_QUERY = """
SELECT coalesce(extract(epoch FROM query_start), 0), query FROM pg_stat_activity
WHERE backend_type = 'client backend' AND datname = current_database() AND pid <> pg_backend_pid()
ORDER BY query_start DESC NULLS LAST LIMIT 1
"""
# The router asking the replica how far it has replayed (newsroom/replica.py), after a change: not a page's read.
POSITION_QUERY = "pg_last_wal_replay_lsn()"


class Browser:
    """One browser's cookies, against the site; no redirect followed."""

    def __init__(self, paper):
        self.paper, self.cookies = paper, {}

    def fetch(self, method: str, path: str, data: dict | None = None, cookies: dict | None = None):
        body = urllib.parse.urlencode(data) if data is not None else None
        sent = self.cookies if cookies is None else cookies
        headers = {"Host": HOST, "Cookie": "; ".join(f"{name}={value}" for name, value in sent.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.paper.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content

    def post(self, path: str, data: dict):
        return self.fetch("POST", path, {**data, "csrfmiddlewaretoken": self.cookies["csrftoken"]})

    def sign_in(self, username: str) -> None:
        assert self.fetch("GET", "/admin/login/")[0] == 200
        status, _ = self.post("/admin/login/?next=/admin/", {"username": username, "password": "pw"})
        assert status == 302, "the editor could not sign in"


class Paper:
    def __init__(self, pair, env, port, log, article):
        self.pair, self.env, self.port, self.log = pair, env, port, log
        self.article = article  # {"id", "url", "section_url", "editor"}

    def shell(self, code: str) -> dict:
        return servers.shell_json(self.env, code)

    def last_queries(self) -> dict:
        return {"primary": self.pair.primary_row(LAST_QUERY), "replica": self._replica_last_query()}

    def _replica_last_query(self):
        import psycopg

        try:
            return self.pair.replica_row(LAST_QUERY)
        except psycopg.OperationalError:  # stopped by the test: it answered nothing
            return None

    def read(self, path: str, browser: Browser | None = None, cookies: dict | None = None):
        """GET `path`: its status, its page, and the servers the application read the page from (the router's
        question to the replica about its position is not a read of the page: it comes before them)."""
        before = self.last_queries()
        status, content = (browser or Browser(self)).fetch("GET", path, cookies=cookies)
        after = self.last_queries()
        return (
            status,
            content,
            {
                server
                for server in before
                if after[server]
                and (not before[server] or after[server][0] > before[server][0])
                and POSITION_QUERY not in after[server][1]
            },
        )

    def fresh(self, path: str) -> str:
        """`path` under an address the page cache has never kept: the page is made for this request."""
        return f"{path}?lan={secrets.token_hex(4)}"

    def log_count(self, message: str) -> int:
        return self.log.read_text(errors="replace").count(message)


@contextmanager
def replay_paused(pair):
    pair.wait_caught_up()  # nothing pending: from here on, only what the test writes is missing on the replica
    pair.pause_replay()
    try:
        yield
    finally:
        pair.resume_replay()
        pair.wait_caught_up()


@pytest.fixture(scope="module")
def paper(pg_replica_pair, tmp_path_factory, request):  # noqa: F811  (the fixture imported above)
    pair = pg_replica_pair
    folder = tmp_path_factory.mktemp("replica-site")
    env = servers.production_env(
        folder,
        pair.primary_url,
        DATABASE_REPLICA_URL=pair.replica_url,
        # The editor signs in with a password only: the second factor has tests of its own.
        NEWSROOM_OTP_REQUIRED="0",
        NEWSROOM_REPLICA_STICKY_SECONDS="600",
    )
    servers.prepare(env)
    port, log = servers.free_port(), folder / "gunicorn.log"
    site = Paper(pair, env, port, log, {})
    # Everything the tests need, made in one shell (each costs seconds): the editor, the article the tests read,
    # a second one in its section to take down, and the admin form's data correcting the first one's title.
    site.article = site.shell(
        "from articles.roles import EDITOR\n"
        "editor = factories.staff_member('btv_ban_sao', EDITOR)\n"
        f"a = factories.article(title={TITLE!r})\n"
        f"b = factories.article(title={DOOMED!r}, in_section=a.section)\n"
        "print(json.dumps({'id': a.pk, 'url': a.get_absolute_url(), 'section_url': a.section.get_absolute_url(),"
        " 'editor': editor.username, 'doomed_id': b.pk, 'doomed_url': b.get_absolute_url(),"
        f" 'correction': factories.change_form_data(a, title={CORRECTED!r})}}))"
    )
    process = servers.start_gunicorn(env, f"127.0.0.1:{port}", log)
    request.addfinalizer(lambda: servers.stop(process))

    def alive():
        assert process.poll() is None, f"gunicorn exited:\n{log.read_text()}"

    servers.wait_until(lambda: Browser(site).fetch("GET", "/healthz")[0] == 200, "gunicorn", alive=alive)
    pair.wait_caught_up()
    Browser(site).fetch("GET", "/")  # the worker's first connections, and the content position read once
    return site


def test_public_pages_read_from_the_replica_and_the_admin_from_the_primary(paper):
    for path in ("/", paper.article["section_url"], paper.article["url"]):
        status, content, servers_used = paper.read(paper.fresh(path))
        assert status == 200, path
        assert servers_used == {"replica"}, path
    assert TITLE in content

    editor = Browser(paper)
    editor.sign_in(paper.article["editor"])
    status, _, servers_used = paper.read(f"/admin/articles/article/{paper.article['id']}/change/", editor)
    assert status == 200
    assert servers_used == {"primary"}
    # Signed in, the editor reads the public pages from the primary too.
    assert paper.read(paper.fresh(paper.article["url"]), editor)[2] == {"primary"}


def test_a_lagging_replica_serves_pages_while_no_content_changed(paper):
    with replay_paused(paper.pair):
        paper.pair.primary("CREATE TABLE not_content (id int)")  # a write, but no change of what pages show
        status, content, servers_used = paper.read(paper.fresh(paper.article["url"]))
        assert status == 200 and TITLE in content
        assert servers_used == {"replica"}
    paper.pair.primary("DROP TABLE not_content")


def test_a_browser_that_wrote_reads_from_the_primary_for_a_while(paper):
    with replay_paused(paper.pair):
        editor = Browser(paper)
        editor.sign_in(paper.article["editor"])  # a POST: the browser is now sticky
        sticky = {STICKY_COOKIE: editor.cookies[STICKY_COOKIE]}
        path = paper.fresh(paper.article["url"])
        assert paper.read(path, cookies=sticky)[2] == {"primary"}
        # Without it, or with one the server did not sign, the replica answers.
        assert paper.read(paper.fresh(paper.article["url"]))[2] == {"replica"}
        assert paper.read(paper.fresh(paper.article["url"]), cookies={STICKY_COOKIE: "1"})[2] == {"replica"}


def test_an_edit_and_a_take_down_are_never_read_back_from_a_lagging_replica(paper):
    url, home = paper.article["url"], "/"
    doomed_id, doomed_url = paper.article["doomed_id"], paper.article["doomed_url"]
    # Readers have the article to be taken down, from the replica, and the page cache keeps its page.
    for path in (doomed_url, home):
        status, content, _ = paper.read(path)
        assert status == 200 and DOOMED in content
    assert paper.read(doomed_url)[2] == set()  # kept: no query at all

    editor = Browser(paper)
    editor.sign_in(paper.article["editor"])
    with replay_paused(paper.pair):
        # The editor corrects the title in the admin: the editor and every reader read it at once.
        change = f"/admin/articles/article/{paper.article['id']}/change/"
        assert editor.post(change, paper.article["correction"])[0] == 302
        assert CORRECTED in paper.read(url, editor)[1]
        status, content, servers_used = paper.read(url)
        assert CORRECTED in content
        assert servers_used == {"primary"}

        # The editor takes the other article down: no reader is shown it, though the replica still has it.
        version = paper.pair.primary("SELECT version FROM articles_article WHERE id = %s", doomed_id)
        take_down = f"/admin/articles/article/{doomed_id}/buoc/take_down/"
        assert editor.post(take_down, {"version": version, "note": "Sai sự thật"})[0] == 302
        status_of = "SELECT status FROM articles_article WHERE id = %s"
        assert paper.pair.primary(status_of, doomed_id) == "taken_down"
        assert paper.pair.replica(status_of, doomed_id) == "published"
        status, content, servers_used = paper.read(doomed_url)
        assert status == 404 and servers_used == {"primary"}
        status, content, servers_used = paper.read(home)
        assert status == 200 and DOOMED not in content
        assert servers_used == {"primary"}

    # Caught up, the replica answers again, with the correction and the take-down.
    status, content, servers_used = paper.read(paper.fresh(doomed_url))
    assert status == 404 and servers_used == {"replica"}
    status, content, servers_used = paper.read(paper.fresh(home))
    assert DOOMED not in content and CORRECTED in content
    assert servers_used == {"replica"}


def test_a_stopped_replica_never_breaks_a_page(paper):
    paper.pair.stop_replica()
    try:
        for path in ("/", paper.article["section_url"], paper.article["url"]):
            status, content, servers_used = paper.read(paper.fresh(path))
            assert status == 200, path
            assert servers_used == {"primary"}, path
        assert paper.log_count(DOWN_MESSAGE) == 1, "the replica's failure is logged once, not per request"
    finally:
        paper.pair.start_replica()

    # Back: once this process tries it again (after RETRY_AFTER_S), public pages read from it.
    servers.wait_until(
        lambda: paper.read(paper.fresh(paper.article["url"]))[2] == {"replica"}, "reads from the replica again"
    )
    assert paper.log_count(BACK_MESSAGE) == 1
