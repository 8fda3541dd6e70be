from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import Tag as TaggitTag

from articles import (
    admin_accounts,  # noqa: F401 - registers the accounts' and roles' admin, permissions in Vietnamese
    admin_site_settings,  # noqa: F401 - registers the site settings' admin
    admin_views,
    charts,
    ranking,
    workflow,
)
from articles.admin_filters import QueueFilter
from articles.forms import ArticleAdminForm, PhotoInlineForm, PhotoInlineFormSet, TransitionForm, WorkflowStepForm
from articles.models import (
    Article,
    ArticleEvent,
    Author,
    Byline,
    Photo,
    Section,
    Tag,
    author_for,
    published_q,
)
from articles.workflow import autosave, presence
from newsroom.formats import staff_time


def list_time(moment):
    """A moment in a list column, compact so the list fits a 1366 px screen: "08/09 12:09" within the
    current year, "08/09/2022" before it; the full dd/mm/yyyy HH:MM shows on hover and to screen readers."""
    if not moment:
        return "—"
    local = timezone.localtime(moment)
    compact = date_format(local, "d/m H:i" if local.year == timezone.localdate().year else "SHORT_DATE_FORMAT")
    return format_html('<time datetime="{}" title="{}">{}</time>', local.isoformat(), staff_time(moment), compact)


def _fragment(name: str, context: dict) -> str:
    """One of the article admin's HTML fragments (templates/admin/articles/article/includes/)."""
    return mark_safe(render_to_string(f"admin/articles/article/includes/{name}.html", context))  # noqa: S308


admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Editorial desk")
# Django's left-hand app list repeats the index and the breadcrumbs, and takes a fifth of a 1366 px screen
# that the article list needs for its columns: the desk finds its way by the index's queues instead.
admin.site.enable_nav_sidebar = False


STEP_FIELD = "_workflow_step"  # the name of the workflow buttons that submit the change form itself
# The browser copies (desk.js's localStorage keys) that saves have made needless, for the next article page to drop.
DESK_FORGET = "newsroom_desk_forget"


@dataclass
class StepRequest:
    """A workflow button pressed on the change form: save what was typed, then take the step (save_related)."""

    rule: workflow.Transition
    form: WorkflowStepForm
    refusal: str = ""  # why nothing was saved and the step not taken; the form is shown again with it
    saved: bool = False  # whether the form had changes, so a save was written before the step
    event: ArticleEvent | None = field(default=None)


class StepRefused(Exception):
    """The step failed after the save: raised out of the admin's transaction so that the save is rolled back."""


class VietnameseSlugMixin:
    """The slug field follows the name field as the editor types, transliterated for Vietnamese."""

    slug_source = "name"

    class Media:
        js = ["newsroom_admin/slug.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug" and field is not None:
            field.widget.attrs["data-slug-from"] = f"#id_{self.slug_source}"
        return field


@admin.register(Section)
class SectionAdmin(VietnameseSlugMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position", "requires_sign_off"]
    list_editable = ["position"]
    search_fields = ["name"]


# Articles use our Tag (Vietnamese slugs); taggit's own model stays installed but unused.
admin.site.unregister(TaggitTag)


@admin.register(Tag)
class TagAdmin(VietnameseSlugMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(VietnameseSlugMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


class ArticleContentInline:
    """Photos and bylines are part of the article's text: whoever may edit the article may edit them."""

    def _may_edit_article(self, request, article) -> bool:
        return article is None or workflow.can_edit(request.user, article)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_edit_article(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit_article(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit_article(request, obj)


class PhotoInline(ArticleContentInline, admin.StackedInline):
    model = Photo
    form = PhotoInlineForm
    formset = PhotoInlineFormSet
    extra = 0
    fields = [("image", "thumbnail"), "caption", ("credit", "alt_text"), ("after_paragraph", "position", "is_lead")]
    readonly_fields = ["thumbnail"]
    ordering = ["position", "id"]

    @admin.display(description=_("Preview"))
    def thumbnail(self, photo: Photo):
        if not photo.image:
            return "—"
        return _fragment("photo_thumbnail", {"photo": photo})


class BylineInline(ArticleContentInline, admin.TabularInline):
    model = Byline
    extra = 0
    fields = ["author", "role", "position"]
    autocomplete_fields = ["author"]
    ordering = ["position", "id"]


@admin.register(Article)
class ArticleAdmin(VietnameseSlugMixin, admin.ModelAdmin):
    slug_source = "title"
    form = ArticleAdminForm
    inlines = [PhotoInline, BylineInline]
    # The desk's columns; a reporter's list is narrower (get_list_display). Both fit 1366 px without
    # sideways scrolling: compact times, short headers that never wrap (static/newsroom_admin/admin.css).
    list_display = [
        "title",
        "status_label",
        "section",
        "byline_names",
        "review_note_short",
        "published_time",
        "views_total",
        "views_7_days",
    ]
    # A reporter's list holds their own work and what is already public: where each story stands, what the
    # editor said, who wrote it and whether it is read. The week's views are the desk's business.
    reporter_list_display = [column for column in list_display if column != "views_7_days"]
    list_filter = [QueueFilter, "status", "section", "language", ("published_at", admin.DateFieldListFilter)]
    list_select_related = ["section"]
    search_fields = ["title", "sapo", "bylines__author__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["translation"]
    # State and history are shown, never typed: they change only through workflow.transition().
    publication_fields = [
        "status",
        "review_note",
        "published_at",
        "public_link",
        "created_by",
        "created_at",
        "updated_at",
    ]
    # The trail (events, saved versions, corrections) is on its own page behind the "History" button
    # (history_view), not in the form.
    readonly_fields = [*publication_fields, "readership", "sapo_as_read", "body_as_read"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "sapo", "body", "loaded_version"]}),
        (_("Placement"), {"fields": ["section", "tags", "language", "translation"]}),
        (_("Publication"), {"fields": publication_fields}),
        (_("Readers"), {"fields": ["readership"]}),
    ]
    actions = ["submit_selected", "publish_selected", "republish_selected"]
    change_form_template = "admin/articles/article/change_form.html"
    empty_value_display = "—"  # as list_time prints a missing time

    class Media:
        # newsroom_admin/admin.css is on every admin page (templates/admin/base_site.html).
        css = {"all": ["newsroom_admin/desk.css", "newsroom_admin/prose_editor_base.css"]}
        js = ["newsroom_admin/slug.js", "newsroom_admin/desk.js"]

    # -- who may see and touch what: every path (list, form, inline, action, URL) asks these --

    def get_queryset(self, request):
        bylines = Byline.objects.select_related("author").order_by("position", "id")
        queryset = super().get_queryset(request).prefetch_related(Prefetch("bylines", queryset=bylines))
        queryset = ranking.with_view_counts(queryset)
        if request.user.has_perm("articles.edit_any_article"):
            return queryset
        # A reporter's desk: their own work, and what is already public.
        return queryset.filter(Q(created_by=request.user) | published_q())

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or workflow.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or workflow.can_delete(request.user, obj))

    def get_ordering(self, request):
        # A queue is worked oldest first: whoever has waited longest is next.
        if request.GET.get(QueueFilter.parameter_name) in ("cho-duyet", "cho-ky-duyet"):
            return ["status_changed_at"]
        return super().get_ordering(request)

    def get_list_display(self, request):
        if request.user.has_perm("articles.edit_any_article"):
            return self.list_display
        return self.reporter_list_display

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            # A new article has no state or history yet; it starts as the writer's draft.
            return self.fieldsets[:2]
        if not self.has_change_permission(request, obj):
            # Read only (a reporter after submitting, or anyone who may only look): the text as readers
            # will read it, not the stored HTML that Django would print as it is; and no "version" row,
            # which is no field to check here and would read "None".
            as_read = {"sapo": "sapo_as_read", "body": "body_as_read"}
            return [
                (
                    name,
                    {
                        **options,
                        "fields": [
                            as_read.get(field, field) for field in options["fields"] if field != "loaded_version"
                        ],
                    },
                )
                for name, options in self.fieldsets
            ]
        return self.fieldsets

    def view_on_site(self, article: Article) -> str | None:
        # "View on site" only where a reader would find the article; a draft's page is the preview.
        return article.get_absolute_url() if article.is_published() else None

    def history_view(self, request, object_id, extra_context=None):
        # The newsroom's own trail (events, saved versions, corrections) instead of Django's change log.
        return admin_views.history_view(self, request, object_id)

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(lambda request, *args, **kwargs: view(self, request, *args, **kwargs))

        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            # The add form's copy comes first: "<path:object_id>/…" below would also match it.
            path("tu-luu/bai-moi/", wrap(admin_views.autosave_view), name=f"{prefix}_autosave_new"),
            path("tu-luu/bai-moi/bo/", wrap(admin_views.autosave_discard_view), name=f"{prefix}_autosave_new_discard"),
            path("<path:object_id>/tu-luu/", wrap(admin_views.autosave_view), name=f"{prefix}_autosave"),
            path(
                "<path:object_id>/tu-luu/bo/",
                wrap(admin_views.autosave_discard_view),
                name=f"{prefix}_autosave_discard",
            ),
            path("<path:object_id>/dang-mo/", wrap(admin_views.presence_view), name=f"{prefix}_presence"),
            path("<path:object_id>/buoc/<str:action>/", wrap(admin_views.transition_view), name=f"{prefix}_transition"),
            path("<path:object_id>/cai-chinh/", wrap(admin_views.correction_view), name=f"{prefix}_correction"),
            path(
                "<path:object_id>/phien-ban/<int:revision_id>/",
                wrap(admin_views.diff_view),
                name=f"{prefix}_revision_diff",
            ),
            path(
                "<path:object_id>/lien-ket-xem-truoc/",
                wrap(admin_views.preview_link_view),
                name=f"{prefix}_preview_link",
            ),
            *super().get_urls(),
        ]

    def _desk_context(self, request, article: Article | None) -> dict:
        """What desk.js needs on the add and change forms: autosave, presence, the offer of a kept copy."""
        if not autosave.may_keep(request.user, article):
            return {}  # a read-only form has nothing to lose, and its reader no copy to keep
        prefix = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        if article is None:
            urls = {"autosave": reverse(f"{prefix}_autosave_new"), "discard": reverse(f"{prefix}_autosave_new_discard")}
        else:
            urls = {
                "autosave": reverse(f"{prefix}_autosave", args=[article.pk]),
                "discard": reverse(f"{prefix}_autosave_discard", args=[article.pk]),
                "presence": reverse(f"{prefix}_presence", args=[article.pk]),
            }
        context = {
            "desk": {
                "urls": urls,
                "storage_key": self._storage_key(request.user, article),
                "new_storage_key": self._storage_key(request.user, None),
                "autosave_seconds": autosave.interval_seconds(),
                "presence_seconds": presence.heartbeat_seconds(),
                "base_version": article.version if article else "",
                "login_url": f"{reverse('admin:login')}?{urlencode({'next': request.get_full_path()})}",
            },
            "desk_messages": {
                "saved": _("Autosaved at %(time)s; only you can see this copy until you press Save."),
                "offline": _(
                    "Not connected: what you type is kept in this browser and sent when the connection is back."
                ),
                "expired": _(
                    "Your session has ended: what you type is kept in this browser. Log in again, then open this "
                    "article again to get it back."
                ),
                "refused": _("The autosave was refused; what you type is kept in this browser."),
                "failed": _("The autosave failed; what you type is kept in this browser and sent again soon."),
                "restored": _("The autosaved copy is back in the form. Check it, then press Save."),
                "discard": _("Discard the autosaved copy? It cannot be brought back."),
                "login": _("Log in again"),
            },
        }
        if request.method == "GET":  # a form shown again after a refused save already holds what was typed
            context.update(admin_views.autosave_offer_context(request.user, article))
        if article is not None:
            presence.presence_beat(request.user, article)
            context["present_label"] = admin_views.presence_label(presence.others_present(request.user, article))
        return context

    @staticmethod
    def _browser_copies_to_forget(request) -> list[str]:
        return request.session.pop(DESK_FORGET, []) if request.method == "GET" else []

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**self._desk_context(request, None), **(extra_context or {})}
        extra_context["desk_forget"] = self._browser_copies_to_forget(request)
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        extra_context["desk_forget"] = self._browser_copies_to_forget(request)
        if article is not None and self.has_view_permission(request, article):
            # Steps are buttons of the change form itself (save, then step) for whoever may edit; a reader
            # who may take a step without editing (none in the default roles) posts to transition_view.
            steps_submit_form = self.has_change_permission(request, article)
            posted = request.POST if request.method == "POST" else None
            offered, refused = workflow.steps_for(request.user, article)
            steps = []
            for rule in offered:
                if steps_submit_form:
                    step_form = WorkflowStepForm(posted, prefix=f"step-{rule.action}", rule=rule)
                    for bound_field in step_form:
                        bound_field.field.widget.attrs["form"] = f"{self.opts.model_name}_form"
                else:
                    step_form = TransitionForm(initial={"version": article.version}, auto_id=f"id_{rule.action}_%s")
                if rule.note_required:
                    step_form.fields["note"].widget.attrs["required"] = True
                steps.append((rule, step_form))
            extra_context["workflow_steps"] = steps
            extra_context["steps_submit_form"] = steps_submit_form
            extra_context["article"] = article
            extra_context["can_correct"] = article.is_published() and request.user.has_perm("articles.correct_article")
            extra_context["can_share"] = request.user.has_perm("articles.share_article")
            extra_context["holder"] = workflow.holder_label(article)
            # The steps this person may take but that would be refused now, each with what to fix (never a button).
            extra_context["refused_steps"] = refused
            extra_context.update(self._desk_context(request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    # -- a workflow button on a form with unsaved changes: save, then step, in one transaction --

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        action = request.POST.get(STEP_FIELD) if request.method == "POST" and object_id else None
        if not action:
            return super().changeform_view(request, object_id, form_url, extra_context)
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise Http404
        rule = workflow.rule_named(article, action)
        if rule is None:
            raise Http404
        # Before anything is saved: a step this person may never take is a 403, as from transition_view.
        workflow.check_may_take(request.user, article, rule)
        step = StepRequest(rule, WorkflowStepForm(request.POST, prefix=f"step-{rule.action}", rule=rule))
        request.workflow_step = step
        if not step.form.is_valid():
            step.refusal = " ".join(str(error) for errors in step.form.errors.values() for error in errors)
            return self._changeform_refused(request, object_id, form_url, extra_context)
        try:
            # Django's changeform_view runs in a transaction; save_related takes the step at its end and
            # raises StepRefused on refusal, which rolls back the save with the step.
            response = super().changeform_view(request, object_id, form_url, extra_context)
        except StepRefused as refused:
            step.refusal = str(refused)
            return self._changeform_refused(request, object_id, form_url, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            # The form did not validate (an error, the edit conflict, a photo's alt text): nothing saved, no step.
            response.context_data["step_pressed"] = rule.action
            response.context_data["step_refusal"] = _(
                "“%(action)s” was not done: the article could not be saved. Correct what is marked below; "
                "everything you typed is still here."
            ) % {"action": rule.label}
            response.context_data["uploads_dropped"] = bool(request.FILES)
        return response

    def _changeform_refused(self, request, object_id, form_url, extra_context):
        """Show the change form again as it was posted, with why the step was refused; nothing is saved."""
        for _name, files in request.FILES.lists():
            for upload in files:
                upload.seek(0)  # read once by the rolled-back save; the form reads it again to validate
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            step = request.workflow_step
            response.context_data["step_pressed"] = step.rule.action
            response.context_data["step_refusal"] = self._refusal_message(step)
            response.context_data["uploads_dropped"] = bool(request.FILES)
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        step = getattr(request, "workflow_step", None)
        if step is not None and step.refusal:
            # The form is shown again with the posted text; this error is what keeps it from being saved.
            return type(form.__name__, (form,), {"refusal": self._refusal_message(step)})
        return form

    @staticmethod
    def _refusal_message(step: StepRequest) -> str:
        return _("Nothing was saved and “%(action)s” was not done: %(reason)s") % {
            "action": step.rule.label,
            "reason": step.refusal,
        }

    def save_model(self, request, obj, form, change):
        """Nothing yet: the article is saved in save_related, with its photos, bylines and trail, in one audited
        write (the inlines need the article's number, and the snapshot needs the inlines)."""

    def save_related(self, request, form, formsets, change):
        step = getattr(request, "workflow_step", None) if change else None
        if step is None:
            self._save_content(request, form, formsets, change)
            return
        expected_version = form.cleaned_data.get("loaded_version")
        # Nothing typed: no save, no version, no edit event; the step alone (from the version the editor saw).
        if form.has_changed() or any(formset.has_changed() for formset in formsets):
            self._save_content(request, form, formsets, change)
            expected_version = form.instance.version
            step.saved = True
        try:
            step.event = workflow.transition(
                form.instance.pk,
                step.rule.action,
                request.user,
                note=step.form.cleaned_data["note"],
                publish_at=step.form.cleaned_data["publish_at"],
                expected_version=expected_version,
            )
        except workflow.TransitionForbidden:
            raise
        except workflow.WorkflowError as refused:
            raise StepRefused(str(refused)) from refused

    def _save_content(self, request, form, formsets, change):
        """The article, its photos, bylines and trail, in one audited write."""
        # The row is locked since the form's version check (ArticleAdminForm.clean); the write checks it again.
        expected = form.cleaned_data.get("loaded_version") if change else None
        with workflow.article_write(form.instance, request.user, expected_version=expected, keep_changes=True) as write:
            write.save(everything=True)
            super().save_related(request, form, formsets, change)
            article = write.article
            # Asked of the database: the form's article carries the bylines prefetched before this save (get_queryset).
            if not Byline.objects.filter(article=article).exists():
                # A reporter who forgets the byline is credited rather than leaving the story unsigned.
                Byline.objects.create(article=article, author=author_for(request.user), role=Byline.Role.TEXT)
            if change:
                workflow.edit_record(write)
            else:
                write.record(ArticleEvent.Action.CREATE)
        # What was typed is now the article: the copy kept while typing has done its job, here and in the browser
        # (told on the next article page it opens, once this save has committed: a rolled-back save tells nothing).
        autosave.autosave_discard(request.user, article if change else None)
        key = self._storage_key(request.user, article if change else None)
        transaction.on_commit(lambda: self._browser_copy_ended(request, key))

    @staticmethod
    def _storage_key(user, article: Article | None) -> str:
        return f"newsroom:autosave:{user.pk}:{article.pk if article else 'new'}"

    @staticmethod
    def _browser_copy_ended(request, key: str) -> None:
        request.session[DESK_FORGET] = [*request.session.get(DESK_FORGET, [])[-19:], key]

    def construct_change_message(self, request, form, formsets, add=False):
        step = getattr(request, "workflow_step", None)
        if step is not None and not step.saved:
            return []  # nothing was saved (the formsets were never saved either): nothing to describe
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        step = getattr(request, "workflow_step", None)
        if step is not None and not step.saved:
            return None  # only a step was taken; the workflow's own event records it
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        step = getattr(request, "workflow_step", None)
        if step is None or step.event is None:
            return super().response_change(request, obj)
        if step.saved:
            messages.success(request, _("What you typed was saved first."))
        messages.success(
            request, _("“%(title)s”: %(action)s.") % {"title": obj.title, "action": step.event.get_action_display()}
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    # -- bulk steps: each article goes through the same door as a button would --

    def _bulk(self, request, queryset, action: str):
        done, refused = 0, []
        for article in queryset:
            try:
                workflow.transition(article, action, request.user)
                done += 1
            except workflow.WorkflowError as error:
                refused.append(f"“{Truncator(article.title).chars(60)}”: {error}")
        if done:
            self.message_user(request, _("%(count)d article(s) done.") % {"count": done}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("Submit the selected articles for review"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.Action.SUBMIT)

    @admin.action(description=_("Publish the selected articles now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.Action.PUBLISH)

    @admin.action(description=_("Republish the selected articles"), permissions=["take_down"])
    def republish_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.Action.REPUBLISH)

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article") or request.user.has_perm("articles.sign_off_article")

    def has_take_down_permission(self, request):
        return request.user.has_perm("articles.take_down_article")

    # -- columns and read-only fields --

    @admin.display(description=pgettext_lazy("list column", "Published"), ordering="published_at")
    def published_time(self, article: Article) -> str:
        return list_time(article.published_at)

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article: Article) -> str:
        # The time is in its own column; a scheduled article says only that it is waiting for it.
        if article.is_scheduled:
            return pgettext_lazy("queue", "Scheduled")
        return article.get_status_display()

    @admin.display(description=_("byline"))
    def byline_names(self, article: Article) -> str:
        return ", ".join(byline.author.name for byline in article.bylines.all())

    @admin.display(description=pgettext_lazy("list column", "Note"))
    def review_note_short(self, article: Article) -> str:
        if not article.review_note:
            return ""
        # Cut to keep the row short; the whole note shows on hover and on the article's page.
        return format_html('<span title="{}">{}</span>', article.review_note, Truncator(article.review_note).chars(60))

    @admin.display(description=_("views"), ordering="-views_total_count")
    def views_total(self, article: Article) -> str:
        return charts.group_digits(getattr(article, "views_total_count", 0) or 0)

    @admin.display(description=_("7 days"), ordering="-views_7_days_count")
    def views_7_days(self, article: Article) -> str:
        return charts.group_digits(getattr(article, "views_7_days_count", 0) or 0)

    @admin.display(description=_("views by readers"))
    def readership(self, article: Article):
        if not article.pk:
            return "—"
        counts = ranking.article_views(article.pk)
        return _fragment(
            "readership",
            {
                "total": charts.group_digits(counts.total),
                "last_7_days": charts.group_digits(counts.last_7_days),
                "last_30_days": charts.group_digits(counts.last_30_days),
                "chart": charts.daily_views_svg(ranking.daily_views(article.pk)) if counts.last_30_days else None,
            },
        )

    @admin.display(description=_("sapo"))
    def sapo_as_read(self, article: Article):
        return _fragment("sapo_as_read", {"sapo": article.sapo})

    @admin.display(description=_("body"))
    def body_as_read(self, article: Article):
        return _fragment("body_as_read", {"article": article})

    @admin.display(description=_("public page"))
    def public_link(self, article: Article):
        if not article.pk or not article.is_published():
            return _("Not visible to readers.")
        return format_html('<a href="{0}" target="_blank" rel="noopener">{0}</a>', article.get_absolute_url())
