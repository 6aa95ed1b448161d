"""``{% sort_header table "key" %}`` and ``{% pager table %}``: the markup of every list."""

from django import template

register = template.Library()


@register.inclusion_tag("web/tables/sort_header.html")
def sort_header(table, key, css_class=""):
    header = table.headers[key]
    return {"table": table, "header": header, "css_class": css_class}


@register.inclusion_tag("web/tables/pager.html")
def pager(table):
    return {"table": table, "page": table.page}


@register.filter
def page_url(table, number):
    return table.page_url(number)


@register.inclusion_tag("web/tables/sort_select.html")
def sort_select(table):
    """On a phone the header row is hidden (rows are cards): the sort is a select instead."""
    options = []
    for column in table.columns:
        for descending in (False, True):
            value = f"-{column.key}" if descending else column.key
            options.append({"value": value, "label": column.label, "descending": descending})
    hidden = [
        (name, value)
        for name, values in table.request.GET.lists()
        if name not in {table.param("sort"), table.param("page")}
        for value in values
    ]
    return {"table": table, "options": options, "hidden": hidden}
