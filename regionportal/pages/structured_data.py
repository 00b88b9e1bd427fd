"""schema.org descriptions (JSON-LD) of the portal's public objects, for search engines and data users.

One function per kind of page; ``describe(obj, request)`` picks the right one. Only what the page itself shows.
"""

from django.urls import reverse

from contacts.models import Organisation, Person
from news.models import Article
from projects.models import Municipality, Project, Region


def _url(request, obj):
    return request.build_absolute_uri(obj.get_absolute_url())


def _contact_point(entry):
    return {
        key: value
        for key, value in {
            "@type": "ContactPoint",
            "telephone": entry.phone,
            "faxNumber": entry.fax,
            "email": entry.email,
        }.items()
        if value
    }


def _area(place):
    """A region or municipality as an ``AdministrativeArea`` named and identified by its official key URI
    (DCAT-AP.de's vocabulary, as in the open-data catalogue)."""
    data = {"@type": "AdministrativeArea", "name": place.name}
    if place.key_uri:
        data["sameAs"] = place.key_uri
    return data


def organisation(obj, request):
    data = {"@type": "GovernmentOrganization", "name": obj.name, "url": _url(request, obj)}
    if obj.website:
        data["sameAs"] = obj.website
    if obj.street or obj.city:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": obj.street,
            "postalCode": obj.postal_code,
            "addressLocality": obj.city,
            "addressCountry": "DE",
        }
    if obj.phone or obj.fax or obj.email:
        data["contactPoint"] = _contact_point(obj)
    return data


def person(obj, request):
    data = {"@type": "Person", "name": obj.full_name, "url": _url(request, obj), "jobTitle": obj.position}
    data.update({key: value for key, value in _contact_point(obj).items() if key != "@type"})
    if obj.organisation:  # the person page loads the organisation only when it is public
        data["worksFor"] = {"@type": "GovernmentOrganization", "name": obj.organisation.name}
    return {key: value for key, value in data.items() if value}


def place(obj, request):
    data = _area(obj) | {"url": _url(request, obj)}
    if isinstance(obj, Municipality):
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "AGS", "value": obj.ags}
        if obj.latitude is not None:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(obj.latitude),
                "longitude": float(obj.longitude),
            }
    elif obj.ars:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "ARS", "value": obj.ars}
    if getattr(obj, "description", ""):
        data["description"] = obj.summary or obj.description[:300]
    return data


def project(obj, request):
    data = {
        "@type": "Project",
        "name": obj.title,
        "description": obj.summary,
        "url": _url(request, obj),
        "areaServed": [_area(obj.lead_region), *(_area(place) for place in obj.municipalities.all())],
    }
    if obj.start_date:
        data["foundingDate"] = obj.start_date.isoformat()
    if obj.lead_organisation_id:
        data["parentOrganization"] = {"@type": "Organization", "name": obj.lead_organisation.name}
    return data


def article(obj, request):
    data = {
        "@type": "NewsArticle",
        "headline": obj.title[:110],
        "description": obj.teaser,
        "datePublished": obj.date.isoformat(),
        "dateModified": obj.modified.isoformat(),
        "url": _url(request, obj),
        "mainEntityOfPage": _url(request, obj),
    }
    areas = [_area(region) for region in obj.regions.all()]  # the article page loads the published ones
    if areas:
        data["spatialCoverage"] = areas
    if obj.image:  # the article page loads the image only while its usage rights last
        data["image"] = request.build_absolute_uri(obj.image.file.url)
    if obj.author:
        data["author"] = {"@type": "Person", "name": obj.author}
    elif obj.source:
        data["author"] = {"@type": "Organization", "name": obj.source}
    return data


DESCRIBERS = [
    (Project, project),
    (Article, article),
    (Region, place),
    (Municipality, place),
    (Person, person),
    (Organisation, organisation),
]


def describe(obj, request):
    for model, describer in DESCRIBERS:
        if isinstance(obj, model):
            return {"@context": "https://schema.org", **describer(obj, request)}
    raise TypeError(f"no schema.org description for {type(obj).__name__}")


def website(request, name):
    search = request.build_absolute_uri(reverse("portal:search"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": name,
        "url": request.build_absolute_uri(reverse("portal:home")),
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{search}?q={{query}}",
            "query-input": "required name=query",
        },
    }
