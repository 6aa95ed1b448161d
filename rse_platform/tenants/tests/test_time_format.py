"""``|iso``: the ``datetime`` attribute of a ``<time>``, in a form the HTML standard accepts."""

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.test import override_settings


def _render(value):
    return Template("{% load tenants_format %}{{ value|iso }}").render(Context({"value": value}))


@override_settings(TIME_ZONE="Europe/Paris", USE_TZ=True)
def test_it_writes_a_moment_to_the_second_in_local_time():
    # |date:"c" would write ".843031": the Nu checker takes no more than three digits.
    moment = datetime(2026, 11, 10, 7, 16, 12, 843031, tzinfo=UTC)
    assert _render(moment) == "2026-11-10T08:16:12+01:00"


def test_it_writes_a_date_as_a_date():
    assert _render(date(2026, 3, 5)) == "2026-03-05"


def test_it_writes_nothing_for_no_value():
    assert _render(None) == ""
