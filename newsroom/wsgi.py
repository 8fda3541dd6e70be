"""
WSGI config for newsroom project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

django_application = get_wsgi_application()

# The view beacon is answered in front of Django's middleware (articles/beacon_fast.py); everything else, and
# whatever the beacon's rules leave to Django, goes to Django's handler unchanged.
from articles.beacon_fast import FastPath  # noqa: E402  (needs the apps, which get_wsgi_application set up)

application = FastPath(django_application)

# Reading it makes Django refuse to serve with an empty SECRET_KEY ("must not be empty"): settings leave
# it empty when unset in production so that commands which sign nothing (migrate, check) still run.
settings.SECRET_KEY  # noqa: B018
