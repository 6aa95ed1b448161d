"""The list mechanism: sort and page in SQL, links that keep the filters, names in reading order."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from rse_platform.web.tables import Column, Natural, Table, natural_key

pytestmark = pytest.mark.django_db

User = get_user_model()
NAMES = ["Zèbre", "éboueurs", "Eau vive", "abbaye", "Écoles", "de Vinci", "Duval"]


@pytest.fixture
def people():
    for index, name in enumerate(NAMES):
        User.objects.create(email=f"p{index}@example.org", last_name=name)
    return User.objects.filter(email__endswith="@example.org")


def _table(query="", queryset=None, **options):
    request = RequestFactory().get("/list/" + query)
    columns = [
        Column("name", "Name", (Natural("last_name"),)),
        Column("email", "E-mail", ("email",)),
    ]
    return Table(request=request, queryset=queryset, columns=columns, default="name", **options)


def test_it_orders_names_without_accents_or_case(people):
    rows = [user.last_name for user in _table(queryset=people).rows]
    assert rows == ["abbaye", "de Vinci", "Duval", "Eau vive", "éboueurs", "Écoles", "Zèbre"]


def test_it_orders_names_descending_on_request(people):
    rows = [user.last_name for user in _table("?sort=-name", queryset=people).rows]
    assert rows[0] == "Zèbre" and rows[-1] == "abbaye"


def test_it_ignores_an_unknown_sort(people):
    assert _table("?sort=password", queryset=people).sort == "name"


def test_it_reads_one_bounded_page_and_one_count(people):
    with CaptureQueriesContext(connection) as queries:
        table = _table("?page=2", queryset=people, per_page=3)
        rows = list(table.rows)
    assert [user.last_name for user in rows] == ["Eau vive", "éboueurs", "Écoles"]
    assert table.count == 7
    assert len(queries) == 2  # COUNT + one LIMIT 3 OFFSET 3


def test_a_page_out_of_range_shows_the_last_one(people):
    table = _table("?page=99", queryset=people, per_page=3)
    assert table.page.number == 3 and [u.last_name for u in table.rows] == ["Zèbre"]


def test_the_page_size_is_bounded(people):
    assert _table("?per_page=100000", queryset=people).per_page == 50
    assert _table("?per_page=25", queryset=people).per_page == 25


def test_header_links_keep_the_filters_and_toggle_the_direction(people):
    table = _table("?query=du&sort=name&page=2", queryset=people, per_page=3)
    name = table.headers["name"]
    assert name.state == "ascending"
    assert name.url == "/list/?query=du&sort=-name"  # back to page 1, filters kept
    assert table.headers["email"].state == "none"
    assert table.page_url(3) == "/list/?query=du&sort=name&page=3"


def test_two_tables_on_one_page_keep_their_own_parameters(people):
    table = _table("?a-page=2&page=9", queryset=people, per_page=3, prefix="a-")
    assert table.page.number == 2


def test_the_natural_key_folds_accents_and_case():
    assert natural_key("Écoles") == natural_key("ecoles") == "ecoles"


@pytest.mark.postgres
def test_postgresql_orders_names_the_same_way(people):
    """The ICU collation PostgreSQL uses gives the order SQLite's registered one gives."""
    if connection.vendor != "postgresql":
        pytest.fail("run on PostgreSQL (DATABASE_URL)")
    rows = [user.last_name for user in _table(queryset=people).rows]
    assert rows == ["abbaye", "de Vinci", "Duval", "Eau vive", "éboueurs", "Écoles", "Zèbre"]


def test_the_phone_sort_select_keeps_the_filters_but_not_the_page(people):
    from django.template import Context, Template

    table = _table("?query=du&sort=-name&page=2", queryset=people, per_page=3)
    html = Template("{% load tables %}{% sort_select table %}").render(Context({"table": table}))
    assert '<input type="hidden" name="query" value="du">' in html
    assert 'name="page"' not in html
    assert '<option value="-name" selected>' in html


def test_head_and_count_reads_the_first_rows_and_the_total_in_one_query(people):
    from rse_platform.web.tables import head_and_count

    with CaptureQueriesContext(connection) as queries:
        total, rows = head_and_count(people.order_by("email"), 3)
    assert (total, [user.email for user in rows]) == (
        7,
        ["p0@example.org", "p1@example.org", "p2@example.org"],
    )
    assert len(queries) == 1
    assert head_and_count(people.none(), 3) == (0, [])
