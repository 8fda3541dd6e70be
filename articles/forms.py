from django import forms
from django.utils.translation import gettext_lazy as _

from articles.images import NOT_AN_IMAGE_MESSAGE
from articles.models import Article, Photo
from articles.text import slugify_vi, unique_slug


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "slug", "sapo", "body", "section", "tags", "language", "translation", "published_at"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField", "autocomplete": "off"}),
            "sapo": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
        }

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
            "image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        }
        # Django's own check runs first; it should say the same thing ours does.
        error_messages = {"image": {"invalid_image": NOT_AN_IMAGE_MESSAGE}}
