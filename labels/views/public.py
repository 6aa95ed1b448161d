"""What anyone may see, signed in or not: a tenant's labelled companies (a page, a JSON feed for
the cluster's website, a badge per certificate) and the verification of a certificate's code.

These pages show the certificates valid today and, of each, only the label, the level, the
company's name and the dates (and the tenant's name): no person, no e-mail address, no score,
nothing else of the tenant. They look the same to everybody (no account menu, no navigation).
No rate limit: the platform has none for public pages (allauth's counts only the sign-in), and
a code is one of 32^12, so trying codes teaches nothing.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rse_platform.web.tables import Column, Natural, Table

from .. import selectors
from ..models import Certificate, Label

FEED_MAX_AGE = 900  # seconds a proxy or the cluster's website may keep the feed and badges
BADGE_WIDTH = {"min": 220, "max": 520}


def _public(request, template, context, **kwargs):
    """Render a public page as an anonymous visitor sees it, whoever asks: the header shows
    neither the account menu nor the tenant's navigation, and nothing of the person's roles."""
    return render(
        request,
        template,
        {
            "user": AnonymousUser(),
            "current_tenant": None,
            "current_membership": None,
            "nav_items": (),
            "my_memberships": (),
            **context,
        },
        **kwargs,
    )


def _absolute(path):
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def _verify_path(certificate):
    return reverse("certificate_verify", kwargs={"code": certificate.code})


def _badge_path(tenant, certificate):
    return reverse("label_badge", kwargs={"tenant_slug": tenant.slug, "code": certificate.code})


def _filters(request):
    """The showcase's filters as asked (``?label=<short name>&level=<name>``) and the label
    they name among those with a valid certificate (None: all of them)."""
    asked = {key: request.GET.get(key, "").strip() for key in ("label", "level")}
    labels = list(
        Label.objects.filter(
            tenant=request.tenant,
            pk__in=selectors.valid_certificates(tenant=request.tenant).values(
                "application__wave__label"
            ),
        ).order_by("name", "pk")
    )
    label = next((label for label in labels if label.slug == asked["label"]), None)
    return asked, labels, label


def _showcase_rows(request, label, level):
    """The certificates valid today, filtered like ``selectors.labelled_companies`` but as a
    queryset, so the table sorts and pages in the database."""
    rows = selectors.valid_certificates(tenant=request.tenant).select_related(
        "application__company", "application__wave__label"
    )
    if label is not None:
        rows = rows.filter(application__wave__label=label)
    if level:
        rows = rows.filter(level=level)
    return rows


@require_GET
def showcase(request, tenant_slug):
    """The tenant's labelled companies today, by label and level."""
    asked, labels, label = _filters(request)
    levels = sorted(
        {level for _name, level, _count in selectors.labelled_counts(tenant=request.tenant)} - {""}
    )
    level = asked["level"] if asked["level"] in levels else ""
    table = Table(
        request=request,
        queryset=_showcase_rows(request, label, level),
        columns=[
            Column("company", _("Company"), (Natural("application__company__name"),)),
            Column("label", _("Label"), (Natural("application__wave__label__name"),)),
            Column("level", _("Level"), ("level",)),
            Column("valid_until", _("Valid until"), ("valid_until",)),
        ],
        default="company",
        label=_("labelled companies"),
        target="showcase-table",
    )
    for certificate in table.rows:
        certificate.verify_path = _verify_path(certificate)
    context = {
        "tenant": request.tenant,
        "table": table,
        "labels": labels,
        "levels": levels,
        "filters": {"label": label.slug if label else "", "level": level},
        "feed_url": _absolute(reverse("label_feed", kwargs={"tenant_slug": tenant_slug})),
    }
    if table.is_swap():
        return _public(request, "labels/public/_showcase_table.html", context)
    return _public(request, "labels/public/showcase.html", context)


showcase.tenant_public = True


@require_GET
def feed(request, tenant_slug):
    """The labelled companies as JSON for the cluster's website, with the same filters as the
    page; any site may read it (CORS) and keep it a quarter of an hour."""
    asked, _labels, label = _filters(request)
    if asked["label"] and label is None:
        certificates = []
    else:
        certificates = selectors.labelled_companies(
            tenant=request.tenant, label=label, level=asked["level"] or None
        )
    response = JsonResponse(
        {
            "tenant": request.tenant.name,
            "showcase": _absolute(reverse("label_showcase", kwargs={"tenant_slug": tenant_slug})),
            "date": timezone.localdate().isoformat(),
            "companies": [
                {
                    "company": certificate.application.company.name,
                    "label": certificate.application.wave.label.name,
                    "level": certificate.level,
                    "valid_until": certificate.valid_until.isoformat(),
                    "badge": _absolute(_badge_path(request.tenant, certificate)),
                    "verification": _absolute(_verify_path(certificate)),
                }
                for certificate in certificates
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


feed.tenant_public = True


def _text_width(text, size):
    # A sans-serif's mean advance is about 0.6 em: the badge is sized from its longest line.
    return int(len(text) * size * 0.6)


def _badge_status(certificate, state):
    if state == "valid":
        day = date_format(certificate.valid_until, "SHORT_DATE_FORMAT")
        return _("valid until %(date)s") % {"date": day}
    if state == "expired":
        day = date_format(certificate.valid_until, "SHORT_DATE_FORMAT")
        return _("expired on %(date)s") % {"date": day}
    if state == "withdrawn":
        return _("certificate withdrawn")
    day = date_format(certificate.issued_on, "SHORT_DATE_FORMAT")
    return _("valid from %(date)s") % {"date": day}


@require_GET
def badge(request, tenant_slug, code):
    """A certificate's badge (SVG) for the company's website: the label, the level, the
    company and "valid until", in green while valid; once expired or withdrawn it says so in
    grey rather than vanishing into a broken image. An unknown code (or another tenant's) 404."""
    certificate = (
        Certificate.objects.filter(tenant=request.tenant, code=selectors.normalise_code(code))
        .select_related("application__company", "application__wave__label")
        .first()
    )
    if certificate is None:
        raise Http404
    state = selectors.certificate_state(certificate)
    label = _("Label %(label)s") % {"label": certificate.application.wave.label.name}
    title = Truncator(" · ".join(part for part in (label, certificate.level) if part)).chars(40)
    company = Truncator(certificate.application.company.name).chars(44)
    status = _badge_status(certificate, state)
    width = max(_text_width(line, 14) for line in (title, company, status)) + 40
    width = min(max(width, BADGE_WIDTH["min"]), BADGE_WIDTH["max"])
    response = render(
        request,
        "labels/public/badge.svg",
        {
            "valid": state == "valid",
            "title": title,
            "company": company,
            "status": status,
            "width": width,
        },
        content_type="image/svg+xml; charset=utf-8",
    )
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    return response


badge.tenant_public = True


@require_GET
def verify(request, code=None):
    """The certificate check, whichever tenant issued it: a form to type the code, and the
    answer (valid, expired, withdrawn, unknown) with only the label, level, company, dates and
    the tenant's name. A code typed in the form leads to the same address as the QR code."""
    if code is None:
        typed = request.GET.get("code")
        if typed is not None:
            normalised = selectors.normalise_code(typed)
            if normalised:
                return redirect("certificate_verify", code=normalised)
            return _public(request, "labels/public/verify.html", {"typed": typed, "empty": True})
        return _public(request, "labels/public/verify.html", {})
    result = selectors.verify(code)
    display = selectors.normalise_code(code)[:48]  # an address typed at random: not all of it
    display = "-".join(display[i : i + 4] for i in range(0, len(display), 4))
    response = _public(
        request, "labels/public/verify.html", {"result": result, "code": display, "typed": display}
    )
    response["Cache-Control"] = "no-cache"
    return response
