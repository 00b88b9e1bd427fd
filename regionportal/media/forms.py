"""The back office's upload forms: every file is checked and cleaned (regionportal.media.processing) first."""

from pathlib import PurePosixPath

from django import forms
from django.utils.translation import gettext_lazy as _

from regionportal.media.models import Document, Image
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
        error_messages = {
            "alt_text": {
                "required": _(
                    "Bitte beschreiben Sie, was auf dem Bild zu sehen ist. Menschen, die das Bild nicht sehen "
                    "können, erfahren es nur aus diesem Text."
                )
            },
            "credit_line": {
                "required": _(
                    "Bitte geben Sie den Bildnachweis an, z. B. „Foto: Hans Blossey“. Er steht unter dem Bild."
                )
            },
        }


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = [
            "title",
            "description",
            "file",
            "external_url",
            "file_type",
            "size_bytes",
            "language",
            "published_on",
        ]
        field_classes = {"file": DocumentUploadField}
        error_messages = {
            "title": {"required": _("Bitte geben Sie dem Dokument einen Titel; unter ihm erscheint es auf der Seite.")}
        }

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if not upload:  # a link: the editor says what it points to
            return cleaned_data
        if "file" in self.changed_data:  # type and size come from the checked file, not from the form
            checked = {"file_type": DocumentType(PurePosixPath(upload.name).suffix[1:]), "size_bytes": upload.size}
        else:  # the stored file stays, and so do its type and size
            checked = {"file_type": self.instance.file_type, "size_bytes": self.instance.size_bytes}
        cleaned_data.update(checked)  # for the form's own fields …
        for name, value in checked.items():  # … and for those an admin shows read-only
            setattr(self.instance, name, value)
        return cleaned_data
