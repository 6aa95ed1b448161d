"""/healthz: the state of the database, Redis and the Celery workers, as JSON."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure is a failed check
        return False, f"error: {error.__class__.__name__}"
    return True, "ok"


def _redis():
    if not settings.REDIS_URL:
        return True, "not configured"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
    except Exception as error:  # noqa: BLE001
        return False, f"error: {error.__class__.__name__}"
    return True, "ok"


def _celery():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, {"mode": "eager"}
    from rse_platform.celery import app

    try:
        replies = app.control.ping(timeout=1.5) or []
    except Exception as error:  # noqa: BLE001
        return False, {"mode": "worker", "error": error.__class__.__name__}
    workers = sorted(name for reply in replies for name in reply)
    return bool(workers), {"mode": "worker", "workers": len(workers)}


@never_cache
def healthz(request):
    checks = {"database": _database(), "redis": _redis(), "celery": _celery()}
    healthy = all(ok for ok, _detail in checks.values())
    body = {"status": "ok" if healthy else "error"}
    body.update({name: detail for name, (_ok, detail) in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)
