"""The test client goes through the view beacon's fast path, as the server does (newsroom/wsgi.py).

Django's test client calls its handler with the WSGI environ; this handler offers the request to
articles/beacon_fast.py first, exactly as `FastPath.__call__` does for the server, and gives Django's own
handler whatever the fast path hands on. A response the fast path made is marked `answered_by_fast_path`, so
tests can tell which path answered.
"""

from contextlib import contextmanager

import django.test.client
from django.core.handlers.wsgi import WSGIRequest
from django.test.client import ClientHandler


class FastPathClientHandler(ClientHandler):
    def __call__(self, environ):
        from articles import beacon_fast

        where = beacon_fast.route(environ)
        response = None if where is None else beacon_fast.answer(environ, where)
        if response is None:
            response = super().__call__(environ)
            response.answered_by_fast_path = False
            return response
        response.wsgi_request = WSGIRequest(environ)
        response.answered_by_fast_path = True
        return response


@contextmanager
def installed():
    """Every django.test.Client made meanwhile (pytest-django's `client` too) uses FastPathClientHandler."""
    original = django.test.client.ClientHandler
    django.test.client.ClientHandler = FastPathClientHandler
    try:
        yield
    finally:
        django.test.client.ClientHandler = original
