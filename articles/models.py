import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from articles import search
from articles.images import stripped_original, validate_photo_file
from articles.text import sanitize_html, slugify_vi, unique_slug

# First path segments the site already uses: a section named like one of them would be unreachable.
RESERVED_SECTION_SLUGS = frozenset(
    {"admin", "static", "media", "i18n", "api", "rss", "the", "tac-gia", "cai-chinh", "xem-truoc", "xem-nhieu",
     "tim-kiem", "en", "vi"}
)  # fmt: skip


def validate_section_slug(value: str) -> None:
    if value in RESERVED_SECTION_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by another part of the site; choose another."), params={"slug": value}
        )


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(
        _("English name"),
        max_length=100,
        blank=True,
        help_text=_("Shown in the English edition; empty means the name."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        validators=[validate_section_slug],
        help_text=_("Used in the section's web address."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are listed in this order in the menu.")
    )
    requires_sign_off = models.BooleanField(
        _("requires the editor-in-chief's sign-off"),
        default=False,
        help_text=_("Articles of this section are published only after the editor-in-chief approves them."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"section_slug": self.slug})

    @property
    def display_name(self) -> str:
        """The name in the language of the page being made."""
        if self.name_en and translation.get_language() == Article.Language.ENGLISH:
            return self.name_en
        return self.name


class Author(models.Model):
    """Whoever a byline credits: a staff member with a login, or a guest or pen name without one."""

    name = models.CharField(_("name"), max_length=150, help_text=_("As printed in the byline, e.g. “Nguyệt Hà”."))
    slug = models.SlugField(_("slug"), max_length=160, unique=True, help_text=_("Used in the author's page address."))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text=_("Leave empty for a guest writer or a pen name with no login."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                slugify_vi(self.name), lambda s: Author.objects.filter(slug=s).exclude(pk=self.pk).exists()
            )
        super().save(*args, **kwargs)


class Tag(TagBase):
    """django-taggit's tag with a slug that is right for Vietnamese ("Quốc phòng" -> "quoc-phong")."""

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def slugify(self, tag: str, i: int | None = None) -> str:
        slug = slugify_vi(tag, max_length=90) or "the"
        return f"{slug}-{i}" if i is not None else slug


def author_for(user) -> "Author":
    """The byline identity of a staff member, made on first need from their name.

    Two saves by the same person at once (two tabs, or a double click) may both find no Author and both make
    one: the second insert then fails on the unique account (or slug), and that save must not become a 500.
    So the insert runs in a savepoint and, when it fails, the row the other request made is read instead (or,
    if someone of the same name took the slug meanwhile, the insert is tried again with the next free slug).
    """
    try:
        return user.author
    except Author.DoesNotExist:
        pass
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Author.objects.create(name=user_display_name(user), user=user)
        except IntegrityError:
            existing = Author.objects.filter(user=user).first()
            if existing is not None:
                return existing
    return Author.objects.create(name=user_display_name(user), user=user)


# The search columns (a normalised copy of the text, and PostgreSQL's vector): large, and no page shows them.
SEARCH_COLUMNS = ("search_title", "search_sapo", "search_body", "search_bylines", "search_vector", "search_head")


# The one order of an article's photos, in the database and in Python (photo_order_key): the lead photo
# first, then as the editor numbered them. A card shows the first; the body places each after its paragraph.
PHOTO_ORDER = ("-is_lead", "position", "id")
# How many related articles the article page shows, and how many of each tag's newest articles are weighed
# for them: a bound that keeps the query's cost the same whatever the size of the archive or of a tag.
RELATED_SIZE = 4
RELATED_CANDIDATES_PER_TAG = 40
# Articles in time: by publication, then by number between articles published at the same moment.
NEWEST = ("-published_at", "-id")
OLDEST = ("published_at", "id")
# Stands for a section's number in a query compiled once for every section (latest_per_section).
_ANY_SECTION = -1


def photo_order_key(photo: "Photo") -> tuple:
    return (not photo.is_lead, photo.position, photo.pk or 0)


def photos_prefetch() -> models.Prefetch:
    return models.Prefetch("photos", queryset=Photo.objects.order_by(*PHOTO_ORDER))


def bylines_prefetch() -> models.Prefetch:
    """An article's bylines in their printed order, each with its author: the one way pages fetch them."""
    return models.Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position", "id"))


def with_photos(articles) -> None:
    """Fetch the photos of all these articles (a page's cards, an article and its related) in one query."""
    models.prefetch_related_objects([article for article in articles if article is not None], photos_prefetch())


@dataclass
class Around:
    """What the article page links around the article: its section's neighbours in time and related articles."""

    previous: "Article | None"
    next: "Article | None"
    related: list["Article"]


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """What readers may see: published, and its publication time has come."""
        return self.filter(published_q())

    def for_listing(self) -> "ArticleQuerySet":
        """Published articles with what a list of cards shows, in a fixed number of queries."""
        return (
            self.published()
            .select_related("section")
            .defer(*SEARCH_COLUMNS)
            .prefetch_related(photos_prefetch())
            .order_by("-published_at", "-id")
        )

    def cards(self) -> "ArticleQuerySet":
        """Published articles as a card or a link shows them, newest first, without body or photos: the page
        fetches the photos of all its cards at once (with_photos)."""
        cards = self.published().select_related("section").defer("body", *SEARCH_COLUMNS)
        return cards.order_by(*NEWEST)

    def with_page_parts(self) -> "ArticleQuerySet":
        """What the article page prints, in a fixed number of queries whatever the number of bylines, tags or
        corrections: related rows are prefetched, the last edit time is a subquery. Photos come later, in one
        query with those of the related articles (with_photos)."""
        last_edit = (
            ArticleEvent.objects.filter(
                article=models.OuterRef("pk"),
                action__in=(ArticleEvent.Action.EDIT, ArticleEvent.Action.CORRECTION),
                created_at__gt=models.OuterRef("published_at"),
            )
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        corrections = Correction.objects.order_by("-created_at", "-id")
        return (
            # The sections come along because the Vi / En switch links to the counterpart's address.
            self.select_related("section", "translation__section", "translation_of__section")
            .defer(*SEARCH_COLUMNS)
            .prefetch_related(bylines_prefetch(), "tags", models.Prefetch("corrections", corrections))
            .annotate(last_edited_at=models.Subquery(last_edit))
        )

    def _part(self, queryset: "ArticleQuerySet", order: tuple, size: int, **annotations) -> "ArticleQuerySet":
        """The first `size` cards of `queryset` in `order`, with `annotations`, as a part of a UNION: sliced as it
        is where the database allows it (PostgreSQL), or else (SQLite refuses ORDER BY and LIMIT there) the cards
        whose number is among the sliced query's. Either way an index scan of a few rows."""
        ranked = queryset.annotate(**annotations).order_by(*order)
        if connections[self.db].features.supports_slicing_ordering_in_compound:
            return ranked[:size]
        cards = self.model.objects.select_related("section").defer("body", *SEARCH_COLUMNS)
        return cards.filter(pk__in=ranked.values("pk")[:size]).annotate(**annotations).order_by()

    def latest_per_section(self, sections, edition: str, left_out: list[int], size: int) -> list[dict]:
        """The `size` latest articles of each section (in the given order, with those objects as their
        `section`) not in `left_out`, as blocks {"section", "articles"}; sections without any are left out.

        One query, a UNION of one part per section, each an index scan of a few rows (article_section_time_idx):
        the cost does not grow with the archive. The part is compiled once and repeated with each section's
        number: compiling a dozen querysets cost more CPU than the old whole-archive query cost the database."""
        if not sections:
            return []
        part = self.published().filter(section_id=_ANY_SECTION, language=edition).exclude(pk__in=left_out)
        sql, params = part.defer("body", *SEARCH_COLUMNS).order_by(*NEWEST)[:size].query.sql_with_params()
        at = params.index(_ANY_SECTION)  # the one negative number: every real number is positive
        union = " UNION ALL ".join(f"SELECT * FROM ({sql}) AS part_{n}" for n in range(len(sections)))  # noqa: S608
        union_params = [value for section in sections for value in (*params[:at], section.pk, *params[at + 1 :])]
        by_id = {section.pk: section for section in sections}
        by_section: dict[int, list] = {}
        found = self.model.objects.raw(union, union_params)
        for article in sorted(found, key=lambda article: (article.published_at, article.pk), reverse=True):
            article.section = by_id[article.section_id]
            by_section.setdefault(article.section_id, []).append(article)
        return [{"section": s, "articles": by_section[s.pk]} for s in sections if s.pk in by_section]

    def around(self, article: "Article") -> Around:
        """The article's previous and next in its section and edition (by publication time, then number),
        and the published articles of its edition sharing the most tags with it, newest first among equals,
        filled up with its section's latest; never the article itself nor its previous and next. One query.

        The related are chosen among the RELATED_CANDIDATES_PER_TAG newest articles (by number) of each of the
        article's tags and its section's latest, each an index scan (tagged_article_recent_idx): the cost stays
        the same however large the archive or a tag grows."""
        tag_ids = [tag.pk for tag in article.tags.all()]  # prefetched by with_page_parts
        same = self.cards().filter(language=article.language).exclude(pk=article.pk)
        siblings = same.filter(section_id=article.section_id)
        # Two more than shown: the previous and the next may be among them, and are dropped below.
        wanted = RELATED_SIZE + 2
        section_latest = self.model.objects.filter(pk__in=siblings.values("pk")[:wanted]).order_by().values("pk")
        candidates = section_latest
        shared = models.Value(0)
        if tag_ids:
            newest_tagged = [
                TaggedArticle.objects.filter(
                    pk__in=TaggedArticle.objects.filter(tag_id=tag_id)
                    .order_by("-content_object_id")
                    .values("pk")[:RELATED_CANDIDATES_PER_TAG]
                )
                .order_by()
                .values("content_object_id")
                for tag_id in tag_ids
            ]
            # One UNION, not ORed subqueries: PostgreSQL joins a UNION by the index, but tests ORed
            # subqueries against every published article.
            candidates = section_latest.union(*newest_tagged, all=True)
            shared = models.Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids))
        parts = [
            self._part(
                same.filter(pk__in=candidates),
                ("-shared_tags", *NEWEST),
                wanted,
                shared_tags=shared,
                around=models.Value("related"),
            )
        ]
        if article.published_at is not None:
            moment, pk = article.published_at, article.pk
            # The bare bound first: it is what lets the index start at the article's moment.
            earlier = Q(published_at__lte=moment) & (Q(published_at__lt=moment) | Q(pk__lt=pk))
            later = Q(published_at__gte=moment) & (Q(published_at__gt=moment) | Q(pk__gt=pk))
            zero = models.Value(0)
            parts += [
                self._part(siblings.filter(earlier), NEWEST, 1, shared_tags=zero, around=models.Value("previous")),
                self._part(siblings.filter(later), OLDEST, 1, shared_tags=zero, around=models.Value("next")),
            ]
        kinds: dict[str, list] = {"related": [], "previous": [], "next": []}
        for row in parts[0].union(*parts[1:], all=True):
            kinds[row.around].append(row)
        previous = kinds["previous"][0] if kinds["previous"] else None
        following = kinds["next"][0] if kinds["next"] else None
        shown = {neighbour.pk for neighbour in (previous, following) if neighbour is not None}
        related = sorted(
            (row for row in kinds["related"] if row.pk not in shown),
            key=lambda row: (-row.shared_tags, -row.published_at.timestamp(), -row.pk),
        )
        return Around(previous, following, related[:RELATED_SIZE])


def published_q(prefix: str = "") -> Q:
    """The Q behind `published()`, for use inside annotate(filter=…) or across a relation."""
    return Q(**{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()})


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Awaiting sign-off")
        PUBLISHED = "published", _("Published")
        TAKEN_DOWN = "taken_down", _("Taken down")

    class Language(models.TextChoices):
        VIETNAMESE = "vi", _("Vietnamese")
        ENGLISH = "en", _("English")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        allow_unicode=False,
        help_text=_(
            "Made from the title; you may shorten it. The article's address also carries its number, "
            "so old links keep working after a change."
        ),
    )
    sapo = models.TextField(
        _("sapo"),
        help_text=_("The lead paragraph, plain text, shown in bold under the headline, e.g. “(ĐN) - …”."),
    )
    body = ProseEditorField(
        _("body"),
        blank=True,
        config={
            "extensions": {
                "Bold": True,
                "Italic": True,
                "Underline": True,
                "Strike": True,
                "Subscript": True,
                "Superscript": True,
                "Heading": {"levels": [2, 3, 4]},
                "BulletList": True,
                "OrderedList": True,
                "ListItem": True,
                "Blockquote": True,
                "HorizontalRule": True,
                "HardBreak": True,
                "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
                "Table": True,
                "TableRow": True,
                "TableHeader": True,
                "TableCell": True,
                # Last: the buttons' labels in the admin's language (settings.DJANGO_PROSE_EDITOR_EXTENSIONS).
                "NewsroomLabels": True,
                # The editor's base styles from a static file, not an inline <style> (Content-Security-Policy).
                "NewsroomStyleSheet": True,
            }
        },
        sanitize=sanitize_html,
        help_text=_("Photos are added below, each placed after the paragraph you choose."),
    )
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles")
    tags = TaggableManager(
        verbose_name=_("tags"), through="TaggedArticle", blank=True, help_text=_("Separate tags with commas.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True, editable=False
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Readers see the article only once it is published and this time has come."),
    )
    first_published_at = models.DateTimeField(_("first published at"), null=True, blank=True, editable=False)
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now, editable=False)
    review_note = models.TextField(
        _("editor's note"),
        blank=True,
        editable=False,
        help_text=_("Why the editor returned the article; cleared when it is submitted again."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles_created",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Bumped by every save of the article's content or state: a save carrying an older number was
    # made from a stale copy and is refused, so one person's edit never silently overwrites another's.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.VIETNAMESE)
    translation = models.OneToOneField(
        "self",
        verbose_name=_("translation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translation_of",
        help_text=_("The same article in the other edition, for the Vi / En switch."),
    )
    # The search copy of the text (articles/search.py), written by save(): normalised title, sapo and body
    # text for every database, and on PostgreSQL their weighted tsvector, GIN-indexed by migration 0006.
    search_title = models.TextField(editable=False, default="")
    search_sapo = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    # The byline names, normalised: written when bylines change (search.bylines_changed), not by save().
    search_bylines = models.TextField(editable=False, default="")
    search_vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL: the title's and sapo's words alone (search.head_words), what the search tiers test.
    search_head = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "published_at"], name="article_public_idx"),
            # A section's latest and an article's neighbours: a few index entries, however large the archive.
            models.Index(fields=["section", "published_at", "id"], name="article_section_time_idx"),
        ]
        permissions = [
            ("edit_any_article", _("Can edit any reporter's article")),
            ("publish_article", _("Can return, approve, publish and schedule articles")),
            ("sign_off_article", _("Can give the editor-in-chief's final approval")),
            ("take_down_article", _("Can take down and republish articles")),
            ("correct_article", _("Can record corrections on published articles")),
            ("share_article", _("Can share preview links")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("A published article must have a publication time."),
            ),
            models.CheckConstraint(
                condition=~Q(translation=models.F("id")),
                name="article_not_own_translation",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Sanitising here, not only in the form, is what makes "no script survives" hold for
        # every path that writes a body: the admin, commands, imports, the shell.
        self.body = sanitize_html(self.body)
        self.slug = unique_slug(
            slugify_vi(self.slug or self.title),
            lambda s: Article.objects.filter(slug=s).exclude(pk=self.pk).exists(),
        )
        update_fields = kwargs.get("update_fields")
        # The search copy follows the text; a save of other fields only (a status change) leaves it alone.
        reindex = update_fields is None or not search.TEXT_FIELDS.isdisjoint(update_fields)
        if reindex:
            using = kwargs.get("using") or router.db_for_write(Article, instance=self)
            search.index_article(self, connections[using].vendor)
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "body", "slug", *(search.INDEX_FIELDS if reindex else ())}
        super().save(*args, **kwargs)
        search.after_save(self)

    def get_absolute_url(self) -> str:
        # In its own edition's part of the site, whichever page links to it.
        with translation.override(self.language):
            return reverse(
                "articles:detail", kwargs={"section_slug": self.section.slug, "slug": self.slug, "pk": self.pk}
            )

    def clean(self):
        super().clean()
        if self.translation_id:
            if self.translation_id == self.pk:
                raise ValidationError({"translation": _("An article cannot be its own translation.")})
            if self.translation.language == self.language:
                raise ValidationError({"translation": _("The translation must be in the other language.")})

    @property
    def was_ever_published(self) -> bool:
        return self.first_published_at is not None

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and not self.is_published()

    def is_published(self) -> bool:
        """The single-object mirror of `published()`, for the admin list and templates."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def counterpart(self) -> "Article | None":
        """The translation linked in either direction."""
        if self.translation_id:
            return self.translation
        try:
            return self.translation_of
        except Article.DoesNotExist:
            return None

    @cached_property
    def ordered_photos(self) -> list["Photo"]:
        # Sorted in Python so that a prefetch of `photos` (any order) serves it without a query.
        return sorted(self.photos.all(), key=photo_order_key)

    @property
    def lead_photo(self) -> "Photo | None":
        """The photo marked as lead, or else the first one."""
        return self.ordered_photos[0] if self.ordered_photos else None


def photo_upload_to(photo: "Photo", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    stem = slugify_vi(filename.rsplit(".", 1)[0], max_length=60) or "anh"
    return timezone.now().strftime(f"photos/%Y/%m/{stem}.{extension}")


# What a photographer's credit may have been typed with, though the page adds it: "Ảnh:", "Ảnh -", "Photo:".
CREDIT_PREFIX = re.compile(r"\A\s*(?:ảnh|photo)\s*[:\-–]\s*", re.IGNORECASE)


class Photo(models.Model):
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        validators=[validate_photo_file],
        help_text=_("JPEG, PNG, WebP or GIF."),
    )
    caption = models.TextField(_("caption"), blank=True, help_text=_("Printed under the photo."))
    credit = models.CharField(
        _("credit"), max_length=150, blank=True, help_text=_("The photographer, printed as “Ảnh: …”.")
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the photo shows, for readers who cannot see it (screen readers say it aloud). "
            "Required before the article is published."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    after_paragraph = models.PositiveSmallIntegerField(
        _("after paragraph"),
        default=0,
        help_text=_("0 places the photo above the body; 1 after the first paragraph, and so on."),
    )
    is_lead = models.BooleanField(
        _("lead photo"),
        default=False,
        help_text=_("Shown with the article in lists; the first photo if none is marked."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, null=True)
    height = models.PositiveIntegerField(_("height"), editable=False, null=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption[:80] or self.image.name

    def save(self, *args, **kwargs):
        # The page prints "Ảnh: " itself; a credit typed as "Ảnh: Minh Khoa" would read "Ảnh: Ảnh: Minh Khoa".
        self.credit = CREDIT_PREFIX.sub("", self.credit).strip()
        # A new upload is stored upright and without EXIF (GPS above all: it can expose a source), XMP,
        # IPTC or comments, so even the original in media/ is safe to serve. The colour profile is kept.
        if self.image and not self.image._committed:
            stripped = stripped_original(self.image.file)
            if stripped is not None:
                self.image = stripped  # same upload name; width and height are read again from the new file
        super().save(*args, **kwargs)

    @property
    def alt(self) -> str:
        return self.alt_text or self.caption


class Byline(models.Model):
    class Role(models.TextChoices):
        TEXT = "text", _("Text")
        PHOTO = "photo", _("Photos")
        TEXT_AND_PHOTO = "text_photo", _("Text and photos")
        TRANSLATION = "translation", _("Translation")
        GRAPHICS = "graphics", _("Graphics")
        VIDEO = "video", _("Video")

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.TEXT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "author", "role"], name="byline_unique_role_per_author")
        ]

    def __str__(self) -> str:
        return f"{self.author} ({self.get_role_display()})"


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tagged_items")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_article_unique")]
        # A tag's newest articles, read backwards for the related articles' candidates (ArticleQuerySet.around).
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_article_recent_idx")]


def user_display_name(user) -> str:
    """How the newsroom names a colleague: "Trần Minh Khoa", or the login when no name is set."""
    if user is None:
        return ""
    full_name = f"{user.last_name} {user.first_name}".strip()  # Vietnamese order: family name first
    return full_name or user.get_username()


class ArticleEvent(models.Model):
    """One line of an article's audit trail: who did what, from which state to which, and why."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        SUBMIT = "submit", _("Submitted for review")
        WITHDRAW = "withdraw", _("Submission withdrawn")
        RETURN = "return", _("Returned to the reporter")
        APPROVE = "approve", _("Approved, sent for sign-off")
        PUBLISH = "publish", _("Published")
        SCHEDULE = "schedule", _("Scheduled")
        TAKE_DOWN = "take_down", _("Taken down")
        REPUBLISH = "republish", _("Republished")
        EDIT = "edit", _("Edited after publication")
        CORRECTION = "correction", _("Correction recorded")

    # The trail lives as long as its article. Only never-published drafts can be deleted by staff; an
    # article that was ever published can be deleted by a superuser alone (its Revisions survive that).
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Article.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Article.Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The name as it was, so the trail still reads right after an account is renamed or removed.
    actor_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    note = models.TextField(_("note"), blank=True)
    publish_at = models.DateTimeField(_("publication time"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("article event")
        verbose_name_plural = _("article events")

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.actor_name}"


class Revision(models.Model):
    """An immutable snapshot of an article's content, taken at submit, at publish and at every save
    of a published article. Published snapshots are the paper's legal deposit (lưu chiểu): they
    outlive even the article itself, hence SET_NULL and the copied number and title."""

    class Reason(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        PUBLISH = "publish", _("Published")
        EDIT = "edit", _("Edited after publication")
        CORRECTION = "correction", _("Correction")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), null=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    article_number = models.PositiveBigIntegerField(_("article number"), db_index=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    status = models.CharField(_("status"), max_length=20, choices=Article.Status.choices)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    content = models.JSONField(_("content"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.content.get('title', '')} ({self.get_reason_display()}, {self.created_at:%d/%m/%Y %H:%M})"

    @property
    def is_published_version(self) -> bool:
        return self.status in (Article.Status.PUBLISHED, Article.Status.TAKEN_DOWN) or self.reason in (
            self.Reason.PUBLISH,
            self.Reason.EDIT,
            self.Reason.CORRECTION,
        )


class Correction(models.Model):
    """A correction printed under a published article (Press Law, Art. 42)."""

    class Kind(models.TextChoices):
        RETRACTION = "cai_chinh", _("Retraction (cải chính)")
        ERRATUM = "dinh_chinh", _("Erratum (đính chính)")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="corrections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ERRATUM)
    wrong_text = models.TextField(
        _("what was wrong"), blank=True, help_text=_("The statement as it was published. Empty for an update.")
    )
    correct_text = models.TextField(
        _("what is right"), help_text=_("The corrected statement, as readers will read it.")
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.correct_text[:60]}"


class ArticleViewHour(models.Model):
    """Views of one article in one clock hour (UTC): what makes the "24 giờ" window exact.

    Kept for a few days only (see prune_views); one row per article and hour, never one per view.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(_("hour"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("hourly views")
        verbose_name_plural = _("hourly views")
        constraints = [models.UniqueConstraint(fields=["article", "hour"], name="view_hour_unique")]
        indexes = [models.Index(fields=["hour", "article"], name="view_hour_window_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}h: {self.views}"


class ArticleViewDay(models.Model):
    """Views of one article on one day of Asia/Ho_Chi_Minh: the buckets of the 7- and 30-day rankings."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="view_day_unique")]
        # Covers the ranking query (day range, then sum per article) without touching the table.
        indexes = [models.Index(fields=["day", "article", "views"], name="view_day_window_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.day}: {self.views}"


class ArticleViewTotal(models.Model):
    """An article's running total. A table of its own: an admin save of the article, which writes
    every column it loaded, must never overwrite increments made meanwhile."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="view_total")
    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("total views")
        verbose_name_plural = _("total views")
        indexes = [models.Index(fields=["-views"], name="view_total_rank_idx")]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.views}"


class ArticleViewWindow(models.Model):
    """An article's views in one ranking window ("24h", "7d", "30d"), kept as a running total: the buckets
    from the window's start on (ArticleViewWindowStart), added as views are applied and taken off as the
    start moves. Read through articles/ranking.py only; the ranking reads the top of its index."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    window = models.CharField(_("window"), max_length=4)
    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("views in a window")
        verbose_name_plural = _("views in a window")
        constraints = [models.UniqueConstraint(fields=["window", "article"], name="view_window_unique")]
        indexes = [models.Index(fields=["window", "-views", "-article"], name="view_window_rank_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} in {self.window}: {self.views}"


class ArticleViewWindowStart(models.Model):
    """Where each window's running totals start: the first bucket they hold (an hour, or the local day
    beginning at this instant). Moved, with its totals, in one transaction holding this row's lock."""

    window = models.CharField(_("window"), max_length=4, primary_key=True)
    starts_at = models.DateTimeField(_("starts at"))

    class Meta:
        verbose_name = _("window start")
        verbose_name_plural = _("window starts")

    def __str__(self) -> str:
        return f"{self.window} from {self.starts_at:%Y-%m-%d %H:%M}"


class ViewFlushBatch(models.Model):
    """A batch of buffered views moved from Redis, recorded in the same transaction as its counts:
    if the flusher dies after the commit, the next run sees the batch here and does not count it twice."""

    key = models.CharField(max_length=100, unique=True)
    flushed_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.key


PHONE_CHARACTERS = re.compile(r"[0-9+().\-/, ]+")


def validate_phone(value: str) -> None:
    """One or more numbers as the paper prints them: "(0251) 3822 501", "0913 123 456 - 1900 1234"."""
    if not PHONE_CHARACTERS.fullmatch(value):
        raise ValidationError(
            _("Use only digits, spaces and + ( ) . - / , in a phone number."), code="phone_characters"
        )
    if sum(character.isdigit() for character in value) < 8:
        raise ValidationError(_("A phone number has at least 8 digits."), code="phone_too_short")


class SiteSettings(models.Model):
    """What the Press Law (Art. 46) asks an online paper's home page to print about itself: a single row,
    edited in the admin. Pages read it through articles.site_settings, which keeps it in the cache."""

    SINGLETON_ID = 1

    paper_name = models.CharField(_("name of the paper"), max_length=200)
    paper_name_en = models.CharField(
        _("name in English"), max_length=200, blank=True, help_text=_("For the English edition; empty means the name.")
    )
    governing_body = models.CharField(
        _("governing body"), max_length=200, blank=True, help_text=_("The cơ quan chủ quản, e.g. “Tỉnh ủy Đồng Nai”.")
    )
    governing_body_en = models.CharField(_("governing body in English"), max_length=200, blank=True)
    licence_number = models.CharField(
        _("licence number"), max_length=100, blank=True, help_text=_("As on the licence, e.g. “125/GP-BTTTT”.")
    )
    licence_date = models.DateField(_("licence date"), null=True, blank=True)
    licence_issuer = models.CharField(
        _("licence issued by"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “Bộ Thông tin và Truyền thông”."),
    )
    licence_issuer_en = models.CharField(_("licence issued by, in English"), max_length=200, blank=True)
    editor_in_chief = models.CharField(_("editor-in-chief"), max_length=150, blank=True)
    deputy_editors = models.TextField(
        _("deputy editors-in-chief"), blank=True, help_text=_("One name per line, or leave empty.")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    address_en = models.CharField(
        _("address in English"),
        max_length=300,
        blank=True,
        help_text=_("For the English edition; empty means the address."),
    )
    phone = models.CharField(_("phone"), max_length=100, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="site_settings_single_row")]

    def __str__(self) -> str:
        return self.paper_name

    def save(self, *args, **kwargs):
        # There is one paper: whatever instance is saved is that row.
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.licence_date and self.licence_date > timezone.localdate():
            raise ValidationError({"licence_date": _("A licence cannot be dated in the future.")})
        if (self.licence_date or self.licence_issuer) and not self.licence_number.strip():
            raise ValidationError({"licence_number": _("Enter the licence number to print its date or issuer.")})

    @property
    def deputy_editor_names(self) -> list[str]:
        return [line.strip() for line in self.deputy_editors.splitlines() if line.strip()]


# -- The desk's safety nets: what a person typed but has not saved, and who has an article open --
# (logic in articles/workflow/autosave.py and articles/workflow/presence.py)


class ArticleAutosave(models.Model):
    """A person's unsaved text of one article (or of a new one), kept by the browser every few seconds.

    Never the article, never a revision, never public: only its writer sees it, and only while they may
    still edit the article. A successful save of the form deletes it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Empty for an article that has never been saved: the add form's copy.
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    fields = models.JSONField(default=dict)  # the form's text fields, as typed: {"title": "…", "body": "<p>…</p>"}
    # What a chosen option read (an author picked by search is not in the page until chosen): {"translation": "…"}
    labels = models.JSONField(default=dict, blank=True)
    base_version = models.PositiveIntegerField(null=True, blank=True)  # the article's version the form was loaded at
    photos_pending = models.BooleanField(default=False)  # photos were chosen but not saved: files are not kept
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("autosaved copy")
        verbose_name_plural = _("autosaved copies")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], condition=Q(article__isnull=False), name="autosave_one_per_article"
            ),
            models.UniqueConstraint(fields=["user"], condition=Q(article__isnull=True), name="autosave_one_new"),
        ]

    def __str__(self) -> str:
        return f"{user_display_name(self.user)}: {self.fields.get('title', '')}"


class ArticlePresence(models.Model):
    """Someone has the article's change form open: the heartbeat renews `seen_at`, silence lets it expire."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("open article")
        verbose_name_plural = _("open articles")
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="presence_one_per_person")]

    def __str__(self) -> str:
        return user_display_name(self.user)
