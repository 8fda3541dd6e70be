import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import env_bool, env_list

PROJECT = Path(__file__).resolve().parent.parent


def _settings_in_a_fresh_process(**environ) -> str:
    """Import newsroom.settings with exactly this environment and print what matters."""
    code = (
        "import newsroom.settings as s;"
        "db = s.DATABASES['default'];"
        "print(db['ENGINE'], db.get('NAME'), db.get('CONN_MAX_AGE'), db.get('CONN_HEALTH_CHECKS'), s.DEBUG,"
        " s.TIME_ZONE, s.LANGUAGE_CODE, s.USE_TZ, s.ALLOWED_HOSTS)"
    )
    env = {"PATH": os.environ["PATH"], **environ}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )
    return result.stdout + result.stderr


def test_without_configuration_a_debug_site_uses_sqlite_at_the_project_root():
    out = _settings_in_a_fresh_process(DEBUG="1")
    assert f"django.db.backends.sqlite3 {PROJECT / 'db.sqlite3'}" in out
    assert "Asia/Ho_Chi_Minh vi True" in out


def test_a_postgres_url_uses_psycopg_with_reused_health_checked_connections():
    out = _settings_in_a_fresh_process(DEBUG="0", SECRET_KEY="x" * 50, DATABASE_URL="postgres://u:p@db:5432/bao")
    assert "django.db.backends.postgresql bao 600 True False" in out


def test_production_refuses_to_start_without_a_secret_key():
    env = {"PATH": os.environ["PATH"], "DEBUG": "0"}
    web = subprocess.run(
        [sys.executable, "-c", "import newsroom.wsgi"], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert web.returncode != 0
    out = web.stdout + web.stderr
    assert "ImproperlyConfigured" in out and "SECRET_KEY" in out


def test_commands_that_sign_nothing_run_without_a_secret_key():
    env = {"PATH": os.environ["PATH"], "DEBUG": "0"}
    command = [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"]
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_production_allows_no_host_unless_configured():
    out = _settings_in_a_fresh_process(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="baodongnai.example, www.x")
    assert "['baodongnai.example', 'www.x']" in out


def test_env_bool_refuses_a_typo_rather_than_guessing(monkeypatch):
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured):
        env_bool("DEBUG")
    monkeypatch.setenv("DEBUG", "Yes")
    assert env_bool("DEBUG") is True


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " a.vn, ,b.vn ")
    assert env_list("ALLOWED_HOSTS", default=[]) == ["a.vn", "b.vn"]
