import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_indicator_cache():
    """Indicator figures are cached (reports/series.py): each test starts with none, so its query
    counts and figures do not depend on the tests before it."""
    cache.clear()
    yield
    cache.clear()
