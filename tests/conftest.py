from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission, User

from tests import factories
from tests.redis_db import TEST_REDIS_URL

# Fixtures of real servers a test may ask for by name: object_storage (an S3-compatible server, moto).
pytest_plugins = ["tests.object_storage"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads of a test land in its own temporary folder, never in the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True, scope="session")
def beacon_fast_path():
    """The test client answers the view beacon through its fast path, as the server does (newsroom/wsgi.py)."""
    from tests.beacon_client import installed

    with installed():
        yield


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: a ranking cached by one test must not answer another."""
    from articles.published_ids import ids
    from articles.ranking import redis_gate
    from tests.caches import clear_all

    clear_all()
    redis_gate.reset()
    ids.forget()  # a rolled-back test's articles are gone with no signal
    yield
    clear_all()


@pytest.fixture
def run_redis():
    """A client of this run's own Redis database (tests/redis_db.py), empty before and after the test; the test
    is skipped when no Redis answers. The one way for a test to reach Redis: never a database number of its own."""
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=0.5, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"needs a Redis server at {TEST_REDIS_URL}: {error}")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


# A Wednesday mid-afternoon in the paper's time zone: hours from any midnight, hour edge or week edge.
QUIET_AFTERNOON = datetime(2026, 11, 25, 15, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def quiet_afternoon():
    """For tests that place data "6 days ago" or "3 hours ago" and then read a day, hour or window edge from
    the clock: run at a fixed afternoon, so the wall clock (2 a.m., midnight, the top of the hour) cannot move
    data across an edge between setting it up and reading it. The clock still ticks from there."""
    with time_machine.travel(QUIET_AFTERNOON, tick=True) as traveller:
        yield traveller


@pytest.fixture
def section(db):
    return factories.section()


@pytest.fixture
def staff_user(db):
    """A reporter-like staff user holding the article permissions the admin needs."""
    user = User.objects.create_user("phongvien_test", password="pw", is_staff=True, first_name="Minh")
    codenames = [
        f"{action}_{model}" for action in ("add", "change", "view") for model in ("article", "photo", "byline")
    ]
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
