from django import forms
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.images import NOT_AN_IMAGE_MESSAGE
from articles.models import Article, Correction, Photo
from articles.text import slugify_vi, unique_slug


class ArticleAdminForm(forms.ModelForm):
    # The version the editor's copy was loaded at; a save from an older copy is refused (see clean()).
    loaded_version = forms.IntegerField(
        label=_("Version of your copy"), widget=forms.HiddenInput, required=False
    )  # the admin writes a hidden field's label into the page too

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


class PhotoInlineFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index):
        # The article as loaded (its status is never a form field), without a query per photo.
        return {**super().get_form_kwargs(index), "parent_article": self.instance}


class TransitionForm(forms.Form):
    """What a workflow button sends: the note, the publication time, and the copy's version."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))
    publish_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: publish now. A later time schedules the article; it appears by itself then."),
    )


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
