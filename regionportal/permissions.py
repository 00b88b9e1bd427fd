"""Who may see, change, link to and publish what in the back office.

Model permissions (from the role groups) say *which kinds* of objects a user may work on; the user's region
assignments and project contributions say *which ones*. Every admin list, form, choice, autocomplete,
filter, action and history page goes through the querysets below, so an object outside them does not exist
for that user (404).
"""

from dataclasses import dataclass

from django.db.models import Q

from contacts.models import Organisation, Person
from decisions.models import Decision
from news.models import Article
from projects.models import Project, Region

from .models import ChangeProposal, Document, Image, PublicationState, uses_of

PORTAL_ADMINISTRATION = "Portal-Administration"
REGION_EDITORS = "Regionsredaktion"
REGION_PUBLISHERS = "Regionsfreigabe"

PUBLISH_PERMISSION = "regionportal.publish_content"
MANAGE_PORTAL_PERMISSION = "regionportal.manage_portal"

# States an editor without the right to publish may choose in a form.
EDITOR_STATES = (PublicationState.DRAFT, PublicationState.REVIEW)


@dataclass(frozen=True)
class EditorScope:
    is_portal_admin: bool
    can_publish: bool
    region_ids: frozenset
    contributed_project_ids: frozenset
    user_id: int | None

    @property
    def has_regions(self):
        return bool(self.region_ids)


def scope_for(user):
    """The user's scope, computed once per request (the user object lives as long as the request)."""
    scope = getattr(user, "_editor_scope", None)
    if scope is None:
        active = user.is_active and user.is_staff
        scope = EditorScope(
            is_portal_admin=active and user.has_perm(MANAGE_PORTAL_PERMISSION),
            can_publish=active and user.has_perm(PUBLISH_PERMISSION),
            region_ids=frozenset(user.region_assignments.values_list("region_id", flat=True))
            if active
            else frozenset(),
            contributed_project_ids=(
                frozenset(user.project_contributions.values_list("project_id", flat=True)) if active else frozenset()
            ),
            user_id=user.pk,
        )
        user._editor_scope = scope
    return scope


def _created_by(model, scope):
    """Objects whose first version was saved by this user (the history knows who created what)."""
    return Q(pk__in=model.history.filter(history_type="+", history_user_id=scope.user_id).values("id"))


def _in(model, condition):
    """A join-free condition: joins over to-many relations would duplicate rows and block bulk deletes."""
    return Q(pk__in=model._default_manager.filter(condition).values("pk"))


# What a user may change, per model. Models not listed here are reference or portal-wide data: their
# model permissions alone decide (editors get "view" only).
_EDITABLE = {
    Region: lambda s: Q(pk__in=s.region_ids),
    Project: lambda s: Q(lead_region__in=s.region_ids),
    Article: lambda s: _in(Article, Q(regions__in=s.region_ids)),
    Person: lambda s: (
        _in(
            Person,
            Q(region_roles__region__in=s.region_ids)
            | Q(project_roles__project__lead_region__in=s.region_ids)
            | Q(article_roles__article__regions__in=s.region_ids),
        )
        | _created_by(Person, s)
    ),
    Organisation: lambda s: (
        _in(
            Organisation,
            Q(regions__in=s.region_ids)
            | Q(led_projects__lead_region__in=s.region_ids)
            | Q(partner_projects__lead_region__in=s.region_ids),
        )
        | _created_by(Organisation, s)
    ),
    Image: lambda s: (
        Q(uploaded_by=s.user_id)
        | _in(
            Image,
            Q(regions__in=s.region_ids)
            | Q(project_uses__project__lead_region__in=s.region_ids)
            | Q(articles__regions__in=s.region_ids),
        )
    ),
    Document: lambda s: (
        Q(uploaded_by=s.user_id)
        | _in(
            Document,
            Q(project_uses__project__lead_region__in=s.region_ids) | Q(articles__regions__in=s.region_ids),
        )
    ),
    ChangeProposal: lambda s: Q(project__lead_region__in=s.region_ids) | Q(proposed_by=s.user_id),
    # a decision about one of the region's projects, or one of the region's bodies that names no project yet
    Decision: lambda s: _in(
        Decision,
        Q(projects__lead_region__in=s.region_ids) | Q(body__region__in=s.region_ids, projects__isnull=True),
    ),
}

# Shared directories: besides their own, editors may link to what is public anyway.
_LINKABLE_WHEN_PUBLIC = (Person, Organisation, Project)


def is_scoped(model):
    return model in _EDITABLE


def editable(queryset, user):
    """Narrow ``queryset`` to the objects ``user`` may change directly."""
    scope = scope_for(user)
    if scope.is_portal_admin or not is_scoped(queryset.model):
        return queryset
    return queryset.filter(_EDITABLE[queryset.model](scope))


def visible(queryset, user):
    """Narrow ``queryset`` to what ``user`` sees in the back office: what they edit, and joint projects."""
    scope = scope_for(user)
    if queryset.model is Project and not scope.is_portal_admin:
        return queryset.filter(_EDITABLE[Project](scope) | Q(pk__in=scope.contributed_project_ids))
    return editable(queryset, user)


def linkable(model, user):
    """Objects ``user`` may choose in a foreign-key or many-to-many field of their content."""
    queryset = model._default_manager.all()
    scope = scope_for(user)
    if scope.is_portal_admin or not is_scoped(model):
        return queryset
    if model in _LINKABLE_WHEN_PUBLIC and scope.has_regions:
        return queryset.filter(_EDITABLE[model](scope) | Q(pk__in=model.objects.published().values("pk")))
    return editable(queryset, user)


def can_edit(user, obj):
    """May ``user`` change ``obj`` directly (role permission and scope)?"""
    opts = obj._meta
    return (
        user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        and editable(type(obj)._default_manager.filter(pk=obj.pk), user).exists()
    )


def uses_beyond(user, medium):
    """The uses of an image or a document (regionportal.models.uses_of) that ``user`` may not change. Shared media
    may only be deleted by someone who may change every place that shows them: while there is one, not by ``user``."""
    return [use for use in uses_of(medium) if not can_edit(user, use)]


# The regions a piece of content belongs to, as its region editors see it.
_REGIONS = {
    Region: lambda region: [region],
    Project: lambda project: [project.lead_region],
    Article: lambda article: list(article.regions.all()),
}


def regions_of(obj):
    return _REGIONS[type(obj)](obj) if type(obj) in _REGIONS else []


def is_contributor_only(user, project):
    """True when ``user`` may only propose changes to ``project``, not save them."""
    scope = scope_for(user)
    return not scope.is_portal_admin and project.lead_region_id not in scope.region_ids
