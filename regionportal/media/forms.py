"""The back office's upload forms: every file is checked and cleaned (regionportal.media.processing) first."""

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from regionportal.media.models import Document, Image, default_credit_line
from regionportal.media.processing import DOCUMENT_FILE_TYPES, DocumentType, clean_document, clean_image


class UploadField(forms.FileField):
    """A file upload checked and cleaned by ``clean``; the uploaded name is never stored, so its length is free."""

    default_error_messages = {"empty": _("Die Datei ist leer (0 Byte). Bitte wählen Sie die richtige Datei aus.")}

    def __init__(self, *, clean, max_length=None, **kwargs):
        self.clean_upload = clean
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        return upload and self.clean_upload(upload)


class ImageUploadField(UploadField):
    def __init__(self, **kwargs):
        super().__init__(clean=clean_image, **kwargs)

    def widget_attrs(self, widget):
        return super().widget_attrs(widget) | {"accept": "image/jpeg,image/png,image/webp"}


class DocumentUploadField(UploadField):
    def __init__(self, **kwargs):
        super().__init__(clean=clean_document, **kwargs)

    def widget_attrs(self, widget):
        return super().widget_attrs(widget) | {"accept": ",".join(f".{kind}" for kind in DOCUMENT_FILE_TYPES)}


class ImageForm(forms.ModelForm):
    """The photographer is asked once: the credit line under the picture is "Foto: <Urheber/in>" unless the
    editor words it otherwise."""

    class Meta:
        model = Image
        fields = [
            "file",
            "title",
            "alt_text",
            "caption",
            "creator",
            "credit_line",
            "licence",
            "source_url",
            "rights_expire_on",
        ]
        field_classes = {"file": ImageUploadField}
        help_texts = {
            "credit_line": _(
                "Nur wenn er anders lauten soll: leer gelassen steht unter dem Bild „Foto: “ mit dem Namen aus "
                "„Urheber/in“, z. B. „Foto: Hans Blossey“."
            ),
        }
        error_messages = {
            "alt_text": {
                "required": _(
                    "Bitte beschreiben Sie, was auf dem Bild zu sehen ist. Menschen, die das Bild nicht sehen "
                    "können, erfahren es nur aus diesem Text."
                )
            },
            "creator": {
                "required": _(
                    "Bitte geben Sie an, von wem das Bild ist, z. B. „Hans Blossey“. Der Bildnachweis unter dem Bild "
                    "nennt sie oder ihn."
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credit_line"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("credit_line") and cleaned_data.get("creator"):
            cleaned_data["credit_line"] = self.instance.credit_line = default_credit_line(cleaned_data["creator"])
        return cleaned_data


class DocumentForm(forms.ModelForm):
    """Type and size are never typed: they come from the checked file, and for a link from its address."""

    class Meta:
        model = Document
        fields = ["title", "description", "file", "external_url", "language", "published_on"]
        field_classes = {"file": DocumentUploadField}
        error_messages = {
            "title": {"required": _("Bitte geben Sie dem Dokument einen Titel; unter ihm erscheint es auf der Seite.")}
        }

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload and "file" in self.changed_data:  # a new file: its type and size
            checked = {"file_type": DocumentType(PurePosixPath(upload.name).suffix[1:]), "size_bytes": upload.size}
        elif upload:  # the stored file stays, and so do its type and size
            checked = {"file_type": self.instance.file_type, "size_bytes": self.instance.size_bytes}
        else:  # a link: the type its address names, else a web page; its size is unknown
            checked = {"file_type": linked_type(cleaned_data.get("external_url") or ""), "size_bytes": None}
        for name, value in checked.items():
            setattr(self.instance, name, value)
        return cleaned_data


def linked_type(url):
    """The document type a link's address ends in ("…/bericht.pdf" → PDF), a web page otherwise."""
    suffix = PurePosixPath(urlsplit(url).path).suffix[1:].lower()
    return DocumentType(suffix) if suffix in DOCUMENT_FILE_TYPES else DocumentType.WEB
