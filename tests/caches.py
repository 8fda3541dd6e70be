from django.conf import settings
from django.core.cache import caches


def clear_all() -> None:
    """Empty every configured cache: the per-process one and the one the server's processes share."""
    for alias in settings.CACHES:
        caches[alias].clear()
