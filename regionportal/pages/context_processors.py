"""What every page's frame needs: the portal's name, the main navigation, the language switch and the way to the
portal in Leichte Sprache."""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.http import escape_leading_slashes
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

# Leichte Sprache goes by its own name on every page, as the languages of the switch do (BITV 2.0 § 4: from the
# home page, and here from every page's header).
EASY_LANGUAGE_NAME = "Leichte Sprache"

NAVIGATION = [
    ("projects:region-list", _("Regionen")),
    ("projects:list", _("Projekte")),
    ("projects:programme-list", _("Förderprogramme")),
    ("news:list", _("Aktuelles")),
]


def portal(request):
    path = request.path
    navigation = []
    for name, label in NAVIGATION:
        url = reverse(name)
        navigation.append({"url": url, "label": label, "current": path.startswith(url)})
    current = get_language()
    languages = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            # a path like //evil.example/ (a 404) must not become a link to another host
            "url": translate_url(escape_leading_slashes(request.get_full_path()), code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    easy_language_url = reverse("portal:easy-language")
    return {
        "portal_name": settings.PORTAL_NAME,
        "navigation": navigation,
        "languages": languages,
        "easy_language": {"name": EASY_LANGUAGE_NAME, "url": easy_language_url, "current": path == easy_language_url},
        "canonical_base": settings.PORTAL_BASE_URL.rstrip("/"),
    }
