"""Pages carry a strict Content-Security-Policy, and no template needs it relaxed.

The browser tests (tests/browser/conftest.py) fail on any CSP violation a page causes; this test
finds the inline code that would cause one without a browser.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
# Documents that never reach a browser, so no CSP applies: PDFs (WeasyPrint) and e-mails.
NOT_SERVED = ["*/reports/*.html", "diagnostics/report.html", "*/mail/*.html", "*/emails/*.html"]
INLINE = re.compile(
    r"""\sstyle=|<style|<script(?![^>]*\ssrc=)(?![^>]*type="application/json")"""
    r"""|\son[a-z]+=|\s(?:data-)?hx-on|javascript:|["']js:""",
    re.IGNORECASE,
)


def _templates():
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "node_modules", "staticfiles"}:
            continue
        if any(relative.match(pattern) for pattern in NOT_SERVED):
            continue
        yield relative


@pytest.mark.django_db
def test_it_sends_a_strict_policy(client):
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe" not in policy


def test_no_template_has_inline_script_or_style():
    found = [
        f"{path}:{number}: {match.group(0).strip()}"
        for path in _templates()
        for number, line in enumerate((ROOT / path).read_text().splitlines(), 1)
        for match in INLINE.finditer(line)
    ]
    assert found == []
