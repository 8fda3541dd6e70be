from django.utils.functional import SimpleLazyObject

from articles.fragments import menu_sections
from articles.site_settings import masthead


def site(request):
    """What every public page prints about the paper. Lazy: the masthead is read (from the cache) and the
    section menu read (from the cache too) only if the page shows them, and in the language the page is rendered in."""
    paper = SimpleLazyObject(masthead)
    return {
        "site_name": SimpleLazyObject(lambda: paper.name),
        "masthead": paper,
        "nav_sections": SimpleLazyObject(menu_sections),
    }
