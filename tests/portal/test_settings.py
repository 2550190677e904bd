"""The production configuration, checked in a fresh process with production environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-9f8e7d6c5b4a",
    "DJANGO_ALLOWED_HOSTS": "mzj.example.gov.cn",
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
}


def manage(*args, env_overrides=None):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_development_secret_key():
    env = dict(PRODUCTION_ENV)
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_missing_allowed_hosts():
    env = dict(PRODUCTION_ENV)
    del env["DJANGO_ALLOWED_HOSTS"]
    result = manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_missing_database_url():
    env = dict(PRODUCTION_ENV)
    del env["DATABASE_URL"]
    result = manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_development_defaults_need_no_environment():
    result = manage("check")
    assert result.returncode == 0, result.stderr


PRODUCTION_SECURITY = """
from django.conf import settings as s
print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)
print(s.PORTAL_REQUIRE_2FA, s.PORTAL_PROXY_COUNT)
print(sorted(s.CONTENT_SECURITY_POLICY["DIRECTIVES"]))
print("csp.middleware.CSPMiddleware" in s.MIDDLEWARE, "axes.middleware.AxesMiddleware" in s.MIDDLEWARE)
"""


def test_production_turns_on_secure_cookies_csp_and_the_second_factor():
    result = manage(
        "shell", "--no-imports", "-c", PRODUCTION_SECURITY, env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "True True True",
        "True 1",
        "['base-uri', 'default-src', 'form-action', 'frame-ancestors', 'img-src', "
        "'object-src', 'script-src', 'style-src']",
        "True True",
    ]


def test_production_refuses_to_turn_the_second_factor_off():
    result = manage("check", env_overrides={**PRODUCTION_ENV, "PORTAL_REQUIRE_2FA": "0"})
    assert result.returncode != 0
    assert "PORTAL_REQUIRE_2FA" in result.stderr


def test_development_has_the_second_factor_off_unless_asked():
    show = "from django.conf import settings; print(settings.PORTAL_REQUIRE_2FA)"
    assert manage("shell", "--no-imports", "-c", show).stdout.strip() == "False"
    asked = manage("shell", "--no-imports", "-c", show, env_overrides={"PORTAL_REQUIRE_2FA": "1"})
    assert asked.stdout.strip() == "True"
