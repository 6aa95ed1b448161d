"""deploy/nginx.conf, run by a real nginx in front of gunicorn: the protected location answers
only to X-Accel-Redirect, and what Django points it to reaches the visitor with Django's headers.

gunicorn serves a tiny WSGI app that calls the real ``serving.serve`` with the production
setting; nginx runs the shipped configuration with only its addresses and paths swapped.
"""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[3]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.skipif(
    not os.access(NGINX, os.X_OK),
    reason="nginx is not installed (apt-get install nginx; .ci/run installs it)",
)

APP = """
import os

import django

django.setup()

from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.core.handlers.wsgi import WSGIRequest

from rse_platform.files.serving import serve


def application(environ, start_response):
    request = WSGIRequest(environ)
    if request.path == "/download":
        try:
            field_file = FieldFile(None, FileField(), request.GET["name"])
            response = serve(request, field_file, filename=request.GET["filename"])
        except Http404:
            response = HttpResponseNotFound(b"no such file")
    elif request.path == "/scheme":
        response = HttpResponse(environ.get("HTTP_X_FORWARDED_PROTO", "").encode())
    else:
        response = HttpResponseNotFound(b"django: not found")
    start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
    return response
"""

PDF = b"%PDF-1.7\nrapport diagnostic\n%%EOF\n"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port, process, log):
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(Path(log).read_text())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}: {Path(log).read_text()}")


def _nginx_conf(tmp, *, nginx_port, gunicorn_port, media):
    conf = (ROOT / "deploy/nginx.conf").read_text()
    swaps = {
        "pid /var/run/nginx.pid;": f"pid {tmp}/nginx.pid;",
        "access_log /dev/stdout;": "access_log off;",
        "server web:8000;": f"server 127.0.0.1:{gunicorn_port};",
        "listen 80;": f"listen 127.0.0.1:{nginx_port};",
        "alias /app/media/;": f"alias {media}/;",
        "http {\n": "http {\n"
        + "".join(
            f"    {kind}_temp_path {tmp}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        ),
    }
    for old, new in swaps.items():
        assert conf.count(old) == 1, f"deploy/nginx.conf changed: {old!r} not found once"
        conf = conf.replace(old, new)
    # The test tree lives in root's private tmp; nginx's workers must read it as root.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"{user}daemon off;\n{conf}"


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx")
    media = tmp / "media"
    (media / "generated/2026").mkdir(parents=True)
    (media / "generated/2026/5f0c9a.pdf").write_bytes(PDF)
    (media / "clubs/documents").mkdir(parents=True)
    (media / "clubs/documents/compte rendu été.pdf").write_bytes(PDF)
    (tmp / "app.py").write_text(APP)
    gunicorn_port, nginx_port = _free_port(), _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="rse_platform.settings",
        DEBUG="1",
        MEDIA_ROOT=str(media),
        FILES_ACCEL_REDIRECT_PREFIX="/protected-media/",
        PYTHONPATH=f"{ROOT}{os.pathsep}{tmp}",
    )
    gunicorn_log = tmp / "gunicorn.log"
    with open(gunicorn_log, "w") as log:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "app:application", "--workers", "1"]
            + ["--bind", f"127.0.0.1:{gunicorn_port}"],
            cwd=tmp,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    conf = tmp / "nginx.conf"
    conf.write_text(
        _nginx_conf(tmp, nginx_port=nginx_port, gunicorn_port=gunicorn_port, media=media)
    )
    nginx_log = tmp / "nginx.log"
    with open(nginx_log, "w") as log:
        server = subprocess.Popen(
            [NGINX, "-p", str(tmp), "-c", str(conf), "-e", str(nginx_log)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(gunicorn_port, gunicorn, gunicorn_log)
        _wait_for(nginx_port, server, nginx_log)
        yield nginx_port
    finally:
        for process in (server, gunicorn):
            process.terminate()
            process.wait(timeout=20)


def fetch(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_it_never_serves_the_protected_location_to_a_visitor(nginx):
    status, _headers, body = fetch(nginx, "/protected-media/generated/2026/5f0c9a.pdf")
    assert status == 404
    assert PDF not in body
    status, _headers, body = fetch(nginx, "/media/generated/2026/5f0c9a.pdf")
    assert (status, body) == (404, b"django: not found")


def test_it_sends_the_bytes_django_points_it_to_with_djangos_headers(nginx):
    query = urlencode({"name": "generated/2026/5f0c9a.pdf", "filename": "rapport-salti.pdf"})
    status, headers, body = fetch(nginx, f"/download?{query}")
    assert status == 200
    assert body == PDF
    assert "X-Accel-Redirect" not in headers
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'attachment; filename="rapport-salti.pdf"'
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "private, no-store"


def test_it_finds_a_stored_name_that_needs_escaping(nginx):
    query = urlencode({"name": "clubs/documents/compte rendu été.pdf", "filename": "CR été.pdf"})
    status, headers, body = fetch(nginx, f"/download?{query}")
    assert (status, body) == (200, PDF)
    assert headers["Content-Disposition"].endswith("filename*=utf-8''CR%20%C3%A9t%C3%A9.pdf")


def test_it_passes_on_the_scheme_the_tls_proxy_saw(nginx):
    assert fetch(nginx, "/scheme", {"X-Forwarded-Proto": "https"})[2] == b"https"
    assert fetch(nginx, "/scheme")[2] == b"http"
