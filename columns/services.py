"""
Columns served by the portal's own pages (依申请公开指南, 统计, 意见征集, 留言 ...).

The app that serves a column says so on its AppConfig, as `column_services`:
{column number: [(URL name, link text), ...]}. This module collects the declarations of every
installed app, so the content layer never imports the feature apps above it. A served column
links those pages from its column page and is never empty: the page is its content.
"""

from functools import cache

from django.urls import NoReverseMatch, reverse

from contributions.collect import declared


@cache
def served():
    """{column number: [(URL name, link text)]} declared by the installed apps."""
    numbers = {}
    for _, services in declared("column_services"):
        for number, pages in services.items():
            numbers.setdefault(number, []).extend(pages)
    return numbers


def links(number):
    """[(link text, URL)] of the pages serving the column numbered `number`."""
    found = []
    for name, text in served().get(number, ()):
        try:
            found.append((text, reverse(name)))
        except NoReverseMatch:  # the serving app's URLs are not mounted here
            continue
    return found


def is_served(column):
    return column.number in served()
