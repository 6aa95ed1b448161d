"""The production path: collectstatic with DEBUG=0, then gunicorn serves a page and its files.

As the Dockerfile and docker-compose.yml do, on SQLite in a temporary folder: the hashed,
compressed static files must build (whitenoise's manifest storage refuses a dangling reference)
and the page must come with its Content-Security-Policy.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LEAKS = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


@pytest.fixture
def production_env(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in LEAKS}
    env.update(
        DEBUG="0",
        SECRET_KEY="production-path-test-" + "s" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    return env


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _manage(env, *args):
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture
def gunicorn(production_env, tmp_path):
    # Both build steps at once: they touch different files and it halves the wait.
    steps = [
        _manage(production_env, "collectstatic", "--no-input", "--verbosity", "0"),
        _manage(production_env, "migrate", "--no-input", "--verbosity", "0"),
    ]
    for step in steps:
        output = step.communicate(timeout=120)[0]
        assert step.returncode == 0, output
    port = _free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "rse_platform.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"),
        ],
        cwd=ROOT,
        env=production_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    pytest.fail("gunicorn did not start:\n" + server.stderr.read().decode())
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()


def test_it_serves_a_page_and_its_hashed_static_files(gunicorn):
    status, headers, body = _get(f"{gunicorn}/accounts/login/")
    assert status == 200, body.decode(errors="replace")[:2000]
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', body.decode())
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    for asset in assets:
        # Manifest names carry the content hash, so they can be cached for ever.
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", asset), asset
        status, headers, content = _get(gunicorn + asset)
        assert status == 200, asset
        assert content and "max-age=315360000" in headers["Cache-Control"], asset
