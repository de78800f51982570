"""Production settings refuse to start with debug on or the development secret."""

import os
import subprocess
import sys

import pytest

GOOD_SECRET = "x" * 50


def start(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    environment.update(DJANGO_SETTINGS_MODULE="motcua.settings.production", **env)
    code = "import django; django.setup(); print('started')"
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("env, message", [
    ({"SECRET_KEY": GOOD_SECRET, "DEBUG": "1"}, "DEBUG must be off"),
    ({}, "SECRET_KEY must be set"),
    ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
    ({"SECRET_KEY": GOOD_SECRET, "DEBUG": "maybe"}, "DEBUG must be one of"),
])
def test_production_refuses_unsafe_settings(env, message):
    result = start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_a_real_secret():
    result = start(SECRET_KEY=GOOD_SECRET)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_deploy_check_warns_when_processes_would_not_share_the_cache(settings):
    from motcua.core.checks import shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in shared_cache()] == ["motcua.W001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/0"}}
    assert shared_cache() == []


def test_cache_keys_name_the_database():
    from django.conf import settings

    assert settings.CACHES["default"]["KEY_PREFIX"] == settings.CACHE_KEY_PREFIX
    assert settings.CACHE_KEY_PREFIX.startswith("motcua-")
