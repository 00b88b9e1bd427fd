"""No address of the portal sends a visitor to another host: short links, redirects, language links, ``next=``."""

import re
from urllib.parse import quote, urlsplit

import pytest
from django.contrib.auth.models import User
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from .test_login import current_code

HOSTILE = [
    "//evil.example",
    "//evil.example/",
    "///evil.example",
    "https:evil.example",
    "https://evil.example",
    "http://evil.example@testserver",
    "/\\evil.example",
    "\\\\evil.example",
    "/%5Cevil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "/%09/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "//evil.example/%2e%2e",
    "/x/../../evil.example",
]

pytestmark = pytest.mark.django_db


def stays_here(location):
    """Whether a browser following ``location`` from http://testserver/ stays on testserver."""
    cleaned = re.sub(r"[\x00-\x20]", "", location).replace("\\", "/")
    target = urlsplit(cleaned)
    return (
        target.scheme in {"", "http", "https"}
        and target.netloc in {"", "testserver"}
        and not (target.scheme and not target.netloc)
    )


def assert_stays(response):
    if response.status_code in {301, 302, 303, 307, 308}:
        assert stays_here(response["Location"]), response["Location"]


def language_links(response):
    return re.findall(r'<a href="([^"]*)" lang="[a-z]+" hreflang', response.content.decode())


@pytest.mark.parametrize("target", HOSTILE)
def test_admin_login_next_stays_here(client, target):
    User.objects.create_user("redaktion", password="ein-langes-passwort", is_staff=True)
    response = client.post(
        f"{reverse('admin:login')}?next={quote(target)}",
        {"username": "redaktion", "password": "ein-langes-passwort", "next": target},
    )
    assert response.status_code == 302
    assert_stays(response)
    assert_stays(client.get(f"{reverse('admin:login')}?next={quote(target)}"))  # signed in already


@pytest.mark.parametrize("target", HOSTILE)
def test_admin_logout_next_stays_here(client, target):
    client.force_login(User.objects.create_user("redaktion", password="ein-langes-passwort", is_staff=True))
    response = client.post(f"{reverse('admin:logout')}?next={quote(target)}", {"next": target})
    assert response.status_code in {200, 302}
    assert_stays(response)


@pytest.mark.parametrize("target", HOSTILE)
def test_second_factor_next_stays_here(client, target):
    user = User.objects.create_user("verwaltung", password="ein-langes-passwort", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    client.force_login(user)
    response = client.post(
        f"{reverse('admin:otp-verify')}?next={quote(target)}", {"token": current_code(device), "next": target}
    )
    assert response.status_code == 302
    assert_stays(response)


@pytest.mark.parametrize("code", ["//evil.example", "0de173/../../evil.example", "%2F%2Fevil.example", "zzzzzz"])
def test_unknown_short_codes_are_not_found(client, code):
    response = client.get(f"/x/pk-{code}")
    assert response.status_code == 404


def test_a_short_link_goes_to_its_page_here(client):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    response = client.get("/x/pk-0de173")
    assert response.status_code == 301
    assert response.url.startswith("/projekte/")


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"]
)
def test_a_redirect_entry_to_another_host_is_not_followed(client, target):
    Redirect.objects.create(site=Site.objects.get_current(), old_path="/alte-seite/", new_path=target)
    response = client.get("/alte-seite/")
    assert response.status_code in {301, 404}
    assert_stays(response)


def test_a_redirect_entry_on_this_host_works(client):
    Redirect.objects.create(site=Site.objects.get_current(), old_path="/alte-seite/", new_path="/projekte/")
    response = client.get("/alte-seite/")
    assert (response.status_code, response["Location"]) == (301, "/projekte/")


@pytest.mark.parametrize("path", HOSTILE + ["/en//evil.example", "/en/\\evil.example", "//evil.example/en/"])
def test_hostile_paths_neither_redirect_nor_link_elsewhere(client, path):
    for language in ("de", "en"):
        # the raw path as a client may send it (the test client would read //host as a host)
        response = client.get(
            "/", PATH_INFO=path if path.startswith("/") else f"/{path}", headers={"accept-language": language}
        )
        assert response.status_code < 500
        assert_stays(response)
        links = language_links(response)
        assert len(links) == 1 if response.status_code == 404 else True
        assert all(stays_here(link) for link in links), links
