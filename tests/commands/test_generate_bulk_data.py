"""generate_bulk_data: synthetic content at scale, kept apart from the demo content."""

import pytest
from django.core.management import CommandError, call_command

from news.models import Article
from projects.models import Membership, Municipality, Project, Region
from regionportal.publishing.models import ShortLink

pytestmark = pytest.mark.django_db

SMALL = {"projects": 60, "articles": 80, "regions": 4, "municipalities": 40, "verbosity": 0}


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_creates_the_requested_amounts_all_public_with_short_codes(demo):
    before = Project.objects.count()

    call_command("generate_bulk_data", **SMALL)

    bulk_projects = Project.objects.filter(slug__startswith="bulk-")
    assert bulk_projects.count() == 60 and Project.objects.count() == before + 60
    assert Article.objects.filter(slug__startswith="bulk-").count() == 80
    assert Region.objects.filter(slug__startswith="bulk-").count() == 4
    assert Municipality.objects.filter(slug__startswith="bulk-").count() == 40
    assert Project.objects.published().filter(slug__startswith="bulk-").count() == 60
    assert not bulk_projects.filter(short_code__isnull=True).exists()
    assert ShortLink.objects.filter(code__in=bulk_projects.values("short_code")).count() == 60
    assert Membership.objects.filter(region__slug__startswith="bulk-").count() >= 40
    first = bulk_projects.with_funding_total().order_by("pk").first()
    assert first.funding_total > 0 and first.municipalities.exists() and first.themes.exists()


def test_is_deterministic_and_refuses_to_double_up_without_clear(demo):
    call_command("generate_bulk_data", **SMALL, seed=7)
    titles = list(Project.objects.filter(slug__startswith="bulk-").order_by("slug").values_list("title", flat=True))

    with pytest.raises(CommandError, match="--clear"):
        call_command("generate_bulk_data", **SMALL)

    call_command("generate_bulk_data", **SMALL, seed=7, clear=True)
    assert (
        list(Project.objects.filter(slug__startswith="bulk-").order_by("slug").values_list("title", flat=True))
        == titles
    )
    # the demo content is untouched
    assert Project.objects.filter(short_code="0de173").exists()


@pytest.mark.parametrize("bad", [{"projects": -1}, {"regions": 0}, {"regions": 10, "municipalities": 5}])
def test_bad_amounts_are_refused_with_a_message(demo, bad):
    with pytest.raises(CommandError):
        call_command("generate_bulk_data", **(SMALL | bad))


def test_needs_the_reference_data_first():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("generate_bulk_data", **SMALL)
