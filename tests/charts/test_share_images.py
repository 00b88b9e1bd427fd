"""OpenGraph share images: 1200 × 630 PNGs from title, region and image, drawn when saved, stored once per content."""

from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from projects.models import ProjectImage
from regionportal.pages import share_images
from regionportal.publishing.models import PublicationState
from tests.factories import (
    make_article,
    make_image,
    make_municipality,
    make_organisation,
    make_programme,
    make_project,
    make_region,
    make_theme,
)
from tests.media.conftest import stored_files

pytestmark = pytest.mark.django_db

RED = (200, 0, 0)


def red_photo():
    buffer = BytesIO()
    PILImage.new("RGB", (800, 600), RED).save(buffer, format="PNG")
    return make_image(file=SimpleUploadedFile("rot.png", buffer.getvalue(), content_type="image/png"), alt_text="Rot")


def og_meta(page, name):
    start = page.index(f'<meta property="og:{name}" content="') + len(f'<meta property="og:{name}" content="')
    return page[start : page.index('"', start)]


def fetch(client, page):
    url = og_meta(page, "image").removeprefix("http://127.0.0.1:8000")
    response = client.get(url)
    assert response.status_code == 200, url
    return url, response, PILImage.open(BytesIO(b"".join(response.streaming_content)))


def test_project_page_announces_its_share_image_which_shows_title_region_and_photo(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # drawn after the commit of the saves
        project = make_project(title="Radweg an der Seseke", region=make_region(name="Kreis Unna"))
        ProjectImage.objects.create(project=project, image=red_photo())
    page = client.get(project.get_absolute_url()).content.decode()
    assert og_meta(page, "image:width") == "1200" and og_meta(page, "image:height") == "630"
    assert og_meta(page, "image:alt") == "„Radweg an der Seseke“ – Kreis Unna, auf dem Foto: Rot"
    assert og_meta(page, "image").startswith("http://127.0.0.1:8000/vorschau/projekt/")
    url, response, picture = fetch(client, page)
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert picture.size == (1200, 630)
    assert picture.getpixel((1000, 200)) == RED  # the photo on the right
    assert picture.getpixel((20, 300)) == share_images.BRAND  # the text on the brand colour


def test_share_image_is_drawn_when_saved_never_when_requested(client, monkeypatch, django_capture_on_commit_callbacks):
    calls = []
    drawn = share_images.render
    monkeypatch.setattr(share_images, "render", lambda s: (s.kind == "projekt" and calls.append(s.title)) or drawn(s))
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(title="Alter Titel")
    source = share_images.share_source(share_images.project_queryset().get(pk=project.pk))
    assert calls == ["Alter Titel"] and default_storage.exists(source.path)
    files = stored_files(settings.MEDIA_ROOT)
    for _ in range(2):
        assert client.get(project.get_absolute_url()).status_code == 200
        assert client.get(source.url).status_code == 200
    assert calls == ["Alter Titel"] and stored_files(settings.MEDIA_ROOT) == files

    project.title = "Neuer Titel"
    with django_capture_on_commit_callbacks(execute=True):
        project.save()
    page = client.get(project.get_absolute_url()).content.decode()
    new_url, _response, _picture = fetch(client, page)
    assert new_url != source.url and calls == ["Alter Titel", "Neuer Titel"]
    # The old address now leads to the current picture.
    old = client.get(source.url)
    assert old.status_code == 302 and old["Location"] == new_url


def test_a_share_image_not_drawn_yet_is_not_announced_and_not_drawn_by_a_request(client):
    project = make_project(title="Ohne Vorschaubild")  # the commit never comes: nothing drawn
    source = share_images.share_source(share_images.project_queryset().get(pk=project.pk))
    files = stored_files(settings.MEDIA_ROOT)

    page = client.get(project.get_absolute_url()).content.decode()

    assert 'property="og:image' not in page
    assert client.get(source.url).status_code == 404
    assert stored_files(settings.MEDIA_ROOT) == files


def test_renaming_the_region_or_changing_the_photo_draws_the_share_images_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        region = make_region(name="Kreis Unna")
        project = make_project(region=region)
        article = make_article()
        article.regions.add(region)
    paths = {share_images.share_source(obj).path for obj in current(project, article)}
    assert all(default_storage.exists(path) for path in paths)

    with django_capture_on_commit_callbacks(execute=True):
        region.name = "Kreis Unna (Westfalen)"
        region.save()
        ProjectImage.objects.create(project=project, image=red_photo())
    renamed = [share_images.share_source(obj) for obj in current(project, article)]
    assert {source.path for source in renamed}.isdisjoint(paths)
    assert all(default_storage.exists(source.path) for source in renamed)
    assert {source.subtitle for source in renamed} == {"Kreis Unna (Westfalen)"}


def current(project, article):
    return (
        share_images.project_queryset().get(pk=project.pk),
        share_images.article_queryset().get(pk=article.pk),
    )


def test_article_share_image_without_a_photo(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="Förderbescheid übergeben")
        article.regions.add(make_region(name="Hochsauerlandkreis"))
    page = client.get(article.get_absolute_url()).content.decode()
    assert og_meta(page, "image").startswith("http://127.0.0.1:8000/vorschau/nachricht/")
    assert og_meta(page, "image:alt") == "„Förderbescheid übergeben“ – Hochsauerlandkreis"
    _url, _response, picture = fetch(client, page)
    assert picture.size == (1200, 630) and picture.getpixel((1000, 200)) == share_images.BRAND


def test_a_missing_photo_file_does_not_break_the_share_image():
    image = red_photo()
    default_storage.delete(image.file.name)
    source = share_images.ShareSource("projekt", "x", "Titel", "Region", image)
    picture = PILImage.open(BytesIO(share_images.render(source)))
    assert picture.getpixel((1000, 200)) == share_images.BRAND


def test_long_titles_are_shortened_to_fit(client):
    project = make_project(title=" ".join(["Donaudampfschifffahrtsgesellschaftskapitän"] * 6))
    source = share_images.share_source(share_images.project_queryset().get(pk=project.pk))
    assert PILImage.open(BytesIO(share_images.render(source))).size == (1200, 630)


def test_share_image_of_a_draft_or_an_unknown_kind_is_a_404(client):
    draft = make_project(state=PublicationState.DRAFT)
    assert client.get(f"/vorschau/projekt/{draft.slug}.png").status_code == 404
    assert client.get(f"/vorschau/region/{draft.slug}.png").status_code == 404


def test_german_letters_are_drawn_with_a_real_font():
    """„Lünen-Brambauer“, not „L▯nen-Brambauer“: the umlaut draws differently from a missing glyph."""

    def drawn(title):
        return share_images.render(share_images.ShareSource("projekt", "x", title, "Hochsauerlandkreis", None))

    assert drawn("Technologiezentrum Lünen-Brambauer") != drawn("Technologiezentrum L\ue000nen-Brambauer")


def test_regions_municipalities_programmes_themes_and_the_home_page_have_share_images(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        region = make_region(name="Kreis Unna")
        region.image = red_photo()
        region.save()
        municipality = make_municipality(name="Lünen")
        body = make_organisation(name="Bundesministerium des Innern")
        programme = make_programme(name="Region gestalten", funding_body=body)
        theme = make_theme(name="Flächenentwicklung", parent=make_theme(name="Infrastruktur"))
    expected = {
        "/": "„Was in unseren Regionen entsteht“ – Regionalentwicklung in Projekten, Kommunen und Förderprogrammen",
        region.get_absolute_url(): "„Kreis Unna“ – Nordrhein-Westfalen, auf dem Foto: Rot",
        municipality.get_absolute_url(): "„Lünen“ – Nordrhein-Westfalen",
        programme.get_absolute_url(): "„Region gestalten“ – Bundesministerium des Innern",
        theme.get_absolute_url(): "„Flächenentwicklung“ – Infrastruktur",
    }

    for url, alt in expected.items():
        page = client.get(url).content.decode()
        assert og_meta(page, "image:alt") == alt, url
        _url, response, picture = fetch(client, page)
        assert response["Content-Type"] == "image/png" and picture.size == (1200, 630), url
    assert fetch(client, client.get(region.get_absolute_url()).content.decode())[2].getpixel((1000, 200)) == RED
    english = client.get(f"/en{municipality.get_absolute_url()}").content.decode()
    assert og_meta(english, "image") == og_meta(client.get(municipality.get_absolute_url()).content.decode(), "image")


def test_renaming_a_funding_body_or_a_parent_theme_draws_the_pictures_showing_it_again(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        body = make_organisation(name="BMI")
        programme = make_programme(funding_body=body)
        parent = make_theme(name="Infrastruktur")
        theme = make_theme(parent=parent)
    with django_capture_on_commit_callbacks(execute=True):
        body.name = "Bundesministerium des Innern"
        body.save()
        parent.name = "Infrastruktur und Flächen"
        parent.save()

    sources = [
        share_images.share_source(share_images.programme_queryset().get(pk=programme.pk)),
        share_images.share_source(share_images.theme_queryset().get(pk=theme.pk)),
    ]
    assert [source.subtitle for source in sources] == ["Bundesministerium des Innern", "Infrastruktur und Flächen"]
    assert all(share_images.is_stored(source) for source in sources)


def test_an_unpublished_funding_body_is_not_named_in_the_picture():
    programme = make_programme(funding_body=make_organisation(name="Geheim", state=PublicationState.DRAFT))
    assert share_images.share_source(share_images.programme_queryset().get(pk=programme.pk)).subtitle == ""
