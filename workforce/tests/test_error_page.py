"""The server error page: shown when the database is down, so it must need nothing from it."""

from django.test import RequestFactory
from django.views.defaults import server_error


def test_the_error_page_renders_without_a_database_and_says_what_to_do():
    # No db fixture: pytest-django refuses any database access, so rendering proves it needs none.
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, something went wrong on our side" in page
    assert "may not have been saved" in page and 'lang="en-GB"' in page
    assert "Standalone" not in page  # the template's own comment is not shown to people
