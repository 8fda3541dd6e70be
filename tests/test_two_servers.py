"""Two app servers agree: what one is told, the other serves at once (issue 11, "Several machines").

Two gunicorn servers (production settings, the environment of deploy/newsroom.env.example) on two loopback
ports share one PostgreSQL database, one Redis database (the page cache, its tags' versions, the buffered views)
and one S3-compatible bucket (moto's server, tests/object_storage.py). An editor works through server A's real
admin over HTTP (sign-in with its CSRF token, the change page's buttons and forms); readers read server B. Every
public page of B is kept in the shared page cache before the change, so "at once" means B never serves the copy
it kept: no waiting for a cache lifetime. Views are sent to both servers as the site's script sends them and
counted exactly once, even with both servers' flush_views running together.

PostgreSQL only: two servers cannot share a SQLite file the way a paper's machines share a database server.
"""

import json
import os
import re
import subprocess
import sys
import threading
from urllib.request import urlopen

import pytest

from tests import servers
from tests.admin_browser import Browser, Editor
from tests.deploy_env import PROJECT
from tests.factories import image_bytes
from tests.public_bucket import allow_anonymous_reads
from tests.redis_db import TEST_REDIS_URL

HOST = "baodongnai.example"  # in the example's ALLOWED_HOSTS
EDITOR, PASSWORD = "bientap-hai-may", "pw"
BEACON = {"Content-Type": "text/plain;charset=UTF-8"}

pytestmark = pytest.mark.skipif(
    not servers.is_postgres(os.environ.get("DATABASE_URL", "")),
    reason="two app servers share a PostgreSQL database (the PostgreSQL suite: DATABASE_URL=postgres://…)",
)

# The articles the tests work on, one each so that the tests stay independent: created in the fixture as an
# editor would have left them.
STORIES = {
    "to_publish": ("Khánh thành cầu Hóa An mới", "in_review"),
    "to_correct": ("Lượng mưa tại Tân Phú", "published"),
    "to_illustrate": ("Mùa nước nổi ở Cù lao Phố", "published"),
    "to_count": ("Giá sầu riêng tăng mạnh", "published"),
    "to_take_down": ("Tin đồn chưa được kiểm chứng", "published"),
}
WRONG, RIGHT = "Lượng mưa tại Tân Phú là 320 mm", "Lượng mưa tại Tân Phú là 230 mm"

MAKE_STORIES = """
from articles.roles import EDITOR
factories.staff_member({editor!r}, EDITOR, first_name="Hằng", last_name="Lê")
made = {{}}
for key, (title, status) in json.loads({stories!r}).items():
    body = "<p>{wrong}.</p>" if key == "to_correct" else "<p>Nội dung bài viết.</p>"
    article = factories.article(title=title, status=status, body=body)
    made[key] = [article.pk, article.get_absolute_url()]
print(json.dumps(made))
"""


class Paper:
    """The two running servers, the editor signed in on A, and the stories."""

    def __init__(self, env, a, b, stories, storage, bucket):
        self.env, self.a, self.b, self.stories = env, a, b, stories
        self.storage, self.bucket = storage, bucket
        self.editor = Editor(a, HOST)

    def reader(self, base: str) -> Browser:
        return Browser(base, HOST)

    def manage(self, *args: str) -> str:
        return servers.manage(self.env, *args)


def _redis_flush():
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()


@pytest.fixture(scope="module")
def paper(tmp_path_factory, request, object_storage):
    folder = tmp_path_factory.mktemp("two-servers")
    cleanups = []
    request.addfinalizer(lambda: [cleanup() for cleanup in reversed(cleanups)])

    database_url = servers.own_database(folder, "two_servers", cleanups)
    bucket = "two-servers"
    # The run's own Redis database (tests/redis_db.py): emptied first, so no other test's buffered views are
    # flushed into this database, and afterwards.
    _redis_flush()
    cleanups.append(_redis_flush)
    media_storage_url = object_storage.media_storage_url(bucket)
    allow_anonymous_reads(object_storage.client(), bucket)
    env = servers.production_env(
        folder,
        database_url,
        REDIS_URL=TEST_REDIS_URL,
        MEDIA_STORAGE_URL=media_storage_url,
        # The second factor is tested on its own (tests/test_second_factor.py); here the editor only signs in.
        NEWSROOM_OTP_REQUIRED="0",
        # Nothing in front of the servers: the reader's address is the connection's.
        NEWSROOM_TRUSTED_PROXIES="0",
    )
    servers.prepare(env)
    stories = servers.shell_json(env, MAKE_STORIES.format(editor=EDITOR, stories=json.dumps(STORIES), wrong=WRONG))

    bases, processes = [], []
    for name in ("a", "b"):
        port = servers.free_port()
        # Two workers each: a change must reach every process of the other server, not just one.
        process = servers.start_gunicorn(env, f"127.0.0.1:{port}", folder / f"gunicorn-{name}.log", workers=2)
        cleanups.append(lambda process=process: servers.stop(process))
        bases.append(f"http://127.0.0.1:{port}")
        processes.append((process, folder / f"gunicorn-{name}.log"))

    def alive():
        for process, log in processes:
            assert process.poll() is None, log.read_text(errors="replace")

    for base in bases:
        probe = Browser(base, HOST)
        servers.wait_until(lambda probe=probe: probe.get("/healthz").status == 200, f"gunicorn at {base}", alive=alive)

    site = Paper(env, *bases, stories, object_storage, bucket)
    site.editor.log_in(EDITOR, PASSWORD)
    return site


def _kept(reader: Browser, path: str) -> str:
    """The page as B keeps it in the shared cache: fetched until a copy is served from there."""
    for _ in range(3):
        page = reader.get(path)
        assert page.status == 200, page.status
        if page.headers.get("X-Page-Cache") == "hit":
            return page.text
    raise AssertionError(f"{path} was never served from the page cache: {page.headers.get('X-Page-Cache')}")


def test_an_article_published_through_a_is_served_by_b_at_once(paper):
    article_id, url = paper.stories["to_publish"]
    title = STORIES["to_publish"][0]
    reader = paper.reader(paper.b)
    assert reader.get(url).status == 404
    assert title not in _kept(reader, "/")

    paper.editor.step(article_id, "publish")

    page = reader.get(url)
    assert page.status == 200 and title in page.text
    assert title in reader.get("/").text


def test_a_correction_through_a_is_on_bs_page_at_once(paper):
    article_id, url = paper.stories["to_correct"]
    reader = paper.reader(paper.b)
    assert RIGHT not in _kept(reader, url)

    paper.editor.correct(article_id, "dinh_chinh", WRONG, RIGHT)  # an erratum (đính chính)

    page = reader.get(url)
    assert page.status == 200
    assert RIGHT in page.text
    assert page.headers.get("X-Page-Cache") != "hit"


def test_an_article_taken_down_through_a_is_gone_from_b_at_once(paper):
    article_id, url = paper.stories["to_take_down"]
    title = STORIES["to_take_down"][0]
    reader = paper.reader(paper.b)
    _kept(reader, url)
    assert title in _kept(reader, "/")

    paper.editor.step(article_id, "take_down", note="Gỡ theo yêu cầu của cơ quan chức năng.")

    assert reader.get(url).status in (404, 410)
    assert title not in reader.get("/").text


def test_a_photo_uploaded_through_a_is_shown_by_b_from_the_bucket(paper):
    article_id, url = paper.stories["to_illustrate"]
    reader = paper.reader(paper.b)
    assert "cau-hoa-an-hai-may" not in _kept(reader, url)
    alt = "Cầu Hóa An nhìn từ bờ sông Đồng Nai"

    paper.editor.add_photo(
        article_id, "cau-hoa-an-hai-may.jpg", image_bytes("JPEG", size=(1200, 800)), alt_text=alt, caption=alt
    )

    page = reader.get(url)
    assert page.status == 200
    assert alt in page.text
    # The page's picture comes from the bucket, at its renditions' addresses (made by whichever server asked).
    sources = re.findall(r'(?:src|srcset)="([^"]*cau-hoa-an-hai-may[^"]*)"', page.text)
    assert sources, page.text
    first = sources[0].split(",")[0].split()[0].replace("&amp;", "&")
    assert first.startswith(paper.storage.endpoint), first
    with urlopen(first, timeout=10) as photo:  # noqa: S310 (our own loopback server)
        content = photo.read()
    assert content[:3] == b"\xff\xd8\xff" or content[8:12] == b"WEBP"
    keys = paper.storage.objects(paper.bucket)
    assert any(key.startswith("photos/") and "cau-hoa-an-hai-may" in key for key in keys)
    assert any(key.startswith("renditions/") and "cau-hoa-an-hai-may" in key for key in keys)


def _views(paper, article_id: int) -> int:
    out = paper.manage(
        "shell", "-c", f"from articles.ranking import article_views; print(article_views({article_id}).total)"
    )
    return int(out.strip().splitlines()[-1])


def _flush(paper) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "flush_views"], cwd=PROJECT, env=paper.env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_views_sent_to_both_servers_are_counted_exactly_once(paper):
    article_id, _ = paper.stories["to_count"]
    body = f"id={article_id}".encode()
    both, only_a, only_b = 6, 3, 4
    for n in range(both + only_a + only_b):
        # Each reader its own browser (its own "already counted" cookie); the first six read through A then B,
        # as a reader whose requests the balancer sends to either: B honours the cookie A signed.
        targets = [paper.a, paper.b] if n < both else [paper.a] if n < both + only_a else [paper.b]
        cookie = {}
        for base in targets:
            reader = paper.reader(base)
            reader.cookies = cookie
            answer = reader.request("POST", "/api/xem/", body=body, headers=BEACON)
            assert answer.status == 204, answer.status

    # Both servers' timers fire at the same moment: the views are moved once, by one of them.
    outputs = []
    flushes = [threading.Thread(target=lambda: outputs.append(_flush(paper))) for _ in range(2)]
    for flush in flushes:
        flush.start()
    for flush in flushes:
        flush.join()
    assert len(outputs) == 2
    flushed = sum(int(found) for out in outputs for found in re.findall(r"\(Flushed (\d+) views", out))
    assert flushed == both + only_a + only_b
    assert _views(paper, article_id) == both + only_a + only_b

    # A third flush (the next tick of either timer) finds nothing left to move.
    assert "(Flushed 0 views" in _flush(paper)
