"""The form "Barriere melden": plain HTML, no JavaScript, no third party; a honeypot and a signed timestamp keep
most robots out (a robot fills every field and sends at once, a person needs a few seconds)."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import RegexValidator
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from regionportal.legal.models import BarrierReport, Conformance, NonAccessibleReason

TOKEN_SALT = "regionportal.legal.barrier-report"
# Control characters never belong in a page address or a name, and in a description only tabs and line breaks do.
CONTROL_CHARACTER_MESSAGE = _("Bitte verwenden Sie keine Steuerzeichen.")
single_line = RegexValidator(r"[\x00-\x1f\x7f]", CONTROL_CHARACTER_MESSAGE, inverse_match=True)
plain_text = RegexValidator(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", CONTROL_CHARACTER_MESSAGE, inverse_match=True)


def now():
    return time.time()


def issue_token():
    """A signed timestamp of when the form was shown."""
    return signing.dumps(int(now()), salt=TOKEN_SALT, compress=False)


class BarrierReportForm(forms.ModelForm):
    # The honeypot: hidden from people (and from screen readers) by the template, filled in by robots.
    homepage = forms.CharField(label=_("Bitte lassen Sie dieses Feld leer"), required=False)
    issued = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = BarrierReport
        fields = ["page_url", "description", "name", "email"]
        labels = {
            "page_url": _("Adresse der Seite (wenn bekannt)"),
            "description": _("Was ist Ihnen aufgefallen?"),
            "name": _("Ihr Name (freiwillig)"),
            "email": _("Ihre E-Mail-Adresse (freiwillig, für eine Antwort)"),
        }
        help_texts = {
            "page_url": _("Zum Beispiel https://…/projekte/… – oder beschreiben Sie die Seite unten."),
            "description": _("Beschreiben Sie die Barriere und womit Sie die Seite nutzen (z. B. Screenreader)."),
            "name": "",
            "email": _("Ohne E-Mail-Adresse können wir Ihnen nicht antworten."),
        }
        error_messages = {
            "description": {"required": _("Bitte beschreiben Sie, was Ihnen aufgefallen ist.")},
            "email": {"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.de.")},
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})["issued"] = issue_token()
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["page_url"].validators.append(single_line)
        self.fields["name"].validators.append(single_line)
        self.fields["description"].validators.append(plain_text)
        self.fields["page_url"].widget.attrs.update(inputmode="url", autocomplete="url")
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["homepage"].widget.attrs.update(autocomplete="off", tabindex="-1")

    def clean_issued(self):
        try:
            issued = signing.loads(self.cleaned_data["issued"], salt=TOKEN_SALT)
        except signing.BadSignature:
            issued = None
        if not isinstance(issued, int):
            raise forms.ValidationError(
                _("Das Formular ist nicht vollständig angekommen. Bitte senden Sie es noch einmal ab."), code="token"
            )
        age = now() - issued
        if age > settings.PORTAL_BARRIER_REPORT_MAX_AGE:
            raise forms.ValidationError(
                _("Das Formular war zu lange geöffnet. Bitte senden Sie es noch einmal ab."), code="expired"
            )
        if age < settings.PORTAL_BARRIER_REPORT_MIN_SECONDS:
            raise forms.ValidationError(
                _("Das ging sehr schnell. Bitte prüfen Sie Ihre Angaben und senden Sie das Formular noch einmal ab."),
                code="too-fast",
            )
        return issued

    def clean(self):
        if self.cleaned_data.get("homepage"):
            raise forms.ValidationError(
                _("Ihre Meldung sieht automatisch erzeugt aus. Bitte lassen Sie das letzte, unsichtbare Feld leer."),
                code="trap",
            )
        return super().clean()

    def renew_token(self):
        """After an error the page shows a new timestamp, so the corrected form can be sent again."""
        self.data = self.data.copy()
        self.data[self.add_prefix("issued")] = issue_token()


class NonAccessibleContentFormSet(BaseInlineFormSet):
    """The statement's list of non-accessible parts must match its status: a portal that is not fully compliant
    names what is not accessible; a fully compliant one has no part that fails the requirements."""

    def clean(self):
        super().clean()
        kept = [form.cleaned_data for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]
        if self.instance.conformance == Conformance.FULL:
            if any(part.get("reason") == NonAccessibleReason.NON_COMPLIANCE for part in kept):
                raise forms.ValidationError(
                    _(
                        "Ein vollständig vereinbares Portal hat keine Inhalte, die mit den Anforderungen unvereinbar "
                        "sind. Wählen Sie „teilweise vereinbar“ oder einen anderen Grund."
                    ),
                    code="full-but-failing",
                )
        elif not kept:
            raise forms.ValidationError(
                _("Solange das Portal nicht vollständig vereinbar ist, nennen Sie die nicht barrierefreien Inhalte."),
                code="nothing-named",
            )
