"""After the demo, no stored file answers at /media/…, and no stored name can be guessed.

The demo's files, plus one file of each kind the platform stores (evidence, an event document, an
import file, generated documents, a tenant's logo: ``tests/conftest.py``), are walked on disk.
"""

import re
from pathlib import Path

import pytest
from django.test import Client

# One of each kind of stored file, with the name the person gave it (which must not be kept).
KINDS = ["evidence", "event_document", "import", "document", "funder_document", "logo"]
UPLOADED_NAMES = [
    "bilan-carbone-2025",
    "programme-visite",
    "registre-entreprises",
    "rapport",
    "logo-pevele",
]


@pytest.fixture
def stored_files(world, settings):
    for kind in KINDS:
        world.kwargs(kind, "A")
    root = Path(settings.MEDIA_ROOT)
    files = sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())
    assert len(files) >= len(KINDS)
    return files


def test_no_stored_file_answers_at_media(world, settings, stored_files):
    anonymous, manager = Client(), world.client("manager")
    answered = [
        (who, name, response.status_code)
        for name in stored_files
        for who, client in (("anonymous", anonymous), ("manager", manager))
        if (response := client.get(f"{settings.MEDIA_URL}{name}")).status_code != 404
    ]
    assert answered == []


def test_stored_names_are_random(stored_files):
    guessable = []
    for name in stored_files:
        *folders, filename = name.split("/")
        stem = filename.split(".")[0]
        if any(uploaded in name for uploaded in UPLOADED_NAMES):
            guessable.append(f"{name}: keeps the uploaded name")
        elif any(folder.isdigit() and len(folder) != 4 for folder in folders):
            guessable.append(f"{name}: a folder is an id")  # a 4-digit folder is the year
        elif not re.fullmatch(r"[0-9A-Za-z_-]{20,}", stem) or stem.isdigit():
            guessable.append(f"{name}: the name is not a random token")
    assert guessable == [], "stored names one could guess:\n" + "\n".join(guessable)
