import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with empty rate-limit counters: the public survey endpoints count per client
    address, and every test client is 127.0.0.1, so tests on one worker would otherwise add up."""
    from django.core.cache import cache

    cache.clear()
    yield
