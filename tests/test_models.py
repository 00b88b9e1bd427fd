"""Model rules: database constraints, official keys, short codes and publication state."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from contacts.models import tel_uri
from news.models import Article
from projects.models import FundingLine, Membership, Municipality, Project
from regionportal.publishing.models import PublicationState, ShortLink

from .factories import (
    make_article,
    make_municipality,
    make_organisation,
    make_person,
    make_programme,
    make_project,
    make_region,
    make_state,
)

pytestmark = pytest.mark.django_db


def assert_db_rejects(callable_):
    with pytest.raises(DatabaseError), transaction.atomic():
        callable_()


class TestOfficialKeys:
    @pytest.mark.parametrize("ags", ["05978036", "16077001", "01001000"])
    def test_valid_ags(self, ags):
        municipality = make_municipality(ags=ags, state=make_state(code=ags[:2], abbreviation=ags[:2], name=ags[:2]))
        municipality.full_clean()

    @pytest.mark.parametrize("ags", ["5978036", "059780360", "17000000", "00123456", "0597803A", ""])
    def test_invalid_ags_is_refused_by_validation(self, ags):
        municipality = Municipality(name="X", slug="x", kind="city", ags=ags, state=make_state())
        with pytest.raises(ValidationError) as error:
            municipality.full_clean()
        assert "ags" in error.value.message_dict

    @pytest.mark.parametrize("ags", ["5978036", "17000000", "abcdefgh"])
    def test_invalid_ags_is_refused_by_the_database(self, ags):
        assert_db_rejects(lambda: make_municipality(ags=ags))

    def test_ags_is_unique(self):
        make_municipality(ags="05978036")
        assert_db_rejects(lambda: make_municipality(ags="05978036"))

    def test_ars_must_match_ags(self):
        municipality = Municipality(
            name="Unna", slug="unna", kind="city", ags="05978036", ars="059780036036", state=make_state()
        )
        municipality.full_clean()
        municipality.ars = "059740036036"
        with pytest.raises(ValidationError) as error:
            municipality.full_clean()
        assert "ars" in error.value.message_dict

    def test_ags_must_belong_to_the_state(self):
        hesse = make_state(code="06", abbreviation="HE", name="Hessen")
        municipality = Municipality(name="Unna", slug="unna", kind="city", ags="05978036", state=hesse)
        with pytest.raises(ValidationError) as error:
            municipality.full_clean()
        assert "ags" in error.value.message_dict

    def test_coordinates_outside_germany_are_refused(self):
        assert_db_rejects(lambda: make_municipality(latitude="40.0", longitude="7.0"))

    def test_one_coordinate_alone_is_refused(self):
        assert_db_rejects(lambda: make_municipality(latitude="51.5", longitude=None))


class TestConstraints:
    def test_project_end_not_before_start(self):
        assert_db_rejects(lambda: make_project(start_date=date(2022, 1, 1), end_date=date(2021, 1, 1)))

    def test_project_slug_unique(self):
        make_project(slug="smart-region")
        assert_db_rejects(lambda: make_project(slug="smart-region"))

    def test_funding_amounts_non_negative(self):
        project = make_project()
        programme = make_programme()
        assert_db_rejects(
            lambda: FundingLine.objects.create(project=project, programme=programme, amount=Decimal("-1"))
        )
        assert_db_rejects(
            lambda: FundingLine.objects.create(project=project, programme=programme, own_contribution=Decimal("-5"))
        )
        assert_db_rejects(lambda: FundingLine.objects.create(project=project, programme=programme, funding_rate=101))
        FundingLine.objects.create(project=project, programme=programme, amount=Decimal("700000"), funding_rate=90)

    def test_funding_period_end_after_start(self):
        project, programme = make_project(), make_programme()
        assert_db_rejects(
            lambda: FundingLine.objects.create(
                project=project, programme=programme, start_date=date(2024, 1, 1), end_date=date(2023, 1, 1)
            )
        )

    def test_membership_period(self):
        region, municipality = make_region(), make_municipality()
        assert_db_rejects(
            lambda: Membership.objects.create(
                region=region, municipality=municipality, valid_from=date(2020, 1, 1), valid_to=date(2019, 1, 1)
            )
        )

    def test_membership_history_survives_a_merger(self):
        old, merged = make_municipality(name="Altdorf"), make_municipality(name="Neustadt")
        region = make_region()
        Membership.objects.create(region=region, municipality=old, valid_to=date(2019, 12, 31))
        Membership.objects.create(region=region, municipality=merged, valid_from=date(2020, 1, 1))
        current = Membership.objects.current(on=date(2024, 1, 1)).filter(region=region)
        assert [m.municipality.name for m in current] == ["Neustadt"]
        past = Membership.objects.current(on=date(2015, 1, 1)).filter(region=region)
        assert [m.municipality.name for m in past] == ["Altdorf"]

    def test_a_municipality_can_belong_to_several_regions(self):
        unna = make_municipality(name="Unna")
        county, ruhr = make_region(members=[unna]), make_region(members=[unna])
        assert set(unna.regions.all()) == {county, ruhr}

    def test_unpublish_after_publish(self):
        now = timezone.now()
        assert_db_rejects(lambda: make_article(publish_at=now, unpublish_at=now - timedelta(days=1)))

    def test_image_requires_alt_text_and_credit(self):
        from regionportal.media.models import Image

        assert_db_rejects(
            lambda: Image.objects.create(
                file="x.jpg", width=1, height=1, title="x", alt_text="", creator="c", credit_line="c"
            )
        )
        assert_db_rejects(
            lambda: Image.objects.create(
                file="x.jpg", width=1, height=1, title="x", alt_text="a", creator="c", credit_line=""
            )
        )

    def test_document_needs_file_or_link(self):
        from regionportal.media.models import Document

        assert_db_rejects(lambda: Document.objects.create(title="SREK"))
        Document.objects.create(title="SREK", external_url="https://www.regiondermitte.de/", file_type="web")


class TestShortCodes:
    def test_every_public_object_gets_a_code(self):
        objects = [make_project(), make_article(), make_region(), make_person(), make_organisation(), make_programme()]
        codes = [obj.short_code for obj in objects]
        for obj in objects:
            obj.refresh_from_db()
        assert codes == [obj.short_code for obj in objects]
        assert all(len(code) == 6 and int(code, 16) >= 0 for code in codes)
        assert len(set(codes)) == len(codes)
        assert ShortLink.objects.filter(code__in=codes).count() == len(codes)

    def test_code_survives_title_and_slug_changes(self):
        project = make_project(title="Alt", slug="alt")
        code = project.short_code
        project.title, project.slug = "Neu", "neu"
        project.save()
        project.refresh_from_db()
        assert project.short_code == code
        assert ShortLink.objects.get(code=code).target == project

    def test_seed_code_is_kept(self):
        project = make_project(short_code="0de173")
        assert project.short_code == "0de173"
        assert ShortLink.objects.get(code="0de173").target == project
        assert project.short_path == "/x/pk-0de173"

    def test_code_unique_across_models(self):
        project = make_project()
        with pytest.raises(IntegrityError):
            make_article(short_code=project.short_code)
        assert not Article.objects.exists()

    def test_code_is_never_reused_after_deletion(self):
        project = make_project()
        code = project.short_code
        project.delete()
        link = ShortLink.objects.get(code=code)
        assert link.target is None
        with pytest.raises(IntegrityError):
            make_article(short_code=code)

    def test_allocation_retries_on_collision(self, monkeypatch):
        taken = make_project().short_code
        values = iter([taken, taken, "abcdef"])
        monkeypatch.setattr("regionportal.publishing.models.secrets.token_hex", lambda n: next(values))
        assert make_article().short_code == "abcdef"

    @pytest.mark.parametrize("code", ["0DE173", "0de17", "0de1733", "zzzzzz"])
    def test_malformed_codes_are_refused(self, code):
        assert_db_rejects(lambda: make_project(short_code=code))

    def test_register_all_repairs_objects_without_code(self):
        project = make_project()
        code = project.short_code
        Project.objects.filter(pk=project.pk).update(short_code=None)  # as after reloading a fixture
        assert ShortLink.objects.register_all() == 1
        project.refresh_from_db()
        assert project.short_code == code


class TestPublicationState:
    def test_only_published_items_are_public(self):
        visible = make_project(state=PublicationState.PUBLISHED)
        for state in (
            PublicationState.DRAFT,
            PublicationState.REVIEW,
            PublicationState.UNPUBLISHED,
            PublicationState.ARCHIVED,
        ):
            make_project(state=state)
        assert list(Project.objects.published()) == [visible]
        assert visible.is_public

    def test_scheduled_items_appear_at_their_time(self):
        now = timezone.now()
        scheduled = make_article(publish_at=now + timedelta(hours=1))
        assert not Article.objects.published().filter(pk=scheduled.pk).exists()
        assert Article.objects.published(at=now + timedelta(hours=2)).filter(pk=scheduled.pk).exists()

    def test_items_disappear_after_their_end(self):
        now = timezone.now()
        ending = make_article(unpublish_at=now + timedelta(hours=1))
        assert Article.objects.published().filter(pk=ending.pk).exists()
        assert not Article.objects.published(at=now + timedelta(hours=2)).filter(pk=ending.pk).exists()


@pytest.mark.parametrize(
    ("number", "uri"),
    [
        ("0 23 03 / 27-14 61", "tel:+492303271461"),
        ("0 56 92 / 99 777 - 14", "tel:+4956929977714"),
        ("+49 30 123456", "tel:+4930123456"),
        ("0049 30 123", "tel:+4930123"),
        ("", ""),
    ],
)
def test_phone_numbers_become_tel_links(number, uri):
    assert tel_uri(number) == uri
