"""Reads from a replica (newsroom/replica.py): the settings it adds, the errors a bad one gets, the router's fixed
answers, the content position's store and the middleware's fallback. What a real replica does with them:
tests/test_replica.py."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import resolve

from newsroom import replica
from tests import factories
from tests.deploy_env import PROJECT
from tests.redis_db import TEST_REDIS_URL

POSTGRES = {"ENGINE": "django.db.backends.postgresql", "CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True}


def _settings_with(**environ) -> subprocess.CompletedProcess:
    code = (
        "import json, newsroom.settings as s;"
        "print(json.dumps({'replica': s.DATABASES.get('replica'), 'routers': getattr(s, 'DATABASE_ROUTERS', []),"
        " 'middleware': s.MIDDLEWARE, 'sticky': s.NEWSROOM_REPLICA_STICKY_SECONDS}))"
    )
    env = {"PATH": os.environ["PATH"], "DEBUG": "0", "SECRET_KEY": "x" * 50, **environ}
    return subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True)


def test_without_a_replica_url_nothing_changes():
    assert "replica" not in settings.DATABASES
    assert not getattr(settings, "DATABASE_ROUTERS", [])
    assert "newsroom.replica.ReplicaMiddleware" not in settings.MIDDLEWARE


def test_a_replica_url_adds_the_replica_the_router_and_the_middleware():
    result = _settings_with(
        DATABASE_URL="postgres://u:p@primary:5432/bao",
        DATABASE_REPLICA_URL="postgres://u:p@replica:5433/bao",
        NEWSROOM_REPLICA_STICKY_SECONDS="30",
    )
    found = json.loads(result.stdout)
    database = found["replica"]
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("replica", 5433, "bao")
    # The primary's connection options, a connection timeout of its own, and no test database of its own.
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (600, True)
    assert database["OPTIONS"]["connect_timeout"] == replica.CONNECT_TIMEOUT_S
    assert database["TEST"]["MIRROR"] == "default"
    assert found["routers"] == ["newsroom.replica.ReplicaRouter"]
    middleware = found["middleware"]
    axes = middleware.index("axes.middleware.AxesMiddleware")
    assert middleware.index("newsroom.replica.ReplicaMiddleware") == axes - 1
    assert found["sticky"] == 30


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DATABASE_REPLICA_URL": "redis://replica:6379/0"}, "DATABASE_REPLICA_URL is not a database URL"),
        ({"DATABASE_REPLICA_URL": "mysql://u@replica/bao"}, "DATABASE_REPLICA_URL must be a PostgreSQL URL"),
        ({"DATABASE_REPLICA_URL": "postgres://u@replica:5432"}, "DATABASE_REPLICA_URL names no database"),
        (
            {"DATABASE_REPLICA_URL": "postgres://u@replica/bao", "NEWSROOM_REPLICA_STICKY_SECONDS": "15s"},
            "NEWSROOM_REPLICA_STICKY_SECONDS='15s' is not a number of seconds",
        ),
    ],
)
def test_a_bad_replica_setting_is_refused_by_name(environ, message):
    result = _settings_with(DATABASE_URL="postgres://u:p@primary:5432/bao", **environ)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_a_replica_needs_a_postgresql_primary():
    with pytest.raises(ImproperlyConfigured, match="needs DATABASE_URL to be PostgreSQL"):
        replica.replica_database("postgres://u@replica/bao", {"ENGINE": "django.db.backends.sqlite3"})


def test_the_router_writes_and_migrates_on_the_primary_only():
    router = replica.ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate(replica.ALIAS, "articles") is False
    # Outside a request marked public (a command, the beacon's fast path, a test), reads stay on the primary.
    assert router.db_for_read(None) == "default"


@pytest.mark.django_db
def test_without_a_replica_a_content_change_records_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        replica.content_changed()


def _store_keeps_the_highest(cache):
    cache.delete(replica.CONTENT_LSN_KEY)
    replica._raise_to(cache, 5_000)
    replica._raise_to(cache, 4_000)  # recorded late by another process: the later change's position stays
    assert cache.get(replica.CONTENT_LSN_KEY) == 5_000
    replica._raise_to(cache, 2**40)
    assert cache.get(replica.CONTENT_LSN_KEY) == 2**40


def test_the_content_position_only_rises_in_redis(run_redis):
    _store_keeps_the_highest(RedisCache(TEST_REDIS_URL, {"KEY_PREFIX": "newsroom-replica-test"}))


def test_the_content_position_only_rises_in_the_file_cache(tmp_path):
    _store_keeps_the_highest(FileBasedCache(str(tmp_path), {}))


@pytest.mark.django_db
def test_a_view_the_replica_failed_under_runs_again_on_the_primary(monkeypatch, caplog):
    """What the middleware does with a replica's error in a view: the page from the primary, logged once. (The
    whole path against a real replica stopped under the server: tests/test_replica.py.)"""
    monkeypatch.setattr(replica, "_health", replica._Health())
    article = factories.article(title="Trang vẫn mở khi bản sao hỏng")
    middleware = replica.ReplicaMiddleware(lambda request: None)
    pages = []
    for _ in range(2):
        request = RequestFactory().get(article.get_absolute_url())
        request.resolver_match = resolve(request.path_info)
        request.user, request.session = AnonymousUser(), {}
        state = replica._Request(public=True, decided=True, used_replica=True)
        token = replica._current.set(state)
        try:
            pages.append(middleware.process_exception(request, OperationalError("the replica went away")))
        finally:
            replica._current.reset(token)
        assert not state.public and not state.used_replica  # the rest of the request reads from the primary
    assert all(page.status_code == 200 and "Trang vẫn mở khi bản sao hỏng" in page.content.decode() for page in pages)
    assert not replica._health.usable()
    assert [record.getMessage() for record in caplog.records].count(
        "Replica: unusable (the replica went away); reads go to the primary, retried every 5 s"
    ) == 1


def test_an_error_of_a_request_that_read_only_from_the_primary_is_left_to_django():
    middleware = replica.ReplicaMiddleware(lambda request: None)
    token = replica._current.set(replica._Request(public=True, decided=False))
    try:
        assert middleware.process_exception(RequestFactory().get("/"), OperationalError("the primary")) is None
    finally:
        replica._current.reset(token)
