"""The article admin's own pages: workflow steps, corrections, revision diffs, the history, and the change form's
background calls (autosave, presence). Thin: they call articles.workflow."""

import json
from datetime import UTC, datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import workflow
from articles.forms import CorrectionForm, TransitionForm
from articles.models import Article, Revision, user_display_name
from articles.revisions import article_content, content_diff
from articles.workflow import autosave, presence


def _change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def _page(model_admin, request, template: str, article: Article, *, status: int = 200, **context):
    """One of the article's admin pages, with what the admin's own templates expect."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "article": article,
        "change_url": _change_url(article),
        **context,
    }
    return TemplateResponse(request, f"admin/articles/article/{template}", context, status=status)


def _article_for(model_admin, request, object_id) -> Article:
    article = model_admin.get_object(request, object_id)
    if article is None or not model_admin.has_view_permission(request, article):
        # Not 403: whether an article someone may not see exists is itself not theirs to know.
        raise Http404
    return article


def transition_view(model_admin, request, object_id: str, action: str):
    """One workflow step from a button on the change form; a refused step shows its form again, note kept."""
    if request.method != "POST":
        raise Http404
    article = _article_for(model_admin, request, object_id)
    form = TransitionForm(request.POST)
    rule = workflow.rule_named(article, action)
    if rule is None:
        raise Http404
    error, refusal, status = None, None, 400
    if form.is_valid():
        try:
            event = workflow.transition(
                article,
                action,
                request.user,
                note=form.cleaned_data["note"],
                publish_at=form.cleaned_data["publish_at"],
                expected_version=form.cleaned_data["version"],
            )
        except workflow.TransitionForbidden:
            raise
        except workflow.WorkflowError as refused:
            error, refusal = str(refused), refused
            status = 409 if isinstance(refused, workflow.EditConflict) else 400
        else:
            messages.success(
                request,
                _("“%(title)s”: %(action)s.") % {"title": article.title, "action": event.get_action_display()},
            )
            return HttpResponseRedirect(_change_url(article))
    return _page(
        model_admin, request, "transition_retry.html", article, status=status, rule=rule, form=form, error=error,
        refusal=refusal, title=rule.label,
    )  # fmt: skip


def correction_view(model_admin, request, object_id: str):
    """Record a correction (cải chính / đính chính / update) on a published article."""
    from articles.corrections import correction_record

    article = _article_for(model_admin, request, object_id)
    if not request.user.has_perm("articles.correct_article"):
        raise PermissionDenied
    form = CorrectionForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            correction_record(article, request.user, **form.cleaned_data)
        except workflow.TransitionForbidden:
            raise
        except workflow.WorkflowError as refused:
            error = str(refused)
        else:
            messages.success(request, _("The correction is recorded and shown on the article page."))
            return HttpResponseRedirect(_change_url(article))
    return _page(
        model_admin, request, "correction_form.html", article, form=form, error=error, title=_("Record a correction")
    )


def history_view(model_admin, request, object_id: str):
    """The article's whole trail on one page, behind the admin's "History" button: every step (who, what,
    when, the status it led to, the note), every saved version with links to what changed, every correction."""
    article = _article_for(model_admin, request, object_id)
    revisions = list(article.revisions.all())
    published = [revision for revision in revisions if revision.reason != Revision.Reason.SUBMIT]
    versions = []
    for revision in revisions:
        diff_url = reverse("admin:articles_article_revision_diff", args=[article.pk, revision.pk])
        # A published version is also compared with the one that replaced it: what readers saw change.
        later = next((rev for rev in published if rev.created_at > revision.created_at), None)
        next_url = f"{diff_url}?voi={later.pk}" if revision in published and later is not None else None
        versions.append({"revision": revision, "diff_url": diff_url, "next_url": next_url})
    return _page(
        model_admin,
        request,
        "history.html",
        article,
        events=list(article.events.all()),
        versions=versions,
        corrections=[
            (correction, user_display_name(correction.created_by))
            for correction in article.corrections.select_related("created_by")
        ],
        title=_("History of “%(title)s”") % {"title": article.title},
    )


def diff_view(model_admin, request, object_id: str, revision_id: int):
    """What changed between a saved version and another one (or the article as it is now)."""
    article = _article_for(model_admin, request, object_id)
    older = get_object_or_404(Revision, pk=revision_id, article=article)
    other = request.GET.get("voi", "hien-tai")
    if other == "hien-tai":
        newer_content, newer_label = article_content(article), _("current text")
    else:
        try:
            newer = Revision.objects.get(pk=int(other), article=article)
        except (ValueError, Revision.DoesNotExist) as error:
            raise Http404 from error
        newer_content, newer_label = newer.content, str(newer)
    return _page(
        model_admin,
        request,
        "revision_diff.html",
        article,
        older=older,
        newer_label=newer_label,
        fields=content_diff(older.content, newer_content),
        title=_("Changes to “%(title)s”") % {"title": article.title},
    )


def preview_link_view(model_admin, request, object_id: str):
    """A signed link to the article's preview for someone outside the office; it expires by itself."""
    from articles.preview import preview_token_make

    # Not @require_POST: that decorator reads the method of its first argument, here the ModelAdmin.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = _article_for(model_admin, request, object_id)
    if not request.user.has_perm("articles.share_article"):
        raise PermissionDenied
    link = request.build_absolute_uri(reverse("articles:preview_shared", args=[preview_token_make(article)]))
    messages.success(request, _("Preview link (works without login until it expires): %(link)s") % {"link": link})
    return HttpResponseRedirect(_change_url(article))


# -- the change form's background calls (static/newsroom_admin/desk.js) --


def _editable_article(model_admin, request, object_id) -> Article | None:
    """The article these calls are about: 404 if this person may not see it, 403 if they may not edit it.
    None is the add form's article, not yet saved: whoever may add articles keeps a copy of it."""
    if request.method != "POST":
        raise Http404
    if object_id is None:
        if not autosave.may_keep(request.user, None):
            raise PermissionDenied
        return None
    article = _article_for(model_admin, request, object_id)
    if not workflow.can_edit(request.user, article):
        raise PermissionDenied
    return article


def autosave_offer_context(user, article: Article | None, copy=None) -> dict:
    """What the change form needs to offer this person's autosaved copy back; empty when there is none to offer."""
    copy = copy or autosave.autosave_for(user, article)
    if copy is None:
        return {}
    diff = autosave.autosave_diff(copy, article)
    if not any(field["changed"] for field in diff) and not copy.photos_pending:
        autosave.autosave_discard(user, article)  # it holds nothing the article does not: no offer, no clutter
        return {}
    saved_at = timezone.localtime(copy.saved_at)
    return {
        "autosave": copy,
        "autosave_time": saved_at.strftime("%H:%M"),
        "autosave_date": saved_at.strftime("%d/%m/%Y"),
        "autosave_diff": diff,
        # Someone saved the article after this copy was typed: restoring it would undo their change.
        "autosave_stale": article is not None and copy.base_version not in (None, article.version),
    }


def autosave_view(model_admin, request, object_id: str | None = None):
    """Keep the form's unsaved text for its writer (not the article, not a revision); JSON in and out."""
    article = _editable_article(model_admin, request, object_id)
    if int(request.META.get("CONTENT_LENGTH") or 0) > autosave.MAX_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    try:
        payload = json.loads(request.body)
        if not isinstance(payload, dict):
            raise ValueError(payload)
        base_version = payload.get("base_version")
        typed_at = payload.get("typed_at")
        typed_at = datetime.fromtimestamp(float(typed_at) / 1000, tz=UTC) if typed_at else None
        fields = payload.get("fields")
        if article is None and payload.get("offer") and autosave.added_since(request.user, fields, typed_at):
            # A new article's copy the browser kept, whose article was added since: nothing to offer.
            return JsonResponse({"already_saved": True, "offer_html": ""})
        copy = autosave.autosave_store(
            request.user,
            article,
            fields,
            labels=payload.get("labels"),
            base_version=int(base_version) if base_version not in (None, "") else None,
            photos_pending=bool(payload.get("photos_pending")),
            typed_at=typed_at,
        )
    except (ValueError, TypeError, OverflowError, autosave.AutosaveRejected) as error:
        return JsonResponse({"error": str(error)[:200]}, status=400)
    answer = {
        "saved_at": copy.saved_at.isoformat(),
        "saved_at_label": timezone.localtime(copy.saved_at).strftime("%H:%M"),
    }
    if payload.get("offer"):
        context = autosave_offer_context(request.user, article, copy)
        answer["offer_html"] = (
            render_to_string("admin/articles/article/autosave_offer.html", context, request=request) if context else ""
        )
    return JsonResponse(answer)


def autosave_discard_view(model_admin, request, object_id: str | None = None):
    """The writer does not want the copy back."""
    article = _editable_article(model_admin, request, object_id)
    autosave.autosave_discard(request.user, article)
    return JsonResponse({"discarded": True})


def presence_label(names: list[str]) -> str:
    return _("Also open now: %(names)s") % {"names": ", ".join(names)} if names else ""


def presence_view(model_admin, request, object_id: str):
    """A heartbeat from an open change form; answers who else has the article open."""
    article = _editable_article(model_admin, request, object_id)
    if request.POST.get("leave"):
        presence.presence_leave(request.user, article)
        return JsonResponse({"others": [], "label": ""})
    presence.presence_beat(request.user, article)
    others = presence.others_present(request.user, article)
    return JsonResponse({"others": others, "label": presence_label(others)})
