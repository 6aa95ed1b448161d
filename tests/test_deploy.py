"""Production settings pass Django's deployment checklist; unsafe defaults refuse to start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_KEY = "a-long-random-production-secret-" + "k" * 40


def _manage(*args, **env):
    # The project's settings, not the test settings, and nothing the test run set up for itself
    # (DEBUG=1, the database, the browser tests' async-safety switch).
    unset = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    environment = {key: value for key, value in os.environ.items() if key not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="rse.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_when_nobody_asks_for_it():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        SECRET_KEY=PRODUCTION_KEY,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_published_demo_key():
    from rse_platform.settings import DEMO_SECRET_KEY

    result = _manage("check", DEBUG="0", SECRET_KEY=DEMO_SECRET_KEY)
    assert result.returncode != 0
    assert "published example key" in result.stderr
    # The same key is what the embedded demo runs with.
    assert _manage("check", DEBUG="1", SECRET_KEY=DEMO_SECRET_KEY).returncode == 0
