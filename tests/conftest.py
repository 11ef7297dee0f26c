import pytest

from tests.factories import make_tree


@pytest.fixture
def tree(db):
    return make_tree()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
