"""Every count a page shows agrees with the list it counts, and with the exports (the demo content).

"Kreis Unna · 2 Projekte" on the region list, the home page and the region page's list, the project list filtered by
the region, the map's "Kamen (1 Projekt)" and Kamen's page, "Kommunen 10" and the region export: one definition
each (``ProjectQuerySet.in_region``, ``MembershipQuerySet.members``, ``ProjectQuerySet.funded_by``).
"""

import json
import re

import lxml.html
import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

COUNT = re.compile(r"(\d+) Projekte?\b")


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.fromstring(response.content.decode())


def cards_with_counts(client, url, prefix):
    """{slug: count} of the cards on ``url`` linking to ``prefix<slug>/`` with a "n Projekte" line."""
    counts = {}
    for card in page(client, url).xpath("//li[contains(@class, 'card')]"):
        links = [href for href in card.xpath(".//h2//a/@href | .//h3//a/@href") if href.startswith(prefix)]
        if links and (match := COUNT.search(card.text_content())):
            counts[links[0].removeprefix(prefix).strip("/")] = int(match.group(1))
    return counts


def listed(client, query):
    """The number the project list says it found for ``query``, checked against its cards when on one page."""
    tree = page(client, f"/projekte/?{query}")
    number = int(COUNT.search(tree.get_element_by_id("results-heading").text_content()).group(1))
    if number <= 20:
        assert len(tree.xpath("//article[contains(@class, 'card')] | //ul[contains(@class, 'grid')]/li")) >= number
    return number


def section_cards(tree, heading_id):
    return tree.xpath(f"//section[@aria-labelledby='{heading_id}']//ul[contains(@class, 'grid')]/li")


def test_region_counts_agree_with_the_lists(demo, client):
    on_list = cards_with_counts(client, "/regionen/", "/regionen/")
    assert set(on_list) == {"hochsauerlandkreis", "kreis-unna", "metropole-ruhr", "region-der-mitte"}
    on_home = cards_with_counts(client, "/", "/regionen/")
    assert on_home == on_list
    for slug, count in on_list.items():
        assert listed(client, f"region={slug}") == count, slug
        assert len(section_cards(page(client, f"/regionen/{slug}/"), "region-projects")) == count, slug
    assert on_list["metropole-ruhr"] >= 1  # its members' projects are its projects, as its map shows


def exported(client, url, **params):
    return json.loads(b"".join(client.get(url, params).streaming_content))


def facts(tree):
    terms = [dt.text_content().strip() for dt in tree.xpath("//dl[contains(@class, 'facts')]/dt")]
    values = [dd.text_content().strip() for dd in tree.xpath("//dl[contains(@class, 'facts')]/dd")]
    return dict(zip(terms, values, strict=True))


def test_member_counts_agree_with_the_map_and_the_exports(demo, client):
    regions = {row["slug"]: row["municipalities_ags"] for row in exported(client, "/regionen/export.json")}
    for slug, members in regions.items():
        tree = page(client, f"/regionen/{slug}/")
        shown = int(facts(tree).get("Kommunen", 0))
        assert shown == len(members), slug
        table_rows = tree.xpath("//section[@aria-labelledby='region-members']//table//tbody/tr")
        assert len(table_rows) == shown, slug
        municipalities = exported(client, "/kommunen/export.json", region=slug)
        assert sorted(row["ags"] for row in municipalities) == sorted(members), slug
    assert regions["region-der-mitte"] == []  # Göttingen, Kassel, Paderborn only describe its area:
    assert "Göttingen" in facts(page(client, "/regionen/region-der-mitte/"))["Bezugsorte"]


def test_map_counts_agree_with_the_municipality_pages(demo, client):
    tree = page(client, "/regionen/kreis-unna/")
    rows = tree.xpath("//section[@aria-labelledby='region-members']//table//tbody/tr")
    assert len(rows) == 10
    for row in rows:
        href = row.xpath(".//a/@href")[0]
        count = int(row.xpath("./td[contains(@class, 'num')]")[-1].text_content())
        municipality = page(client, href)
        assert len(section_cards(municipality, "municipality-projects")) == count, href
        slug = href.strip("/").split("/")[-1]
        assert listed(client, f"region=kreis-unna&municipality={slug}") == count, href


def test_theme_and_programme_counts_agree_with_the_lists(demo, client):
    for slug, count in cards_with_counts(client, "/themen/", "/themen/").items():
        assert listed(client, f"theme={slug}") == count, slug
    for slug in ("region-gestalten", "aktive-regionalentwicklung", "zukunftswerkstatt-kommunen"):
        shown = len(section_cards(page(client, f"/foerderprogramme/{slug}/"), "programme-projects"))
        assert shown == listed(client, f"programme={slug}") >= 1, slug  # "Region gestalten" through its sub-programme


def test_no_region_is_called_region_twice(demo, client):
    for slug in ("region-der-mitte", "kreis-unna", "metropole-ruhr", "hochsauerlandkreis"):
        for url in (f"/regionen/{slug}/", f"/regionen/{slug}/zahlen/", f"/en/regionen/{slug}/"):
            text = page(client, url).text_content()
            assert "Region Region" not in text and "region Region" not in text, url


def test_an_article_is_never_changed_before_its_date(demo, client):
    from news.models import Article

    for article in Article.objects.published():
        assert article.modified >= article.date
        tree = page(client, article.get_absolute_url())
        data = [s.text for s in tree.xpath("//script[@type='application/ld+json']")]
        dated = re.search(r'"datePublished": "([^"]+)", "dateModified": "([^"]+)"', " ".join(data))
        assert dated and dated.group(2) >= dated.group(1)[:10], article.title
