"""The kinds of documents rendered on the worker, registered by the apps that own them.

``register("diagnostics.report", render=..., permission="diagnostics.view", label=_("..."))`` in
the app's ``AppConfig.ready()``. ``render(document, subject, progress)`` runs on the worker inside
the tenant's scope and ``translation.override(document.language)``; it may call
``progress(percent)`` as it goes and returns ``(content_bytes, download_filename)``. To fail with a
message for the person waiting, raise ``RenderError(_("..."))``; any other exception fails with a
generic message and its traceback goes to the logs. ``permission`` is checked on the subject for
whoever follows or downloads the document.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


class RenderError(Exception):
    """A renderer's failure whose message may be shown to the person waiting for the document."""


@dataclass(frozen=True)
class DocumentKind:
    key: str
    render: Callable
    permission: str
    label: str


_KINDS: dict[str, DocumentKind] = {}


def register(kind, *, render, permission, label):
    spec = DocumentKind(key=kind, render=render, permission=permission, label=label)
    existing = _KINDS.get(kind)
    if existing is not None and _identity(existing) != _identity(spec):
        raise ImproperlyConfigured(f"Document kind {kind!r} is registered twice, differently.")
    _KINDS[kind] = spec
    return spec


def get(kind):
    try:
        return _KINDS[kind]
    except KeyError:
        raise ImproperlyConfigured(f"Unknown document kind {kind!r}") from None


def find(kind):
    """The kind, or None when no installed app registers it any more."""
    return _KINDS.get(kind)


def kinds():
    return dict(_KINDS)


def _identity(spec):
    # A module imported twice (tests, autoreload) re-registers equal functions that are not the
    # same objects; they are the same kind if they come from the same place.
    render = spec.render
    return (
        getattr(render, "__module__", None),
        getattr(render, "__qualname__", repr(render)),
        spec.permission,
        str(spec.label),
    )
