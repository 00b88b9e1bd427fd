"""The back office start page: what an editor should look at today, for their regions only.

Every list is one query, so the page costs the same number of queries however much content there is.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from contacts.models import Person
from news.models import Article
from projects.models import Project
from regionportal.backoffice.models import ChangeProposal
from regionportal.backoffice.permissions import editable
from regionportal.media.models import Image
from regionportal.publishing.models import PublicationState

LIST_LENGTH = 10
CONFIRMATION_INTERVAL = timedelta(days=365)
RIGHTS_WARNING = timedelta(days=60)


def _latest(queryset, user):
    return list(editable(queryset, user).order_by("-updated_at")[:LIST_LENGTH])


def dashboard_for(user):
    now, today = timezone.now(), timezone.localdate()
    drafts, review = PublicationState.DRAFT, PublicationState.REVIEW
    scheduled = Q(state=PublicationState.PUBLISHED, publish_at__gt=now)
    return {
        "draft_projects": _latest(Project.objects.filter(state=drafts).select_related("lead_region"), user),
        "draft_articles": _latest(Article.objects.filter(state=drafts), user),
        "review_projects": _latest(Project.objects.filter(state=review).select_related("lead_region"), user),
        "review_articles": _latest(Article.objects.filter(state=review), user),
        "open_proposals": list(
            editable(ChangeProposal.objects.open(), user).select_related("project", "proposed_by")[:LIST_LENGTH]
        ),
        "scheduled_projects": list(
            editable(Project.objects.filter(scheduled), user)
            .select_related("lead_region")
            .order_by("publish_at")[:LIST_LENGTH]
        ),
        "scheduled_articles": list(
            editable(Article.objects.filter(scheduled), user).order_by("publish_at")[:LIST_LENGTH]
        ),
        "unconfirmed_people": list(
            editable(
                Person.objects.filter(Q(confirmed_on__isnull=True) | Q(confirmed_on__lt=today - CONFIRMATION_INTERVAL)),
                user,
            )
            .select_related("organisation")
            .order_by("confirmed_on", "last_name")[:LIST_LENGTH]
        ),
        "expiring_images": list(
            editable(Image.objects.filter(rights_expire_on__range=(today, today + RIGHTS_WARNING)), user).order_by(
                "rights_expire_on"
            )[:LIST_LENGTH]
        ),
    }
