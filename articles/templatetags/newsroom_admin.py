from django import template
from django.contrib import admin

from articles.admin_filters import queue_counts
from articles.models import Article, user_display_name

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_queues(context) -> list[dict]:
    """The signed-in user's work queues with their counts, over exactly the articles their list shows."""
    request = context.get("request")
    if request is None or not request.user.has_perm("articles.view_article"):
        return []
    article_admin = admin.site.get_model_admin(Article)
    return queue_counts(request.user, article_admin.get_queryset(request))


@register.filter
def staff_name(user) -> str:
    """A colleague as the newsroom names them, family name first ("Trần Minh Khoa"); the login if no name is set."""
    return user_display_name(user)
