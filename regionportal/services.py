"""Editorial writes: saving, the publication workflow and proposals of project contributors.

Each function checks who may do it, runs in a transaction and leaves a version in the history with the acting
user, so the admin (or a script) cannot skip a rule by calling the model directly.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ChangeProposal, ProposalStatus, PublicationState
from .permissions import EDITOR_STATES, can_edit, scope_for

SCHEDULE_FIELDS = ("publish_at", "unpublish_at")
WORKFLOW_FIELDS = ("state", *SCHEDULE_FIELDS)


def _save(obj, user, reason, **kwargs):
    obj._history_user = user
    obj._change_reason = str(reason)
    obj.save(**kwargs)


@transaction.atomic
def save_edit(*, obj, user):
    """Save an edit; state and schedule only change as far as the user's role allows."""
    scope = scope_for(user)
    adding = obj._state.adding
    if not adding and not can_edit(user, obj):
        raise PermissionDenied(_("Sie dürfen diesen Inhalt nicht bearbeiten."))
    if not scope.can_publish:
        if adding:
            stored = {"state": PublicationState.DRAFT, "publish_at": None, "unpublish_at": None}
        else:
            stored = type(obj)._default_manager.filter(pk=obj.pk).values(*WORKFLOW_FIELDS).get()
        if any(getattr(obj, name) != stored[name] for name in SCHEDULE_FIELDS):
            raise PermissionDenied(_("Nur die Regionsfreigabe darf Veröffentlichungstermine setzen."))
        if obj.state != stored["state"] and not {obj.state, stored["state"]} <= set(EDITOR_STATES):
            raise PermissionDenied(_("Nur die Regionsfreigabe darf veröffentlichen, zurückziehen oder archivieren."))
    _save(obj, user, _("angelegt") if adding else _("bearbeitet"))
    return obj


@dataclass(frozen=True)
class Transition:
    target: str
    sources: frozenset
    needs_publish_right: bool
    label: str


SEND_TO_REVIEW = Transition(
    PublicationState.REVIEW,
    frozenset({PublicationState.DRAFT, PublicationState.UNPUBLISHED}),
    False,
    _("zur Prüfung gegeben"),
)
PUBLISH = Transition(
    PublicationState.PUBLISHED,
    frozenset(PublicationState) - {PublicationState.PUBLISHED},
    True,
    _("veröffentlicht"),
)
UNPUBLISH = Transition(PublicationState.UNPUBLISHED, frozenset({PublicationState.PUBLISHED}), True, _("zurückgezogen"))
ARCHIVE = Transition(
    PublicationState.ARCHIVED,
    frozenset(PublicationState) - {PublicationState.ARCHIVED},
    True,
    _("archiviert"),
)


@transaction.atomic
def _transition(transition, *, obj, user):
    if not can_edit(user, obj):
        raise PermissionDenied(_("Sie dürfen diesen Inhalt nicht bearbeiten."))
    if transition.needs_publish_right and not scope_for(user).can_publish:
        raise PermissionDenied(_("Dafür ist die Rolle „Regionsfreigabe“ nötig."))
    if obj.state not in transition.sources:
        raise ValidationError(
            _("Aus dem Status „%(state)s“ kann der Inhalt nicht %(action)s werden."),
            params={"state": obj.get_state_display(), "action": transition.label},
            code="invalid_transition",
        )
    obj.state = transition.target
    _save(obj, user, transition.label, update_fields=["state", "updated_at"])
    return obj


def send_to_review(*, obj, user):
    return _transition(SEND_TO_REVIEW, obj=obj, user=user)


def publish(*, obj, user):
    """Publish now, or at ``obj.publish_at`` if that lies in the future (the public querysets wait for it)."""
    return _transition(PUBLISH, obj=obj, user=user)


def unpublish(*, obj, user):
    return _transition(UNPUBLISH, obj=obj, user=user)


def archive(*, obj, user):
    return _transition(ARCHIVE, obj=obj, user=user)


@transaction.atomic
def propose_change(*, project, user, changes):
    """Store a contributor's changes to ``project`` for the region's editors; the project stays untouched."""
    if project.pk not in scope_for(user).contributed_project_ids:
        raise PermissionDenied(_("Sie wirken an diesem Projekt nicht mit."))
    return ChangeProposal.objects.create(project=project, proposed_by=user, changes=changes)


def _decide(proposal, user, status):
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("Über diesen Vorschlag wurde bereits entschieden."), code="decided")
    if not can_edit(user, proposal.project):
        raise PermissionDenied(_("Sie dürfen dieses Projekt nicht bearbeiten."))
    proposal.status, proposal.decided_by, proposal.decided_at = status, user, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def accept_proposal(*, proposal, user):
    """Apply the proposed values to the project (as a new version by the accepting editor)."""
    _decide(proposal, user, ProposalStatus.ACCEPTED)
    project = proposal.project
    for name, value in proposal.changes.items():
        field = project._meta.get_field(name)
        setattr(project, field.attname, field.to_python(value))
    project.full_clean()
    _save(project, user, _("Vorschlag von %(user)s übernommen") % {"user": proposal.proposed_by})
    return project


@transaction.atomic
def reject_proposal(*, proposal, user):
    _decide(proposal, user, ProposalStatus.REJECTED)
    return proposal
