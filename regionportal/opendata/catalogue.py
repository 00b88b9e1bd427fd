"""The licence of the open data and the DCAT-AP.de catalogue that describes the datasets for data portals."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from regionportal.models import Licence

from .datasets import DATASETS

# The open licences a dataset may carry: DCAT-AP.de licence URI and the licence text for people.
OPEN_LICENCES = {
    Licence.DL_DE_BY_2: (
        "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        "https://www.govdata.de/dl-de/by-2-0",
    ),
    Licence.CC_BY_4: (
        "http://dcat-ap.de/def/licenses/cc-by/4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    Licence.CC_BY_SA_4: (
        "http://dcat-ap.de/def/licenses/cc-by-sa/4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    Licence.CC0: (
        "http://dcat-ap.de/def/licenses/cc-zero",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
}
EU = "http://publications.europa.eu/resource/authority"
LANGUAGES = {"de": "DEU", "en": "ENG"}
DESCRIPTION = _(
    "Regionen, Kommunen, Projekte, Förderprogramme und Nachrichten der Regionalentwicklung als offene Daten."
)
FORMATS = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json")}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass(frozen=True)
class OpenDataLicence:
    code: str
    label: str
    uri: str  # DCAT-AP.de vocabulary
    url: str  # the licence text


def open_data_licence():
    """The licence from ``settings.OPEN_DATA_LICENCE`` (a ``Licence`` code), by default dl-de/by-2-0."""
    code = getattr(settings, "OPEN_DATA_LICENCE", Licence.DL_DE_BY_2)
    if code not in OPEN_LICENCES:
        raise ImproperlyConfigured(f"OPEN_DATA_LICENCE must be one of {', '.join(OPEN_LICENCES)}, not {code!r}.")
    return OpenDataLicence(code, Licence(code).label, *OPEN_LICENCES[code])


def reference(uri):
    return {"@id": uri}


def distribution(title, access_url, fmt, licence):
    name, media_type = FORMATS[fmt]
    return {
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": reference(access_url),
        "dct:format": reference(f"{EU}/file-type/{name}"),
        "dcat:mediaType": reference(f"https://www.iana.org/assignments/media-types/{media_type}"),
        "dct:license": reference(licence.uri),
        "dcatde:licenseAttributionByText": settings.PORTAL_NAME,
    }


def catalogue(request):
    """The DCAT-AP.de catalogue as JSON-LD: each dataset with its CSV, JSON and API distributions."""
    absolute = request.build_absolute_uri
    language = get_language()
    licence = open_data_licence()
    publisher = {"@type": "foaf:Agent", "foaf:name": settings.PORTAL_NAME}
    page = absolute(reverse("opendata:index"))

    def text(value):
        return {"@value": str(value), "@language": language}

    datasets = []
    for dataset in DATASETS:
        downloads = [
            distribution(
                text(f"{dataset.title} ({fmt.upper()})"),
                absolute(reverse("opendata:export", kwargs={"dataset": dataset, "fmt": fmt})),
                fmt,
                licence,
            )
            for fmt in FORMATS
        ]
        api = distribution(
            text(f"{dataset.title} (API)"),
            absolute(reverse("api:list", kwargs={"dataset": dataset})),
            "json",
            licence,
        )
        api["dct:conformsTo"] = reference(absolute(reverse("api:openapi")))
        modified = dataset.modified()
        datasets.append(
            {
                "@id": f"{page}#{dataset.slug}",
                "@type": "dcat:Dataset",
                "dct:identifier": f"{page}#{dataset.slug}",
                "dct:title": text(dataset.title),
                "dct:description": text(dataset.description),
                "dct:publisher": publisher,
                "dcat:theme": reference(f"{EU}/data-theme/REGI"),
                "dcat:landingPage": reference(page),
                "dcat:distribution": [*downloads, api],
                **({"dct:modified": {"@value": modified.isoformat(), "@type": "xsd:dateTime"}} if modified else {}),
            }
        )
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("opendata:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": text(settings.PORTAL_NAME),
        "dct:description": text(DESCRIPTION),
        "dct:publisher": publisher,
        "dct:language": reference(f"{EU}/language/{LANGUAGES[language]}"),
        "dct:license": reference(licence.uri),
        "foaf:homepage": reference(absolute(reverse("portal:home"))),
        "dcat:dataset": datasets,
    }
