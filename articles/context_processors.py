from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Section


def site(request):
    """What every public page prints about the paper; the section menu is queried only if a page shows it."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "nav_sections": SimpleLazyObject(lambda: list(Section.objects.all())),
    }
