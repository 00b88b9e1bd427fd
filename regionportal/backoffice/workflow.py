"""The editorial workflow on the change form: labelled buttons instead of a status field.

Each role sees the steps it may take in the content's current state (regionportal.backoffice.services
``steps_for``) as submit buttons named ``_workflow`` at the top of the form; "Planen …" has a field for the time,
typed in German (regionportal.backoffice.german_dates). A step saves the form's changes too, under the version lock,
as one version named after the step; a step the user may not take, or a time that is not one clear point ahead,
is refused with a German message and nothing is saved.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regionportal.backoffice import services
from regionportal.backoffice.german_dates import EXAMPLE, german_datetime, parse_german_datetime
from regionportal.publishing.models import PublicationState

WORKFLOW_BUTTON = "_workflow"
SCHEDULE_FIELD = "schedule_at"


def publication_status(obj):
    """The state as the public sees it: "Veröffentlicht" only when it is public, "geplant ab …" before."""
    now = timezone.now()
    if obj.state != PublicationState.PUBLISHED:
        return obj.get_state_display()
    if obj.publish_at is not None and obj.publish_at > now:
        return gettext("geplant ab %(when)s") % {"when": german_datetime(obj.publish_at)}
    if obj.unpublish_at is not None and obj.unpublish_at <= now:
        return gettext("nicht mehr sichtbar seit %(when)s") % {"when": german_datetime(obj.unpublish_at)}
    if obj.unpublish_at is not None:
        return gettext("Veröffentlicht, sichtbar bis %(when)s") % {"when": german_datetime(obj.unpublish_at)}
    return gettext("Veröffentlicht")


def public_url(obj):
    return settings.PORTAL_BASE_URL.rstrip("/") + obj.get_absolute_url()


def confirmation(obj, transition):
    """What happened and when the content is public, for the message after a step."""
    values = {"title": str(obj)}
    if transition in (services.PUBLISH, services.SCHEDULE):
        url = public_url(obj)
        if transition is services.SCHEDULE:
            text = gettext("„{title}“ ist geplant und ab {when} öffentlich unter {link}.")
            values["when"] = german_datetime(obj.publish_at)
        else:
            text = gettext("„{title}“ ist freigegeben und jetzt öffentlich unter {link}.")
        if obj.unpublish_at is not None:
            text += " " + gettext("Sichtbar bis {until}.")
            values["until"] = german_datetime(obj.unpublish_at)
        return format_html(text, link=format_html('<a href="{}">{}</a>', url, url), **values)
    texts = {
        services.SEND_TO_REVIEW: _(
            "„%(title)s“ ist zur Prüfung gegeben und noch nicht öffentlich. Die Regionsfreigabe prüft und "
            "veröffentlicht."
        ),
        services.WITHDRAW_FROM_REVIEW: _("„%(title)s“ ist aus der Prüfung zurückgezogen und wieder ein Entwurf."),
        services.UNPUBLISH: _("„%(title)s“ ist zurückgezogen und nicht mehr öffentlich."),
        services.ARCHIVE: _("„%(title)s“ ist archiviert und nicht öffentlich."),
    }
    return texts[transition] % values


class StepInputField(forms.CharField):
    def has_changed(self, initial, data):
        return False  # part of a command, never an edit of the entry


class WorkflowFormMixin(forms.Form):
    """Reads the pressed workflow button and the time for "Planen …". The admin sets ``workflow_check``: step →
    the transition to take, or ``PermissionDenied``/``ValidationError`` with the reason."""

    schedule_at = StepInputField(
        label=_("öffentlich ab"),
        required=False,
        help_text=_("Datum und Uhrzeit, z. B. %(example)s") % {"example": EXAMPLE},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "size": 17}),
    )
    workflow_check = None

    def clean(self):
        cleaned_data = super().clean()
        self.workflow_transition, self.workflow_at = None, None
        name = self.data.get(WORKFLOW_BUTTON)
        typed = cleaned_data.get(SCHEDULE_FIELD)
        if typed and name != "schedule":
            self.add_error(
                SCHEDULE_FIELD,
                _(
                    "Sie haben einen Zeitpunkt eingetragen, aber nicht „Planen …“ gewählt. Wählen Sie „Planen …“ oder "
                    "leeren Sie das Feld. Es wurde nichts gespeichert."
                ),
            )
            return cleaned_data
        if name is None:
            return cleaned_data
        step = services.STEPS.get(name)
        try:
            if step is None:
                raise ValidationError(gettext("Diesen Schritt gibt es nicht."))
            transition = self.workflow_check(step)
        except (PermissionDenied, ValidationError) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise ValidationError(
                gettext("„%(step)s“ ist nicht möglich: %(reason)s Es wurde nichts gespeichert.")
                % {"step": step.button if step else name[:40], "reason": reason},
                code="step_refused",
            ) from None
        if transition.sets_publish_at:
            try:
                at = parse_german_datetime(typed) if transition is services.SCHEDULE else None
                unpublish_at = cleaned_data.get("unpublish_at", self.instance.unpublish_at)
                self.workflow_at = services.publication_time(transition, at=at, unpublish_at=unpublish_at)
            except ValidationError as error:
                self.add_error(SCHEDULE_FIELD if transition is services.SCHEDULE else None, error)
                return cleaned_data
        self.workflow_transition = transition
        return cleaned_data
