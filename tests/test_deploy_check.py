"""The server recipe's environment (deploy/newsroom.env.example) passes Django's deployment checks, and the
limits it names agree with the shipped nginx site."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

from tests.deploy_env import PROJECT, env_example, nginx_body_limit_bytes


def _check_deploy(**overrides) -> subprocess.CompletedProcess:
    """`manage.py check --deploy --fail-level WARNING` with exactly the example's environment (and the test
    run's database), as the server would run it."""
    env = {"PATH": os.environ["PATH"], **env_example()}
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    env.update(overrides)
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)


def test_the_recipes_environment_passes_check_deploy():
    # The example leaves SECRET_KEY empty for the administrator to fill in; README's recipe makes one like this.
    result = _check_deploy(SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_example_as_shipped_is_refused_until_a_secret_key_is_set():
    result = _check_deploy()
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_hsts_left_off_is_still_reported():
    # Only the two HSTS extensions are silenced (newsroom/settings.py says why), never HSTS itself.
    result = _check_deploy(SECRET_KEY=secrets.token_urlsafe(50), SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_the_example_trusts_exactly_the_one_proxy_the_nginx_site_is():
    example = env_example()
    assert example["NEWSROOM_TRUSTED_PROXIES"] == "1"
    assert example["BEHIND_HTTPS_PROXY"] == "1"


def test_nginx_accepts_the_largest_photo_and_little_more():
    photo_limit = int(env_example()["PHOTO_MAX_BYTES"])
    assert photo_limit == settings.PHOTO_MAX_BYTES  # the example states the settings' own default
    body_limit = nginx_body_limit_bytes()
    # The photo plus the rest of the article's form must get through; much more would let nginx buffer
    # uploads the application refuses anyway.
    assert photo_limit + 256 * 1024 <= body_limit <= photo_limit + 2 * 1024 * 1024
