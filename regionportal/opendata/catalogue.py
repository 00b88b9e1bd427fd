"""The licence of the open data and the DCAT-AP.de catalogue that describes the datasets for data portals."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from projects.models import GEOCODING, Membership, Municipality, Region, district_of
from regionportal.media.models import Licence
from regionportal.opendata.datasets import DATASETS
from regionportal.opendata.operations import OPERATIONS

CATALOGUED = (*DATASETS, OPERATIONS)

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
STABLE = f"{EU}/planned-availability/STABLE"  # dcatap:availability: kept at the same address
CONTRIBUTOR_ID = re.compile(r"[A-Za-z0-9_-]+")
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "dcatap": "http://data.europa.eu/r5r/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
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


def moment(value):
    return {"@value": value.isoformat(), "@type": "xsd:dateTime"}


def day(value):
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def contributor():
    """``dcatde:contributorID`` from ``settings.OPEN_DATA_CONTRIBUTOR_ID`` (the ID GovData assigns), or None."""
    identifier = getattr(settings, "OPEN_DATA_CONTRIBUTOR_ID", "")
    if not identifier:
        return None
    if not CONTRIBUTOR_ID.fullmatch(identifier):
        raise ImproperlyConfigured(f"OPEN_DATA_CONTRIBUTOR_ID must be a GovData contributor ID, not {identifier!r}.")
    return reference(f"http://dcat-ap.de/def/contributors/{identifier}")


def contact_point(absolute):
    """Who answers questions on the data (Konventionenhandbuch 2.0, convention 1: an e-mail address or a web
    page): the portal with its imprint, which names its operator, and ``OPEN_DATA_CONTACT_EMAIL`` if set."""
    contact = {
        "@type": "vcard:Organization",
        "vcard:fn": settings.PORTAL_NAME,
        "vcard:hasURL": reference(absolute(reverse("portal:imprint"))),
    }
    email = getattr(settings, "OPEN_DATA_CONTACT_EMAIL", "")
    if email:
        contact["vcard:hasEmail"] = reference(f"mailto:{email}")
    return contact


@dataclass(frozen=True)
class Coverage:
    uris: list  # dcatde:politicalGeocodingURI, mirrored in dct:spatial (convention 11)
    levels: list  # dcatde:politicalGeocodingLevelURI


def coverage():
    """The area the portal's data covers, in official keys: each published region that is a district by its
    district key, and every member municipality outside those districts by its regional key."""
    regions = Region.objects.published()
    keyed = [region for region in regions.exclude(ars=None).order_by("ars") if region.key_uri]
    districts = {district_of(region.ars) for region in keyed} - {None}
    members = Municipality.objects.filter(
        pk__in=Membership.objects.members().filter(region__in=regions).values("municipality")
    ).order_by("ags")
    places = [municipality for municipality in members if municipality.ags[:5] not in districts]
    levels = [
        f"{GEOCODING}/Level/{level}"
        for level, present in (("administrativeDistrict", districts), ("municipality", members.exists()))
        if present
    ]
    return Coverage([region.key_uri for region in keyed] + [place.key_uri for place in places], levels)


def distribution(title, access_url, fmt, licence, modified, download=True):
    name, media_type = FORMATS[fmt]
    entry = {
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": reference(access_url),
        "dct:format": reference(f"{EU}/file-type/{name}"),
        "dcat:mediaType": reference(f"https://www.iana.org/assignments/media-types/{media_type}"),
        "dct:license": reference(licence.uri),
        "dcatde:licenseAttributionByText": settings.PORTAL_NAME,
        "dcatap:availability": reference(STABLE),
    }
    if download:
        entry["dcat:downloadURL"] = reference(access_url)
    if modified:
        entry["dct:modified"] = moment(modified)
    return entry


def catalogue(request):
    """The DCAT-AP.de 2.0 catalogue as JSON-LD: each dataset with its CSV and JSON distributions and, but for the
    EU list of operations, its API, and every mandatory and recommended property of catalogue, dataset and
    distribution (tests/opendata/test_dcat.py)."""
    absolute = request.build_absolute_uri
    language = get_language()
    language_uri = reference(f"{EU}/language/{LANGUAGES[language]}")
    licence = open_data_licence()
    publisher = {"@type": "foaf:Agent", "foaf:name": settings.PORTAL_NAME}
    page = absolute(reverse("opendata:index"))
    area = coverage()
    spatial = [reference(uri) for uri in area.uris]
    contact = contact_point(absolute)
    contributor_id = contributor()

    def text(value):
        return {"@value": str(value), "@language": language}

    datasets, issued_all, modified_all = [], [], []
    for dataset in CATALOGUED:
        issued, modified = dataset.timestamps()
        issued_all += [issued] if issued else []
        modified_all += [modified] if modified else []
        distributions = [
            distribution(
                text(f"{dataset.title} ({fmt.upper()})"),
                absolute(dataset.download_path(fmt)),
                fmt,
                licence,
                modified,
            )
            for fmt in FORMATS
        ]
        if api_path := dataset.api_path():
            api = distribution(
                text(f"{dataset.title} (API)"),
                absolute(api_path),
                "json",
                licence,
                modified,
                download=False,  # a paged list, not one file
            )
            api["dct:conformsTo"] = reference(absolute(reverse("api:openapi")))
            distributions.append(api)
        entry = {
            "@id": f"{page}#{dataset.slug}",
            "@type": "dcat:Dataset",
            "dct:identifier": f"{page}#{dataset.slug}",
            "dct:title": text(dataset.title),
            "dct:description": text(dataset.description),
            "dcat:keyword": [text(keyword) for keyword in dataset.keywords],
            "dct:publisher": publisher,
            "dcat:contactPoint": contact,
            "dcat:theme": reference(f"{EU}/data-theme/REGI"),
            "dct:spatial": spatial,
            "dcatde:politicalGeocodingURI": spatial,
            "dcatde:politicalGeocodingLevelURI": [reference(uri) for uri in area.levels],
            "dcatap:availability": reference(STABLE),
            "dct:language": language_uri,
            "dcat:landingPage": reference(page),
            "dcat:distribution": distributions,
        }
        start, end = dataset.period() if dataset.period else (None, None)
        if start or end:
            entry["dct:temporal"] = {
                "@type": "dct:PeriodOfTime",
                **({"dcat:startDate": day(start)} if start else {}),
                **({"dcat:endDate": day(end)} if end else {}),
            }
        if contributor_id:
            entry["dcatde:contributorID"] = contributor_id
        if issued:
            entry["dct:issued"] = moment(issued)
        if modified:
            entry["dct:modified"] = moment(modified)
        datasets.append(entry)
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("opendata:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": text(settings.PORTAL_NAME),
        "dct:description": text(DESCRIPTION),
        "dct:publisher": publisher,
        "dct:language": language_uri,
        "dct:license": reference(licence.uri),
        "dct:spatial": spatial,
        "foaf:homepage": reference(absolute(reverse("portal:home"))),
        "dcat:themeTaxonomy": reference(f"{EU}/data-theme"),
        "dcatap:availability": reference(STABLE),
        **({"dct:issued": moment(min(issued_all))} if issued_all else {}),
        **({"dct:modified": moment(max(modified_all))} if modified_all else {}),
        "dcat:dataset": datasets,
    }
