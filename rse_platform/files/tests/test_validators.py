import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import translation
from openpyxl import Workbook

from rse_platform.files.validators import UploadValidator, check_upload

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32

WORD_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def upload(name, content):
    return SimpleUploadedFile(name, content)


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx():
    return zipped(
        {
            "[Content_Types].xml": WORD_TYPES,
            "word/document.xml": b"<w:document>Charte</w:document>",
        }
    )


def xlsx():
    workbook = Workbook()
    workbook.active.append(["SIRET", "Raison sociale"])
    workbook.active.append(["55208131766522", "Salti Location"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal(file, **kwargs):
    with pytest.raises(ValidationError) as error, translation.override("fr"):
        check_upload(file, **kwargs)
    with translation.override("fr"):
        return error.value.messages[0]


def test_it_recognises_each_kind_by_its_content():
    odt = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    files = {
        "pdf": upload("charte.pdf", PDF),
        "png": upload("logo.png", PNG),
        "jpeg": upload("photo.JPG", JPEG),
        "webp": upload("photo.webp", WEBP),
        "docx": upload("plan.docx", docx()),
        "xlsx": upload("registre.xlsx", xlsx()),
        "odt": upload("compte-rendu.odt", odt),
        "csv": upload("registre.csv", "SIRET;Nom\n552;Société Générale\n".encode("cp1252")),
        "json": upload("grille.json", b'{"themes": []}'),
    }
    for kind, file in files.items():
        assert check_upload(file, kinds=[kind]) == kind
        assert file.tell() == 0  # rewound for whoever reads it next


def test_it_refuses_a_pdf_renamed_docx():
    message = refusal(upload("plan.docx", PDF), kinds=["docx", "xlsx"])
    assert message == (
        "Ce type de fichier n'est pas accepté. Types acceptés : "
        "document Word (.docx), classeur Excel (.xlsx)."
    )


def test_it_refuses_a_name_that_lies_about_an_accepted_content():
    message = refusal(upload("plan.docx", PDF), kinds=["pdf", "docx"])
    assert (
        message == "L'extension du fichier (.docx) ne correspond pas à son contenu (document PDF)."
    )


def test_it_tells_office_files_apart_by_what_they_contain():
    assert check_upload(upload("registre.xlsx", xlsx()), kinds=["xlsx", "docx"]) == "xlsx"
    refusal(upload("registre.docx", xlsx()), kinds=["docx"])
    refusal(upload("archive.docx", zipped({"word/document.xml": b"<x/>"})), kinds=["docx"])
    macro = WORD_TYPES.replace(
        b"officedocument.wordprocessingml.document.main", b"ms-word.document.macroEnabled.main"
    )
    refusal(upload("macro.docx", zipped({"[Content_Types].xml": macro})), kinds=["docx"])


def test_it_refuses_a_zip_bomb():
    bomb = zipped({"[Content_Types].xml": WORD_TYPES, "word/document.xml": b"0" * (60 << 20)})
    assert len(bomb) < 200_000
    message = refusal(upload("plan.docx", bomb), kinds=["docx"])
    assert message == "Cette archive est trop volumineuse une fois décompressée."


def test_it_refuses_an_archive_inflating_beyond_the_absolute_limit(settings):
    settings.UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES = 1 << 20
    settings.UPLOAD_ZIP_MAX_RATIO = 10_000
    big = zipped({"[Content_Types].xml": WORD_TYPES, "word/document.xml": b"0" * (2 << 20)})
    refusal(upload("plan.docx", big), kinds=["docx"])


def test_it_refuses_a_file_over_the_limit_with_the_limit_in_mb(settings):
    settings.UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    big = upload("charte.pdf", PDF + b" " * (7 * 1024 * 1024 - len(PDF)))
    assert refusal(big, kinds=["pdf"]) == (
        "Le fichier est trop volumineux (7 Mo) ; la limite est de 5 Mo."
    )
    odd = refusal(upload("charte.pdf", PDF + b" " * (7654321 - len(PDF))), kinds=["pdf"])
    assert odd == "Le fichier est trop volumineux (7,3 Mo) ; la limite est de 5 Mo."
    tiny = refusal(upload("charte.pdf", PDF * 100), kinds=["pdf"], max_bytes=3000)
    assert tiny.endswith("la limite est de 0,003 Mo.")
    assert check_upload(upload("charte.pdf", PDF), kinds=["pdf"], max_bytes=len(PDF)) == "pdf"


def test_it_refuses_text_with_nul_bytes_as_csv():
    refusal(upload("registre.csv", b"SIRET;Nom\n\x00\x00"), kinds=["csv"])


def test_it_refuses_json_that_does_not_parse():
    refusal(upload("grille.json", b'{"themes": [}'), kinds=["json"])


def test_it_refuses_an_empty_file():
    assert refusal(upload("vide.pdf", b""), kinds=["pdf"]) == "Le fichier est vide."


def test_it_accepts_a_csv_that_starts_like_a_binary_signature():
    assert check_upload(upload("flotte.csv", b"BMW;Renault\n12;30\n"), kinds=["csv"]) == "csv"


def test_it_refuses_a_known_binary_it_does_not_accept():
    gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 20
    refusal(upload("image.csv", gif), kinds=["csv", "pdf"])


def test_a_form_shows_the_refusal_as_a_field_error():
    class EvidenceForm(forms.Form):
        file = forms.FileField(validators=[UploadValidator(kinds=["pdf"])])

    with translation.override("fr"):
        form = EvidenceForm(data={}, files={"file": upload("preuve.pdf", PNG)})
        assert not form.is_valid()
        assert form.errors["file"] == [
            "Ce type de fichier n'est pas accepté. Types acceptés : document PDF."
        ]


def test_a_model_field_refuses_a_new_upload_but_not_a_stored_file():
    field = models.FileField(validators=[UploadValidator(kinds=["pdf"])])
    new = FieldFile(None, field, "preuve.pdf")
    new.file, new._committed = upload("preuve.pdf", PNG), False
    with pytest.raises(ValidationError):
        field.run_validators(new)
    field.run_validators(FieldFile(None, field, "diagnostics/evidence/2026/absent.pdf"))


def test_the_validator_can_be_written_in_a_migration():
    path, args, kwargs = UploadValidator(kinds=["pdf", "png"], max_bytes=10).deconstruct()
    assert path == "rse_platform.files.validators.UploadValidator"
    assert kwargs == {"kinds": ["pdf", "png"], "max_bytes": 10}
