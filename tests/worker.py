"""A real Celery worker process for the tests that cross Redis: started on the test database,
waited for until it answers, stopped afterwards."""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from rse_platform.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextlib.contextmanager
def running_worker(settings, *, name, include=(), env=None):
    """A worker on the test database and Redis; ``include`` names modules of test-only tasks."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail("the worker tests need PostgreSQL and Redis (run them through `make test`)")
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **(env or {}),
    }
    command = [sys.executable, "-m", "celery", "-A", "rse_platform", "worker", "--pool=solo"]
    command += ["--loglevel=WARNING", f"--hostname={name}-{os.getpid()}@%h"]
    for module in include:
        command += ["--include", module]
    celery_app.control.purge()
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    celery_app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(timeout=1):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    process.stdout.read().decode() if process.poll() is not None else "silent"
                )
        yield process
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        process.terminate()
        process.wait(timeout=30)
