import re

from django.utils import timezone

from rse_platform.files.storage import RandomName, display_name

NAME = re.compile(r"^diagnostics/evidence/(\d{4})/([0-9a-f]{32})(\.[a-z0-9]+)?$")


def test_it_names_a_file_randomly_under_its_prefix_and_year():
    name = RandomName("diagnostics/evidence")(None, "Bilan carbone 2025 — Salti.PDF")
    match = NAME.match(name)
    assert match, name
    assert match.group(1) == str(timezone.localdate().year)
    assert match.group(3) == ".pdf"
    assert "Salti" not in name and "Bilan" not in name


def test_it_never_gives_the_same_name_twice():
    upload_to = RandomName("diagnostics/evidence")
    assert len({upload_to(None, "preuve.pdf") for _ in range(50)}) == 50


def test_it_drops_an_extension_the_platform_does_not_accept():
    upload_to = RandomName("diagnostics/evidence")
    assert NAME.match(upload_to(None, "page.html")).group(3) is None
    assert NAME.match(upload_to(None, "archive.tar.gz")).group(3) is None
    assert NAME.match(upload_to(None, "sans-extension")).group(3) is None


def test_it_can_be_written_in_a_migration():
    path, args, kwargs = RandomName("generated").deconstruct()
    assert path == "rse_platform.files.storage.RandomName"
    assert args == ("generated",)
    assert RandomName("generated") == RandomName("/generated/")


def test_it_keeps_only_the_last_part_of_an_original_name():
    assert display_name("C:\\Users\\olivier\\Bilan RSE.pdf") == "Bilan RSE.pdf"
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("rapport\r\n\x00.pdf") == "rapport.pdf"
    assert display_name("") == "document"
    long = display_name("a" * 300 + ".xlsx")
    assert len(long) == 200 and long.endswith(".xlsx")
