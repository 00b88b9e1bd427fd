"""Editorial writes: saving, the publication workflow and proposals of project contributors.

Each function checks who may do it, runs in a transaction and leaves a version in the history with the acting
user, so the admin (or a script) cannot skip a rule by calling the model directly.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from regionportal.backoffice.german_dates import german_datetime
from regionportal.backoffice.models import ChangeProposal, ProposalStatus, display_name
from regionportal.backoffice.permissions import EDITOR_STATES, can_edit, scope_for
from regionportal.publishing.models import PublicationState

SCHEDULE_FIELDS = ("publish_at", "unpublish_at")
WORKFLOW_FIELDS = ("state", *SCHEDULE_FIELDS)

# The reasons a version is saved with, besides the names of the workflow steps; the history page reads them back as
# sentences (regionportal.backoffice.history).
CREATED = _("angelegt")
EDITED = _("bearbeitet")
SCHEDULED = _("Geplant für %(when)s")
PROPOSAL_ACCEPTED = _("Vorschlag von %(user)s übernommen")
RESTORED = _("Fassung vom %(when)s wiederhergestellt")


def _save(obj, user, reason, **kwargs):
    obj._history_user = user
    obj._change_reason = str(reason)
    obj.save(**kwargs)


@dataclass(frozen=True)
class Transition:
    target: str
    sources: frozenset
    needs_publish_right: bool
    label: str  # what was done, as it reads in a sentence: "zur Prüfung gegeben"
    sets_publish_at: bool = False  # the content becomes public now, or at a chosen time
    from_scheduled: bool = False  # also for published content that is not yet public

    def allows(self, obj):
        return obj.state in self.sources or (self.from_scheduled and obj.is_scheduled)


ALL_STATES = frozenset(PublicationState)
SEND_TO_REVIEW = Transition(
    PublicationState.REVIEW,
    frozenset({PublicationState.DRAFT, PublicationState.UNPUBLISHED}),
    False,
    _("zur Prüfung gegeben"),
)
WITHDRAW_FROM_REVIEW = Transition(
    PublicationState.DRAFT, frozenset({PublicationState.REVIEW}), False, _("zurückgezogen")
)
PUBLISH = Transition(
    PublicationState.PUBLISHED,
    ALL_STATES - {PublicationState.PUBLISHED},
    True,
    _("freigegeben"),
    sets_publish_at=True,
    from_scheduled=True,
)
SCHEDULE = Transition(
    PublicationState.PUBLISHED,
    ALL_STATES - {PublicationState.PUBLISHED},
    True,
    _("geplant"),
    sets_publish_at=True,
    from_scheduled=True,
)
UNPUBLISH = Transition(PublicationState.UNPUBLISHED, frozenset({PublicationState.PUBLISHED}), True, _("zurückgezogen"))
ARCHIVE = Transition(PublicationState.ARCHIVED, ALL_STATES - {PublicationState.ARCHIVED}, True, _("archiviert"))


@dataclass(frozen=True)
class Step:
    """A workflow button: the transitions it stands for, the first that fits the content's state is taken."""

    name: str
    button: str
    transitions: tuple

    def transition_for(self, obj):
        return next((transition for transition in self.transitions if transition.allows(obj)), None)


STEPS = {
    step.name: step
    for step in (
        Step("review", _("Zur Prüfung geben"), (SEND_TO_REVIEW,)),
        Step("publish", _("Freigeben"), (PUBLISH,)),
        Step("schedule", _("Planen …"), (SCHEDULE,)),
        Step("withdraw", _("Zurückziehen"), (WITHDRAW_FROM_REVIEW, UNPUBLISH)),
        Step("archive", _("Archivieren"), (ARCHIVE,)),
    )
}


def _check_transition(transition, obj, user):
    if not can_edit(user, obj):
        raise PermissionDenied(_("Sie dürfen diesen Inhalt nicht bearbeiten."))
    if transition.needs_publish_right and not scope_for(user).can_publish:
        raise PermissionDenied(_("Dafür ist die Rolle „Regionsfreigabe“ nötig."))
    if not transition.allows(obj):
        raise ValidationError(
            _("Aus dem Status „%(state)s“ kann der Inhalt nicht %(action)s werden."),
            params={"state": obj.get_state_display(), "action": transition.label},
            code="invalid_transition",
        )


def transition_to_take(step, *, obj, user):
    """The transition ``step`` stands for with ``obj`` in its state; ``PermissionDenied`` when the role may not
    take it, ``ValidationError`` when the state does not allow it."""
    transition = step.transition_for(obj) or step.transitions[0]
    _check_transition(transition, obj, user)
    return transition


def steps_for(user, obj):
    """The buttons ``user`` may press for ``obj`` in its current state."""
    if not can_edit(user, obj):
        return []
    can_publish = scope_for(user).can_publish
    return [
        step
        for step in STEPS.values()
        if (transition := step.transition_for(obj)) and (can_publish or not transition.needs_publish_right)
    ]


def publication_time(transition, *, at=None, unpublish_at=None):
    """When content becomes public by ``transition``: now, or ``at`` (a schedule, which must lie ahead); refused
    when its "sichtbar bis" would not come after that."""
    now = timezone.now()
    if transition is SCHEDULE and (at is None or at <= now):
        raise ValidationError(
            _("Dieser Zeitpunkt ist schon vorbei. Um sofort zu veröffentlichen, wählen Sie „Freigeben“."),
            code="past",
        )
    when = at if transition is SCHEDULE else now
    if unpublish_at is not None and unpublish_at <= when:
        raise ValidationError(
            _(
                "„Sichtbar bis“ (%(until)s) liegt nicht nach dem Zeitpunkt der Veröffentlichung. Ändern oder leeren "
                "Sie „sichtbar bis“ zuerst."
            ),
            params={"until": german_datetime(unpublish_at)},
            code="ends_before",
        )
    return when


def history_name(transition, obj):
    """The name a workflow step has in the history: "Zur Prüfung gegeben", "Geplant für 24.06.2026, 14:00 Uhr …"."""
    if transition is SCHEDULE:
        return SCHEDULED % {"when": german_datetime(obj.publish_at)}
    return capfirst(transition.label)


def _take(transition, obj, user, at=None, **save_kwargs):
    _check_transition(transition, obj, user)
    if transition.sets_publish_at:
        obj.publish_at = publication_time(transition, at=at, unpublish_at=obj.unpublish_at)
    obj.state = transition.target
    _save(obj, user, history_name(transition, obj), **save_kwargs)
    return obj


@transaction.atomic
def save_edit(*, obj, user, transition=None, at=None, reason=None):
    """Save an edit; state and schedule only change as far as the user's role allows. With ``transition`` (of a
    stored object) the workflow step is taken in the same version, which the history names after the step; else the
    version is named ``reason`` (e.g. a restored version, ``RESTORED``) or "angelegt"/"bearbeitet"."""
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
    if transition is not None:
        return _take(transition, obj, user, at)
    _save(obj, user, reason or (CREATED if adding else EDITED))
    return obj


@transaction.atomic
def _transition(transition, *, obj, user, at=None):
    return _take(transition, obj, user, at, update_fields=["state", "publish_at", "updated_at"])


def send_to_review(*, obj, user):
    return _transition(SEND_TO_REVIEW, obj=obj, user=user)


def publish(*, obj, user):
    """Publish now: a schedule to come is replaced by the present moment."""
    return _transition(PUBLISH, obj=obj, user=user)


def schedule(*, obj, user, at):
    """Publish at ``at``, which lies ahead; until then the public querysets leave the content out."""
    return _transition(SCHEDULE, obj=obj, user=user, at=at)


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
    proposer = display_name(proposal.proposed_by) if proposal.proposed_by else _("einer gelöschten Person")
    _save(project, user, PROPOSAL_ACCEPTED % {"user": proposer})
    return project


@transaction.atomic
def reject_proposal(*, proposal, user):
    _decide(proposal, user, ProposalStatus.REJECTED)
    return proposal
