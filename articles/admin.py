from django.contrib import admin
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag as TaggitTag

from articles.forms import ArticleAdminForm, PhotoInlineForm
from articles.models import Article, Author, Byline, Photo, Section, Tag


def _short_time(moment) -> str:
    # The paper's own format (as printed on the article page), not the admin's long "27 tháng 11 năm 2026".
    return date_format(timezone.localtime(moment), "H:i d/m/Y") if moment else "—"


admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Editorial desk")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


# Articles use our Tag (Vietnamese slugs); taggit's own model stays installed but unused.
admin.site.unregister(TaggitTag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    prepopulated_fields = {"slug": ["name"]}


class PhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoInlineForm
    extra = 0
    fields = [("image", "thumbnail"), "caption", ("credit", "alt_text"), ("after_paragraph", "position", "is_lead")]
    readonly_fields = ["thumbnail"]
    ordering = ["position", "id"]

    @admin.display(description=_("Preview"))
    def thumbnail(self, photo: Photo):
        if not photo.image:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-width:240px;max-height:160px;border-radius:4px">'
            "<br><small>{}×{} px</small>",
            photo.image.url,
            photo.alt,
            photo.width,
            photo.height,
        )


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    fields = ["author", "role", "position"]
    autocomplete_fields = ["author"]
    ordering = ["position", "id"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [PhotoInline, BylineInline]
    list_display = ["title", "status_label", "section", "byline_names", "published_time", "updated_time"]
    list_filter = ["status", "section", "language", ("published_at", admin.DateFieldListFilter)]
    list_select_related = ["section"]
    search_fields = ["title", "sapo", "bylines__author__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["translation"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at", "public_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "sapo", "body"]}),
        (_("Placement"), {"fields": ["section", "tags", "language", "translation"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "public_link", "created_by", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        bylines = Byline.objects.select_related("author").order_by("position", "id")
        return super().get_queryset(request).prefetch_related(Prefetch("bylines", queryset=bylines))

    class Media:
        css = {"all": ["newsroom_admin/admin.css"]}

    @admin.display(description=_("published at"), ordering="published_at")
    def published_time(self, article: Article) -> str:
        return _short_time(article.published_at)

    @admin.display(description=_("updated at"), ordering="updated_at")
    def updated_time(self, article: Article) -> str:
        return _short_time(article.updated_at)

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article: Article) -> str:
        if article.status == Article.Status.PUBLISHED and not article.is_published():
            return _("Scheduled")
        return article.get_status_display()

    @admin.display(description=_("byline"))
    def byline_names(self, article: Article) -> str:
        return ", ".join(byline.author.name for byline in article.bylines.all())

    @admin.display(description=_("public page"))
    def public_link(self, article: Article):
        if not article.pk or not article.is_published():
            return _("Not visible to readers yet.")
        return format_html('<a href="{0}" target="_blank" rel="noopener">{0}</a>', article.get_absolute_url())

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not article.bylines.exists() and hasattr(request.user, "author"):
            # A reporter who forgets the byline is credited rather than leaving the story unsigned.
            Byline.objects.create(article=article, author=request.user.author, role=Byline.Role.TEXT)
