import logging
import re
from datetime import datetime

from django import forms
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.images import NOT_AN_IMAGE_MESSAGE
from articles.models import Article, Correction, Photo
from articles.text import slugify_vi, unique_slug
from newsroom.media_storage import in_bucket

logger = logging.getLogger(__name__)


class ArticleAdminForm(forms.ModelForm):
    # The version the editor's copy was loaded at; a save from an older copy is refused (see clean()).
    loaded_version = forms.IntegerField(
        label=_("Version of your copy"), widget=forms.HiddenInput, required=False
    )  # the admin writes a hidden field's label into the page too
    # Why a workflow step pressed on this form was refused after its save was rolled back (ArticleAdmin.get_form):
    # the form is shown again, unsaved, with what was typed.
    refusal = ""

    class Meta:
        model = Article
        fields = ["title", "slug", "sapo", "body", "section", "tags", "language", "translation"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField", "autocomplete": "off"}),
            "sapo": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # Locks the row until the admin's transaction ends, so two saves cannot both pass this check.
            try:
                workflow.check_version(self.instance.pk, cleaned.get("loaded_version") or 0)
            except workflow.EditConflict as conflict:
                raise forms.ValidationError(str(conflict), code="edit_conflict") from conflict
        if self.refusal:
            raise forms.ValidationError(self.refusal, code="step_refused")
        return cleaned

    def clean_slug(self) -> str:
        # Two articles may share a headline; the second quietly gets "-2" rather than an error,
        # because the article's id in its address already tells them apart for readers.
        raw = self.cleaned_data.get("slug") or self.data.get("title", "")
        base = slugify_vi(raw)
        if not base:
            raise forms.ValidationError(_("Enter a title or a slug with at least one letter or digit."))
        return unique_slug(base, lambda s: Article.objects.filter(slug=s).exclude(pk=self.instance.pk).exists())

    def clean_translation(self):
        translation = self.cleaned_data.get("translation")
        if translation is not None and self.instance.pk and translation.pk == self.instance.pk:
            raise forms.ValidationError(_("An article cannot be its own translation."))
        return translation


class PhotoInlineForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["image", "caption", "credit", "alt_text", "after_paragraph", "is_lead", "position"]
        widgets = {
            "caption": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            # "image/*" is what makes a phone offer its camera next to the gallery (a list of types makes some
            # phones offer only files); iOS then sends a camera photo as JPEG, not HEIC. No `capture`: it would
            # force the camera on reporters who pick a photo taken earlier. The type is still checked on the
            # server, by content (articles/images.validate_photo_file).
            "image": forms.ClearableFileInput(attrs={"accept": "image/*"}),
        }
        # Django's own check runs first; it should say the same thing ours does.
        error_messages = {"image": {"invalid_image": NOT_AN_IMAGE_MESSAGE}}

    def __init__(self, *args, parent_article: Article | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_article = parent_article

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):  # a new file, not the photo already stored
            _photo_store_answers()
        return image

    def clean_alt_text(self) -> str:
        alt_text = self.cleaned_data.get("alt_text", "")  # already stripped by the form field
        # Publishing refuses photos without alt text (workflow.check_alt_text); a published (or scheduled)
        # article must not lose it, nor gain a photo without it, through a later edit. A photo marked for
        # deletion is not held to this: the formset ignores the errors of a deleted form.
        article = self.parent_article
        if not alt_text and article is not None and article.status == Article.Status.PUBLISHED:
            raise forms.ValidationError(
                _("This article is published: describe the photo for readers who cannot see it."),
                code="alt_text_required",
            )
        return alt_text


# Less than a page's patience, more than a bucket on the same network needs.
PHOTO_STORE_TIMEOUT_S = 2.0


def _photo_store_answers() -> None:
    """A new photo goes to the media bucket with the article's save. A bucket that does not answer would fail
    that save with a server error and drop what was typed with it: the form is refused first, and shown again
    with everything typed on it."""
    if not in_bucket(default_storage):
        return
    from newsroom.media_bucket import bucket_answers  # boto3: imported only where a bucket is in use

    try:
        bucket_answers(default_storage, timeout=PHOTO_STORE_TIMEOUT_S)
    except Exception as error:
        logger.error("The media bucket did not answer a photo upload (%s); the save was refused", error)
        raise forms.ValidationError(
            _(
                "The photo store is not answering, so this photo cannot be saved now. Nothing has been saved: "
                "what you typed is still on this page. Choose the photo again and save in a few minutes."
            ),
            code="photo_store_down",
        ) from error


class PhotoInlineFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index):
        # The article as loaded (its status is never a form field), without a query per photo.
        return {**super().get_form_kwargs(index), "parent_article": self.instance}


PUBLISH_TIME_FORMAT = "%d/%m/%Y %H:%M"
# dd/mm/yyyy HH:MM with any separators (a phone's number pad may offer none but a dot), or 12 bare digits.
_DAY_FIRST = re.compile(r"(\d{1,2})\D+(\d{1,2})\D+(\d{4})\D+(\d{1,2})\D+(\d{2})|(\d{2})(\d{2})(\d{4})(\d{2})(\d{2})")
# Machines (scripts, older pages) may post ISO 8601; people never type it.
_ISO_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")


class PublishTimeInput(forms.DateTimeInput):
    """A plain text box, not the browser's date picker: that one shows mm/dd/yyyy and AM/PM in an English
    browser, where a day and a month swapped schedules an article a month off."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "dd/mm/yyyy HH:MM",
            "inputmode": "numeric",  # desk.js puts the separators in as digits are typed
            "pattern": r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}",
            "autocomplete": "off",
            "size": 16,
            "class": "publish-time",
            "data-publish-time": "",
        }
        super().__init__({**defaults, **(attrs or {})}, format=PUBLISH_TIME_FORMAT)


class PublishTimeField(forms.DateTimeField):
    """A publication time typed as dd/mm/yyyy HH:MM, 24 hours, in the paper's time zone (settings.TIME_ZONE)."""

    widget = PublishTimeInput
    default_error_messages = {
        "invalid": _(
            "Type the publication time as day/month/year hour:minute on the 24-hour clock, "
            "for example 08/09/2026 14:30."
        ),
    }

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if not isinstance(value, str) or not value:
            return super().to_python(value)
        for iso in _ISO_FORMATS:
            try:
                return super().to_python(datetime.strptime(value, iso))
            except ValueError:
                pass
        match = _DAY_FIRST.fullmatch(value)
        if match is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        day, month, year, hour, minute = (int(group) for group in match.groups() if group is not None)
        try:
            typed = datetime(year, month, day, hour, minute)
        except ValueError as error:  # 31/02, 25:00: a real date and time, or nothing
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        return super().to_python(typed)  # made aware in the current time zone, as Django does for every field


class WorkflowStepForm(forms.Form):
    """What a workflow step takes besides the article: a note, and for a publishing step its time."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 50}))
    publish_at = PublishTimeField(
        label=_("Publication time"),
        required=False,
        help_text=_("Empty: publish now. A later time schedules the article; it appears by itself then."),
    )

    def __init__(self, *args, rule=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule

    def clean_note(self) -> str:
        note = self.cleaned_data.get("note", "").strip()
        if self.rule is not None and self.rule.note_required and not note:
            raise forms.ValidationError(
                _("“%(action)s” needs a note that says why.") % {"action": self.rule.label}, code="note_required"
            )
        return note


class TransitionForm(WorkflowStepForm):
    """What the step's own page (admin_views.transition_view) receives: the step, and the copy's version."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["kind", "wrong_text", "correct_text"]
        widgets = {
            "wrong_text": forms.Textarea(attrs={"rows": 3, "cols": 70}),
            "correct_text": forms.Textarea(attrs={"rows": 3, "cols": 70}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") != Correction.Kind.UPDATE and not (cleaned.get("wrong_text") or "").strip():
            self.add_error("wrong_text", _("A retraction or erratum must quote what was wrong."))
        return cleaned
