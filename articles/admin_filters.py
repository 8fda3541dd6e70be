"""Work queues for the article list: what each person at the desk has to do next."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models import Article

Status = Article.Status


def queue_filters(user) -> dict[str, tuple[str, Q]]:
    """Queue slug -> (label, filter). Slugs are in Vietnamese because they show in the address bar."""
    now = timezone.now()
    return {
        "cho-duyet": (_("Awaiting review"), Q(status=Status.IN_REVIEW)),
        "cho-ky-duyet": (_("Awaiting sign-off"), Q(status=Status.APPROVED)),
        "cua-toi": (_("My articles"), Q(created_by=user)),
        "bi-tra-lai": (_("Returned"), Q(status=Status.DRAFT) & ~Q(review_note="")),
        "da-len-lich": (pgettext_lazy("queue", "Scheduled"), Q(status=Status.PUBLISHED, published_at__gt=now)),
        "da-go": (_("Taken down"), Q(status=Status.TAKEN_DOWN)),
    }


def queues_for(user) -> list[str]:
    """The queues that concern this user, in the order they are worked."""
    if user.has_perm("articles.edit_any_article"):
        queues = ["cho-duyet", "da-len-lich", "da-go", "bi-tra-lai", "cua-toi"]
        if user.has_perm("articles.sign_off_article"):
            queues.insert(0, "cho-ky-duyet")
        return queues
    return ["cua-toi", "bi-tra-lai"]


def queue_counts(user, queryset) -> list[dict]:
    """Each of the user's queues with how many articles wait in it, in one query."""
    filters = queue_filters(user)
    names = queues_for(user)
    counts = queryset.aggregate(**{name.replace("-", "_"): Count("pk", filter=filters[name][1]) for name in names})
    return [{"slug": name, "label": filters[name][0], "count": counts[name.replace("-", "_")]} for name in names]


class QueueFilter(admin.SimpleListFilter):
    title = _("queue")
    parameter_name = "hang-doi"

    def lookups(self, request, model_admin):
        filters = queue_filters(request.user)
        return [(name, filters[name][0]) for name in queues_for(request.user)]

    def queryset(self, request, queryset):
        filters = queue_filters(request.user)
        if self.value() in filters:
            return queryset.filter(filters[self.value()][1])
        return queryset
