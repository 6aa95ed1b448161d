"""The one list mechanism: every table of the platform pages, sorts and counts in the database.

A view builds a :class:`Table` from a queryset that is already filtered (by its selector) and
the columns a person may sort by; the table reads ``?sort=`` and ``?page=`` from the request,
orders in SQL, slices one bounded page and hands the template a Django ``Page`` plus the links
for its sortable headers and its pager. Nothing is read from the database beyond that page
and one ``COUNT``, so a list costs the same for 20 rows as for 20,000.

Names sort the way a French reader expects on every database: accents and case are ignored
(``Éboueurs`` sorts among the E, ``de Vinci`` among the D). PostgreSQL uses the ICU root
collation; SQLite gets an equivalent collation registered on each connection.
"""

import unicodedata
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.backends.signals import connection_created
from django.db.models import Count, F, OrderBy, Window
from django.db.models.functions import Collate
from django.dispatch import receiver

PAGE_SIZE = 50
PAGE_SIZES = (25, 50, 100)

SQLITE_COLLATION = "rse_natural"
POSTGRESQL_COLLATION = "und-x-icu"


def natural_key(value):
    """What a name sorts by: no accents, no case (``"Écoles"`` -> ``"ecoles"``)."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _natural_compare(left, right):
    a, b = (natural_key(left), left), (natural_key(right), right)
    return (a > b) - (a < b)


@receiver(connection_created)
def _register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _natural_compare)


class Natural(Collate):
    """``expression`` under the platform's accent- and case-insensitive collation."""

    def __init__(self, expression):
        if isinstance(expression, str):
            expression = F(expression)
        super().__init__(expression, POSTGRESQL_COLLATION)

    def as_sqlite(self, compiler, connection, **extra_context):
        clone = self.copy()
        clone.collation = SQLITE_COLLATION
        return clone.as_sql(compiler, connection, **extra_context)


@dataclass(frozen=True)
class Column:
    """A sortable column: its key in ``?sort=``, its header and the ascending SQL order.

    ``order`` holds field names or expressions; the descending order reverses each of them.
    Text columns a person reads as names should use :class:`Natural`.
    """

    key: str
    label: str
    order: tuple = ()
    nulls_last: bool = True
    align: str = ""  # "end" for figures

    def order_by(self, descending):
        terms = []
        for term in self.order:
            expression = F(term) if isinstance(term, str) else term
            terms.append(
                OrderBy(expression, descending=descending, nulls_last=self.nulls_last or None)
            )
        return terms


@dataclass
class Header:
    column: Column
    url: str
    state: str  # "ascending", "descending" or "none" (the aria-sort values)


@dataclass
class Table:
    """One page of ``queryset``, sorted by the request's ``?sort=`` among ``columns``.

    ``default`` is a column key, ``-key`` for descending. ``tiebreak`` makes the order total
    so a row never appears on two pages. ``prefix`` lets two tables share a page
    (``?<prefix>sort=``, ``?<prefix>page=``).
    """

    request: object
    queryset: object
    columns: list
    default: str
    per_page: int = PAGE_SIZE
    tiebreak: tuple = ("pk",)
    prefix: str = ""
    label: str = ""  # what the rows are, for the pager's aria-label
    target: str = ""  # the id of the element htmx swaps with the table's partial
    page: object = field(init=False)
    sort: str = field(init=False)

    def __post_init__(self):
        self._by_key = {column.key: column for column in self.columns}
        requested = self.request.GET.get(self.param("sort"), "")
        self.sort = requested if requested.lstrip("-") in self._by_key else self.default
        self.per_page = self._page_size()
        column = self._by_key[self.sort.lstrip("-")]
        ordered = self.queryset.order_by(
            *column.order_by(self.sort.startswith("-")), *self.tiebreak
        )
        paginator = Paginator(ordered, self.per_page)
        self.page = paginator.get_page(self.request.GET.get(self.param("page")))

    def param(self, name):
        return f"{self.prefix}{name}"

    def _page_size(self):
        try:
            size = int(self.request.GET.get(self.param("per_page"), self.per_page))
        except ValueError:
            return self.per_page
        return size if size in PAGE_SIZES else self.per_page

    # --- What templates read ------------------------------------------------------------

    @property
    def param_sort(self):
        return self.param("sort")

    def is_swap(self):
        """Whether the request only asks for the table (an htmx swap of ``target``)."""
        htmx = getattr(self.request, "htmx", None)
        return bool(htmx) and htmx.target == self.target

    @property
    def rows(self):
        return self.page.object_list

    @property
    def count(self):
        return self.page.paginator.count

    def url(self, **changes):
        """This list's URL with ``changes`` to its parameters (``None`` removes one)."""
        query = self.request.GET.copy()
        for name, value in changes.items():
            key = self.param(name)
            if value is None:
                query.pop(key, None)
            else:
                query[key] = value
        encoded = query.urlencode()
        return f"{self.request.path}?{encoded}" if encoded else self.request.path

    @property
    def headers(self):
        """``{key: Header}`` for every sortable column: its link toggles the direction."""
        current, descending = self.sort.lstrip("-"), self.sort.startswith("-")
        headers = {}
        for column in self.columns:
            if column.key == current:
                state = "descending" if descending else "ascending"
                target = column.key if descending else f"-{column.key}"
            else:
                state, target = "none", column.key
            headers[column.key] = Header(column, self.url(sort=target, page=None), state)
        return headers

    @property
    def pages(self):
        """The page numbers the pager offers, ``None`` for a gap: 1 … 4 5 6 … 40."""
        return list(
            self.page.paginator.get_elided_page_range(self.page.number, on_each_side=1, on_ends=1)
        )

    def page_url(self, number):
        return self.url(page=number)


def head_and_count(queryset, limit):
    """``(total, first rows)`` of an ordered queryset in one query (a window count over the
    whole result, read from the first row): what a capped list with its "see all N" needs.
    Not for ``distinct()`` querysets, whose window would count the rows before DISTINCT."""
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[:limit])
    return (rows[0].total_rows if rows else 0), rows
