"""The counting endpoint (articles/beacon.py): POST /api/xem/ and the no-JavaScript pixel.

Every test speaks HTTP through Django's test Client, as a browser would: a reader is a fresh client
with a browser's User-Agent (the test client sends none, and an empty User-Agent is a program).
"""

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import signing
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.test import Client

from articles import beacon, ranking
from articles.models import Article, ArticleViewDay, ArticleViewHour, ArticleViewTotal
from articles.ranking import redis_gate
from articles.roles import EDITOR
from tests import factories
from tests.concurrency import run_threads

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BEACON_URL = "/api/xem/"
BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; SM-A556E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
DESKTOP = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "coc_coc_browser/129.0.250 Chrome/123.0.0.0 Safari/537.36"
)
GIF = b"GIF89a"


def reader(user_agent: str = BROWSER, *, headers: dict | None = None, **defaults) -> Client:
    """A new reader: a fresh client, so no dedup cookie yet."""
    return Client(headers={"user-agent": user_agent, **(headers or {})}, **defaults)


def beacon_post(client: Client, article_id, **extra):
    # What navigator.sendBeacon(url, "id=…") sends: a text/plain body.
    return client.post(BEACON_URL, f"id={article_id}", content_type="text/plain;charset=UTF-8", **extra)


def pixel_get(client: Client, article_id, **extra):
    return client.get(f"/api/xem/{article_id}.gif", **extra)


def views(article) -> int:
    return ArticleViewTotal.objects.filter(article_id=article.pk).values_list("views", flat=True).first() or 0


def tables() -> tuple:
    """Rows and summed views of the three view tables: "unchanged" means this is equal before and after."""
    return tuple(
        (model.objects.count(), model.objects.aggregate(total=Sum("views"))["total"] or 0)
        for model in (ArticleViewHour, ArticleViewDay, ArticleViewTotal)
    )


NO_VIEWS = ((0, 0), (0, 0), (0, 0))


def local(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=HCM)


@pytest.fixture
def article():
    return factories.article(published_at=local(2025, 12, 1, 8))


@pytest.fixture
def no_redis(settings):
    settings.REDIS_URL = ""
    redis_gate.reset()


def test_a_reader_counts_once_with_204_and_a_dedup_cookie(article, no_redis):
    response = beacon_post(reader(), article.pk)
    assert response.status_code == 204
    assert response.content == b""
    assert views(article) == 1
    cookie = response.cookies[beacon.SEEN_COOKIE]
    assert cookie["path"] == "/api/xem/"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 30 * 60
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_pixel_counts_like_the_beacon(article, no_redis):
    response = pixel_get(reader(), article.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response.content.startswith(GIF)
    assert "max-age=0" in response["Cache-Control"]
    assert views(article) == 1


def test_the_body_may_carry_surrounding_whitespace(article, no_redis):
    assert reader().post(BEACON_URL, f"id={article.pk}\r\n", content_type="text/plain").status_code == 204
    assert reader().post(BEACON_URL, f"{article.pk}", content_type="text/plain").status_code == 204
    assert views(article) == 2


# ---------------------------------------------------------------------------------------------------
# 1. Concurrency through the real endpoint (PostgreSQL)
# ---------------------------------------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: concurrent writers from many connections are what this test is about "
    "(SQLite serialises every writer behind one file lock, so it would prove nothing)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_readers_through_the_endpoint_are_all_counted(settings):
    settings.REDIS_URL = ""
    settings.NEWSROOM_VIEW_RATE_LIMIT = 1_000_000  # every request comes from 127.0.0.1
    redis_gate.reset()
    threads, per_thread = 10, 20
    # The clock is held inside one hour (it still ticks), so all views share one hour bucket.
    with time_machine.travel(local(2026, 6, 15, 10, 0), tick=True):
        article = factories.article()  # a transactional test starts from an empty database
        statuses: list[int] = []

        def readers(_index):
            for _ in range(per_thread):
                statuses.append(beacon_post(reader(), article.pk).status_code)

        errors = run_threads(threads, readers)
    assert errors == []
    expected = threads * per_thread
    assert statuses == [204] * expected
    assert views(article) == expected
    assert list(ArticleViewDay.objects.values_list("views", flat=True)) == [expected]
    assert list(ArticleViewHour.objects.values_list("views", flat=True)) == [expected]


# ---------------------------------------------------------------------------------------------------
# 2. Dedup
# ---------------------------------------------------------------------------------------------------


def test_a_reload_within_30_minutes_adds_nothing_and_after_31_it_counts_again(article, no_redis):
    with time_machine.travel(local(2026, 6, 15, 9, 0), tick=False) as clock:
        browser = reader()
        assert beacon_post(browser, article.pk).status_code == 204
        assert beacon_post(browser, article.pk).status_code == 204  # reload, cookie kept
        assert pixel_get(browser, article.pk).status_code == 200  # the same reader without JS
        assert views(article) == 1

        clock.shift(timedelta(minutes=29))
        assert beacon_post(browser, article.pk).status_code == 204
        assert views(article) == 1

        clock.shift(timedelta(minutes=2))  # 31 minutes after the counted view
        assert beacon_post(browser, article.pk).status_code == 204
        assert views(article) == 2
        assert beacon_post(browser, article.pk).status_code == 204
        assert views(article) == 2


def test_the_dedup_is_per_article(no_redis):
    first, second = factories.article(), factories.article()
    browser = reader()
    for target in (first, second, first, second):
        assert beacon_post(browser, target.pk).status_code == 204
    assert (views(first), views(second)) == (1, 1)


def test_a_reader_without_the_cookie_counts_again(article, no_redis):
    assert beacon_post(reader(), article.pk).status_code == 204
    assert beacon_post(reader(), article.pk).status_code == 204  # cookies refused: another reader
    assert views(article) == 2


def tampered(value: str) -> str:
    last = value[-1]
    return value[:-1] + ("A" if last != "A" else "B")


@pytest.mark.parametrize(
    "make_cookie",
    [
        pytest.param(lambda pk: tampered(signing.dumps({str(pk): 2_000_000_000}, salt=beacon.SEEN_SALT)), id="sig"),
        pytest.param(lambda pk: signing.dumps({str(pk): 2_000_000_000}), id="wrong-salt"),
        pytest.param(lambda pk: signing.dumps([pk], salt=beacon.SEEN_SALT), id="not-a-dict"),
        pytest.param(lambda pk: signing.dumps({str(pk): "x"}, salt=beacon.SEEN_SALT), id="not-a-time"),
        pytest.param(lambda pk: "garbage", id="garbage"),
        pytest.param(lambda pk: "", id="empty"),
        pytest.param(lambda pk: "a:b:c:d", id="colons"),
        pytest.param(lambda pk: "." + "x" * 3000, id="long"),
        pytest.param(lambda pk: f'{{"{pk}": 9999999999}}', id="unsigned-json"),
    ],
)
def test_a_tampered_cookie_counts_as_a_new_reader_and_never_errors(article, no_redis, make_cookie):
    browser = reader()
    browser.cookies[beacon.SEEN_COOKIE] = make_cookie(article.pk)
    response = beacon_post(browser, article.pk)
    assert response.status_code == 204
    assert views(article) == 1
    # The reader gets a good cookie back, and is deduplicated from then on.
    assert beacon_post(browser, article.pk).status_code == 204
    assert views(article) == 1
    browser.cookies[beacon.SEEN_COOKIE] = make_cookie(article.pk)
    assert pixel_get(browser, article.pk).status_code == 200
    assert views(article) == 2


def test_the_cookie_remembers_a_bounded_number_of_articles(no_redis):
    articles = [factories.article(published_at=local(2025, 12, 1)) for _ in range(beacon.SEEN_MAX_ARTICLES + 5)]
    browser = reader()
    with time_machine.travel(local(2026, 6, 15, 9, 0), tick=False) as clock:
        for target in articles:
            assert beacon_post(browser, target.pk).status_code == 204
            clock.shift(timedelta(seconds=1))
    seen = signing.loads(browser.cookies[beacon.SEEN_COOKIE].value, salt=beacon.SEEN_SALT)
    assert len(seen) == beacon.SEEN_MAX_ARTICLES
    assert set(seen) == {str(target.pk) for target in articles[-beacon.SEEN_MAX_ARTICLES :]}
    assert len(browser.cookies[beacon.SEEN_COOKIE].value) < 2000  # well under a browser's 4 KB


# ---------------------------------------------------------------------------------------------------
# 3. Bots, previews, prefetches
# ---------------------------------------------------------------------------------------------------

AUTOMATED = {
    "googlebot": {"user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
    "googlebot-smartphone": {
        "user-agent": "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, "
        "like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
        "+http://www.google.com/bot.html)"
    },
    "facebook": {"user-agent": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"},
    # Zalo's link-preview fetcher: its User-Agent is not documented; these two stand for it.
    "zalo-preview": {"user-agent": "Mozilla/5.0 (compatible; Zalo-link-preview/1.0; +https://zalo.me)"},
    "zalo-sharebot": {"user-agent": "ZaloShareBot/1.0"},
    "coccocbot": {"user-agent": "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)"},
    "curl": {"user-agent": "curl/8.5.0"},
    "python-requests": {"user-agent": "python-requests/2.32.3"},
    "empty": {"user-agent": ""},
    "blank": {"user-agent": "   "},
    "missing": {},
    "purpose-prefetch": {"user-agent": BROWSER, "purpose": "prefetch"},
    "sec-purpose": {"user-agent": BROWSER, "sec-purpose": "prefetch;prerender"},
    "sec-purpose-prefetch": {"user-agent": BROWSER, "sec-purpose": "prefetch"},
    "x-moz-prefetch": {"user-agent": BROWSER, "x-moz": "prefetch"},
}


@pytest.mark.parametrize("headers", AUTOMATED.values(), ids=list(AUTOMATED))
def test_bots_previews_and_prefetches_get_204_and_count_nothing(article, no_redis, headers):
    client = Client(headers=headers)
    response = beacon_post(client, article.pk)
    assert response.status_code == 204
    assert beacon.SEEN_COOKIE not in response.cookies
    response = pixel_get(client, article.pk)
    assert response.status_code == 200
    assert response.content.startswith(GIF)
    assert tables() == NO_VIEWS


@pytest.mark.parametrize(
    "user_agent",
    [
        BROWSER,
        DESKTOP,  # Cốc Cốc, the Vietnamese browser: "coc_coc_browser", not the "coccoc" crawler
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Mobile/21F90 [FBAN/FBIOS;FBAV/470.0.0.41.106;FBBV/623374488;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS]",
    ],
    ids=["chrome-android", "coc-coc", "safari-iphone", "facebook-in-app"],
)
def test_real_browsers_count(article, no_redis, user_agent):
    assert beacon_post(reader(user_agent), article.pk).status_code == 204
    assert views(article) == 1


ZALO_IN_APP = [
    # Zalo's in-app browser: where readers open a link shared in a Zalo chat (most Vietnamese readers).
    "Mozilla/5.0 (Linux; Android 14; SM-A556E Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/131.0.6778.135 Mobile Safari/537.36 Zalo android/25081840 ZaloTheme/light ZaloLanguage/vi",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 Zalo iOS/24.12.01 ZaloTheme/light ZaloLanguage/vi",
]


@pytest.mark.parametrize("user_agent", ZALO_IN_APP, ids=["zalo-android", "zalo-ios"])
def test_readers_in_zalos_in_app_browser_count(article, no_redis, user_agent):
    assert beacon_post(reader(user_agent), article.pk).status_code == 204
    assert views(article) == 1


def test_head_is_refused_and_counts_nothing(article, no_redis):
    assert reader().head(BEACON_URL).status_code == 405
    assert reader().head(f"/api/xem/{article.pk}.gif").status_code == 405
    assert tables() == NO_VIEWS


# ---------------------------------------------------------------------------------------------------
# 4. Staff
# ---------------------------------------------------------------------------------------------------


def test_a_logged_in_staff_member_is_not_counted(article, no_redis):
    editor = reader()
    editor.force_login(factories.staff_member("bientap_beacon", EDITOR))
    assert beacon_post(editor, article.pk).status_code == 204
    assert pixel_get(editor, article.pk).status_code == 200
    assert tables() == NO_VIEWS


def test_a_staff_member_without_a_role_is_not_counted_either(article, no_redis):
    intern = reader()
    intern.force_login(factories.staff_member("thuctapsinh"))
    assert beacon_post(intern, article.pk).status_code == 204
    assert tables() == NO_VIEWS


def test_a_logged_in_non_staff_user_counts(article, no_redis):
    subscriber = reader()
    subscriber.force_login(User.objects.create_user("docgia", password="pw"))
    assert beacon_post(subscriber, article.pk).status_code == 204
    assert views(article) == 1


def test_a_stale_session_cookie_counts_as_a_reader(article, no_redis):
    browser = reader()
    browser.cookies["sessionid"] = "no-such-session"
    assert beacon_post(browser, article.pk).status_code == 204
    assert views(article) == 1


# ---------------------------------------------------------------------------------------------------
# 5. Unpublished articles
# ---------------------------------------------------------------------------------------------------

UNPUBLISHED = {
    "draft": {"status": Article.Status.DRAFT},
    "in-review": {"status": Article.Status.IN_REVIEW},
    "approved": {"status": Article.Status.APPROVED},
    "scheduled": {"published_at": datetime(2099, 1, 1, tzinfo=UTC)},
    "taken-down": {"status": Article.Status.TAKEN_DOWN, "published_at": datetime(2026, 1, 1, tzinfo=UTC)},
}


@pytest.mark.parametrize("fields", UNPUBLISHED.values(), ids=list(UNPUBLISHED))
def test_an_unpublished_article_is_404_and_counts_nothing(no_redis, fields):
    hidden = factories.article(**fields)
    response = beacon_post(reader(), hidden.pk)
    assert response.status_code == 404
    assert beacon.SEEN_COOKIE not in response.cookies
    assert pixel_get(reader(), hidden.pk).status_code == 404
    assert tables() == NO_VIEWS


def test_a_missing_article_is_404(no_redis):
    assert beacon_post(reader(), 987654321).status_code == 404
    assert pixel_get(reader(), 987654321).status_code == 404
    assert tables() == NO_VIEWS


def test_a_drafts_page_is_404_and_counts_nothing(no_redis):
    draft = factories.article(status=Article.Status.DRAFT)
    assert reader().get(draft.get_absolute_url()).status_code == 404
    assert tables() == NO_VIEWS


def test_a_scheduled_article_counts_once_its_time_has_come(no_redis):
    scheduled = factories.article(published_at=local(2026, 6, 15, 9, 0))
    with time_machine.travel(local(2026, 6, 15, 8, 59), tick=False):
        assert beacon_post(reader(), scheduled.pk).status_code == 404
    with time_machine.travel(local(2026, 6, 15, 9, 0), tick=False):
        assert beacon_post(reader(), scheduled.pk).status_code == 204
    assert views(scheduled) == 1


# ---------------------------------------------------------------------------------------------------
# 6. Garbage
# ---------------------------------------------------------------------------------------------------

GARBAGE_BODIES = {
    "word": "id=abc",
    "negative": "id=-1",
    "zero": "id=0",
    "leading-zero": "id=01",
    "float": "id=1.0",
    "list": "id=1&id=2",
    "comma-list": "id=1,2",
    "other-name": "article=1",
    "empty": "",
    "only-name": "id=",
    "beyond-bigint": "id=9223372036854775808",
    "huge": "id=" + "9" * 40,
    "unicode-digits": "id=١٢",
    "nul": "id=1\x00",
}


@pytest.fixture
def counted(article, no_redis):
    """One view already counted, so "unchanged" is checked against tables that are not empty."""
    assert beacon_post(reader(), article.pk).status_code == 204
    return tables()


@pytest.mark.parametrize("body", GARBAGE_BODIES.values(), ids=list(GARBAGE_BODIES))
def test_a_garbage_body_is_400_and_writes_nothing(counted, body):
    response = reader().post(BEACON_URL, body, content_type="text/plain;charset=UTF-8")
    assert response.status_code == 400
    assert tables() == counted


def test_a_json_body_is_400(counted, article):
    response = reader().post(BEACON_URL, {"id": article.pk}, content_type="application/json")
    assert response.status_code == 400
    response = reader().post(BEACON_URL, f"[{article.pk}]", content_type="application/json")
    assert response.status_code == 400
    assert tables() == counted


def test_a_form_with_a_list_is_400(counted, article):
    response = reader().post(BEACON_URL, {"id": [article.pk, article.pk]})  # multipart, like a form
    assert response.status_code in (400, 413)
    response = reader().post(
        BEACON_URL, f"id={article.pk}&id={article.pk}", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert tables() == counted


def test_a_10_kb_body_is_refused(counted, article):
    response = reader().post(BEACON_URL, f"id={article.pk}" + " " * 10_000, content_type="text/plain")
    assert response.status_code in (400, 413)
    response = reader().post(BEACON_URL, "x" * 10_240, content_type="text/plain")
    assert response.status_code in (400, 413)
    assert tables() == counted


def test_a_body_longer_than_announced_is_cut_not_trusted(counted, article):
    # A lying Content-Length (small) in front of a big body: only the first bytes are read.
    response = reader().post(
        BEACON_URL, f"id={article.pk}" + "9" * 5000, content_type="text/plain", CONTENT_LENGTH="10"
    )
    assert response.status_code in (400, 404, 413)
    assert tables() == counted


def test_a_non_numeric_content_length_is_a_4xx(counted, article):
    response = reader().post(BEACON_URL, f"id={article.pk}", content_type="text/plain", CONTENT_LENGTH="abc")
    assert 400 <= response.status_code < 500
    assert tables() == counted


def test_get_on_the_beacon_is_405(counted, article):
    assert reader().get(BEACON_URL, {"id": article.pk}).status_code == 405
    assert reader().put(BEACON_URL, f"id={article.pk}", content_type="text/plain").status_code == 405
    assert tables() == counted


@pytest.mark.parametrize(
    "path",
    [
        "/api/xem/0.gif",
        "/api/xem/-1.gif",
        "/api/xem/abc.gif",
        "/api/xem/1,2.gif",
        "/api/xem/9223372036854775808.gif",
        "/api/xem/" + "9" * 40 + ".gif",
    ],
)
def test_a_garbage_pixel_address_is_404(counted, path):
    assert reader().get(path).status_code == 404
    assert tables() == counted


def test_a_pixel_post_is_405(counted, article):
    assert reader().post(f"/api/xem/{article.pk}.gif").status_code == 405
    assert tables() == counted


# ---------------------------------------------------------------------------------------------------
# 7. Rate limit per client address, and no IP address stored anywhere
# ---------------------------------------------------------------------------------------------------

FROZEN = local(2026, 6, 15, 9, 30)  # the limit counts per minute: the clock must not cross one


@pytest.fixture
def limit_of_three(settings, no_redis):
    settings.NEWSROOM_VIEW_RATE_LIMIT = 3
    settings.NEWSROOM_TRUSTED_PROXIES = 0
    with time_machine.travel(FROZEN, tick=False):
        yield settings


def test_the_fourth_new_reader_from_one_address_in_a_minute_is_not_counted(article, limit_of_three):
    for _ in range(4):
        assert beacon_post(reader(REMOTE_ADDR="203.0.113.7"), article.pk).status_code == 204
    assert views(article) == 3
    assert beacon_post(reader(REMOTE_ADDR="198.51.100.23"), article.pk).status_code == 204
    assert views(article) == 4


def test_the_limit_is_per_article(limit_of_three):
    first, second = factories.article(), factories.article()
    for _ in range(4):
        beacon_post(reader(REMOTE_ADDR="203.0.113.7"), first.pk)
    beacon_post(reader(REMOTE_ADDR="203.0.113.7"), second.pk)
    assert (views(first), views(second)) == (3, 1)


def test_the_limit_starts_again_the_next_minute(article, limit_of_three):
    for _ in range(4):
        beacon_post(reader(REMOTE_ADDR="203.0.113.7"), article.pk)
    assert views(article) == 3
    with time_machine.travel(FROZEN + timedelta(minutes=1), tick=False):
        beacon_post(reader(REMOTE_ADDR="203.0.113.7"), article.pk)
    assert views(article) == 4


def test_the_pixel_shares_the_limit(article, limit_of_three):
    for _ in range(2):
        beacon_post(reader(REMOTE_ADDR="203.0.113.7"), article.pk)
    for _ in range(2):
        pixel_get(reader(REMOTE_ADDR="203.0.113.7"), article.pk)
    assert views(article) == 3


def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(article, limit_of_three):
    for number in range(4):
        forged = {"x-forwarded-for": f"198.51.100.{number}"}
        beacon_post(reader(REMOTE_ADDR="203.0.113.7", headers=forged), article.pk)
    assert views(article) == 3


def test_with_one_trusted_proxy_the_right_most_forwarded_for_entry_is_the_client(article, limit_of_three):
    limit_of_three.NEWSROOM_TRUSTED_PROXIES = 1

    def via_proxy(forwarded_for: str):
        headers = {"x-forwarded-for": forwarded_for}
        return beacon_post(reader(REMOTE_ADDR="10.0.0.2", headers=headers), article.pk)

    # The left entries are the client's own words: changing them does not make a new client.
    for number in range(4):
        assert via_proxy(f"198.51.100.{number}, 203.0.113.50").status_code == 204
    assert views(article) == 3
    # Another right-most entry is another client, although the socket is the same proxy.
    assert via_proxy("203.0.113.50, 203.0.113.51").status_code == 204
    assert views(article) == 4
    # Without the header the proxy's own address is used.
    assert via_proxy("").status_code == 204
    assert views(article) == 5


def test_with_two_trusted_proxies_the_second_from_the_right_is_the_client(article, limit_of_three):
    limit_of_three.NEWSROOM_TRUSTED_PROXIES = 2

    def via_proxies(forwarded_for: str):
        headers = {"x-forwarded-for": forwarded_for}
        return beacon_post(reader(REMOTE_ADDR="10.0.0.2", headers=headers), article.pk)

    for number in range(4):
        via_proxies(f"198.51.100.{number}, 203.0.113.60, 10.0.0.1")
    assert views(article) == 3
    via_proxies("203.0.113.61, 10.0.0.1")
    assert views(article) == 4


def test_no_ip_address_is_kept_in_the_cache_or_the_database(article, limit_of_three):
    limit_of_three.NEWSROOM_TRUSTED_PROXIES = 1
    addresses = ["203.0.113.7", "198.51.100.23", "2001:db8::77"]
    for address in addresses:
        headers = {"x-forwarded-for": address}
        beacon_post(reader(REMOTE_ADDR="10.0.0.2", headers=headers), article.pk)
    assert views(article) == 3
    addresses.append("10.0.0.2")

    backend = cache._cache if hasattr(cache, "_cache") else None  # LocMemCache keeps a dict of its keys
    if backend is None:
        pytest.skip("the cache is not LocMemCache; its keys cannot be listed here")
    keys = list(backend.keys())
    rate_keys = [key for key in keys if "newsroom:views:rate:" in key]
    assert len(rate_keys) == 3
    for key in keys:
        assert not any(address in key for address in addresses), key
        assert not any(address.replace(".", "") in key for address in addresses), key

    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert not any(address in dump.getvalue() for address in addresses)


# ---------------------------------------------------------------------------------------------------
# 8. Redis unreachable
# ---------------------------------------------------------------------------------------------------


def test_a_dead_redis_still_answers_204_and_counts_in_the_database(article, settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # a closed port
    redis_gate.reset()

    assert beacon_post(reader(), article.pk).status_code == 204
    assert views(article) == 1
    assert redis_gate._failed_at > 0
    assert redis_gate.client() is None

    dead = redis_gate._client
    tried = []
    real_hincrby = dead.hincrby

    def spy(*args, **kwargs):
        tried.append(args)
        return real_hincrby(*args, **kwargs)

    monkeypatch.setattr(dead, "hincrby", spy)
    for _ in range(3):
        assert beacon_post(reader(), article.pk).status_code == 204
    assert views(article) == 4
    assert tried == []  # within 10 s of the failure Redis is not even tried

    redis_gate._failed_at -= ranking.REDIS_RETRY_AFTER_S + 1  # the pause is over (monotonic clock)
    assert beacon_post(reader(), article.pk).status_code == 204
    assert len(tried) == 1
    assert views(article) == 5
    assert redis_gate.client() is None


# ---------------------------------------------------------------------------------------------------
# 12. The article page stays cacheable; previews count nothing
# ---------------------------------------------------------------------------------------------------


def test_the_article_page_carries_the_beacon_and_is_the_same_for_every_reader(article, no_redis):
    url = article.get_absolute_url()
    first = reader().get(url)
    assert first.status_code == 200
    page = first.content.decode()
    assert f'data-view-id="{article.pk}"' in page
    assert 'data-view-url="/api/xem/"' in page
    assert '<script src="/static/js/beacon.js" defer></script>' in page
    assert f'<noscript><img class="view-pixel" src="/api/xem/{article.pk}.gif"' in page
    assert "csrfmiddlewaretoken" not in page

    other = Client(headers={"user-agent": DESKTOP, "accept-language": "en-US,en;q=0.9"}, REMOTE_ADDR="198.51.100.9")
    other.cookies[beacon.SEEN_COOKIE] = signing.dumps({str(article.pk): 1}, salt=beacon.SEEN_SALT, compress=True)
    other.cookies["django_language"] = "en"
    second = other.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    subscriber = reader("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148")
    subscriber.force_login(User.objects.create_user("docgia_trang", password="pw"))
    third = subscriber.get(url)  # a logged-in reader (a session cookie) gets the very same page
    assert third.content == first.content
    for response in (first, second, third):
        assert not response.cookies  # no Set-Cookie: nothing per reader
        assert "Cookie" not in response.get("Vary", "")
        assert "private" not in response.get("Cache-Control", "")
    assert tables() == NO_VIEWS  # rendering counts nothing; the beacon does


def test_the_page_of_a_popular_article_still_counts_nothing_when_rendered(article, no_redis):
    ranking.view_record(article.pk)
    before = tables()
    for _ in range(3):
        assert reader().get(article.get_absolute_url()).status_code == 200
    assert tables() == before


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.PUBLISHED])
def test_a_preview_has_no_beacon_and_counts_nothing(no_redis, status):
    target = factories.article(status=status)
    editor = reader()
    editor.force_login(factories.staff_member("bientap_preview", EDITOR))
    response = editor.get(f"/xem-truoc/bai/{target.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert target.title in page
    assert "data-view-id" not in page
    assert "/api/xem/" not in page
    assert "beacon.js" not in page
    assert "view-pixel" not in page
    assert tables() == NO_VIEWS
