"""Dates and numbers: British English dates on English pages, German numbers inside German text (issue 13)."""

import re
from datetime import date

import pytest
from django import forms
from django.core.management import call_command
from django.utils import translation
from django.utils.formats import date_format

from news.models import Article
from projects.models import FundingProgramme, Project, Region
from regionportal.templatetags.portal import content_number, euro

AMERICAN_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\b")


def visible_text(page):
    """What a reader sees: no scripts (JSON-LD has ISO dates), no tags."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", page, flags=re.S))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("DATE_FORMAT", "1 September 2021"),
        ("SHORT_DATE_FORMAT", "1 Sep 2021"),
        ("YEAR_MONTH_FORMAT", "September 2021"),
    ],
)
def test_english_dates_are_british_and_unambiguous(name, expected):
    with translation.override("en"):
        assert date_format(date(2021, 9, 1), name) == expected


def test_german_dates_are_unchanged():
    assert date_format(date(2021, 9, 1), "DATE_FORMAT") == "1. September 2021"
    assert date_format(date(2021, 9, 1), "SHORT_DATE_FORMAT") == "01.09.2021"


def test_an_english_date_typed_with_slashes_is_read_day_first():
    with translation.override("en"):
        assert forms.DateField().clean("01/09/2021") == date(2021, 9, 1)
        assert forms.DateField().clean("2021-09-01") == date(2021, 9, 1)


def test_numbers_in_german_text_stay_german_and_amounts_follow_the_page():
    with translation.override("en"):
        assert content_number(1000) == "1.000" and content_number("2.5") == "2,50"
        assert euro(700000) == "700,000\N{NO-BREAK SPACE}€"  # an amount is data: English digits
    assert content_number(1000) == "1.000"
    assert euro(700000) == "700.000\N{NO-BREAK SPACE}€"


@pytest.fixture
def demo_pages(db):
    call_command("load_demo", verbosity=0)
    return [
        Project.objects.get(slug="zukunftswerkstatt-kommunen-hochsauerlandkreis").get_absolute_url(),
        Region.objects.get(slug="kreis-unna").get_absolute_url(),
        Article.objects.published().get(slug="hsk-startet-zukunftswerkstatt-kommunen").get_absolute_url(),
        FundingProgramme.objects.get(slug="zukunftswerkstatt-kommunen").get_absolute_url(),
    ]


def test_english_demo_pages_show_no_american_dates_and_german_numbers_in_german_text(client, demo_pages):
    pages = {url: visible_text(client.get(f"/en{url}").content.decode()) for url in demo_pages}
    project, region, article, programme = pages.values()

    assert all(not AMERICAN_DATE.search(text) for text in pages.values()), [
        AMERICAN_DATE.findall(text) for text in pages.values()
    ]
    assert "1 Sep 2021 – 31 Dec 2024" in " ".join(programme.split())
    assert "November 2021" in project and "10 November 2021" in article
    assert re.search(r"über\s+1\.000\s", region) and "1,000" not in region  # a key figure: German text


def test_german_demo_pages_are_unchanged(client, demo_pages):
    project, region, article, programme = (visible_text(client.get(url).content.decode()) for url in demo_pages)

    assert "01.09.2021 – 31.12.2024" in " ".join(programme.split())
    assert "10. November 2021" in article and "November 2021" in project
    assert re.search(r"über\s+1\.000\s", region)
