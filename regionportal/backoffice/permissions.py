"""Who may see, change, link to and publish what in the back office.

Model permissions (from the role groups) say *which kinds* of objects a user may work on; the user's region
assignments and project contributions say *which ones*. Every admin list, form, choice, autocomplete,
filter, action and history page goes through the querysets below, so an object outside them does not exist
for that user (404).
"""

from dataclasses import dataclass

from django.db.models import Q

from regionportal.media.models import uses_of
from regionportal.publishing.models import PublicationState

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


def created_by(model, scope):
    """Objects whose first version was saved by this user (the history knows who created what)."""
    return Q(pk__in=model.history.filter(history_type="+", history_user_id=scope.user_id).values("id"))


def join_free(model, condition):
    """A join-free condition: joins over to-many relations would duplicate rows and block bulk deletes."""
    return Q(pk__in=model._default_manager.filter(condition).values("pk"))


# What a user may change is said by each scoped model itself, in the app that defines it:
#   editable_condition(scope) -> Q        the objects a user with this scope may change (required)
#   visible_condition(scope) -> Q         what they see besides (optional; default: what they may change)
#   linkable_when_public = True           a shared directory: everyone may link to its public entries
#   editorial_regions() -> [Region, …]    the regions an object belongs to, as its region editors see it
# Models without ``editable_condition`` are reference or portal-wide data: their model permissions alone decide
# (editors get "view" only).


def is_scoped(model):
    return hasattr(model, "editable_condition")


def editable(queryset, user):
    """Narrow ``queryset`` to the objects ``user`` may change directly."""
    scope = scope_for(user)
    if scope.is_portal_admin or not is_scoped(queryset.model):
        return queryset
    return queryset.filter(queryset.model.editable_condition(scope))


def visible(queryset, user):
    """Narrow ``queryset`` to what ``user`` sees in the back office: what they edit, and joint projects."""
    scope = scope_for(user)
    visible_condition = getattr(queryset.model, "visible_condition", None)
    if visible_condition is not None and not scope.is_portal_admin:
        return queryset.filter(visible_condition(scope))
    return editable(queryset, user)


def linkable(model, user):
    """Objects ``user`` may choose in a foreign-key or many-to-many field of their content."""
    queryset = model._default_manager.all()
    scope = scope_for(user)
    if scope.is_portal_admin or not is_scoped(model):
        return queryset
    if getattr(model, "linkable_when_public", False) and scope.has_regions:
        return queryset.filter(model.editable_condition(scope) | Q(pk__in=model.objects.published().values("pk")))
    return editable(queryset, user)


def can_edit(user, obj):
    """May ``user`` change ``obj`` directly (role permission and scope)?"""
    opts = obj._meta
    return (
        user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        and editable(type(obj)._default_manager.filter(pk=obj.pk), user).exists()
    )


def uses_beyond(user, medium):
    """The uses of an image or a document (regionportal.media.models.uses_of) that ``user`` may not change. Shared media
    may only be deleted by someone who may change every place that shows them: while there is one, not by ``user``."""
    return [use for use in uses_of(medium) if not can_edit(user, use)]


def regions_of(obj):
    """The regions ``obj`` belongs to, as its region editors see it (none for portal-wide data)."""
    return obj.editorial_regions() if hasattr(obj, "editorial_regions") else []


def is_contributor_only(user, project):
    """True when ``user`` may only propose changes to ``project``, not save them."""
    scope = scope_for(user)
    return not scope.is_portal_admin and project.lead_region_id not in scope.region_ids
