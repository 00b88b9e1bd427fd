"""Plain factory functions for tests: each makes a valid, published object with sensible defaults."""

import itertools
from datetime import date
from decimal import Decimal

from django.utils import timezone

from contacts.models import Organisation, Person
from news.models import Article
from projects.models import (
    Fund,
    FundingLine,
    FundingProgramme,
    Membership,
    Municipality,
    MunicipalityKind,
    Project,
    Region,
    RegionKind,
    State,
    Theme,
)
from regionportal.publishing.models import PublicationState

_counter = itertools.count(1)


def _n():
    return next(_counter)


def make_state(code="05", abbreviation="NW", name="Nordrhein-Westfalen"):
    state, _created = State.objects.get_or_create(code=code, defaults={"abbreviation": abbreviation, "name": name})
    return state


def make_theme(**kwargs):
    n = _n()
    defaults = {"name": f"Thema {n}", "slug": f"thema-{n}"}
    return Theme.objects.create(**(defaults | kwargs))


def make_municipality(**kwargs):
    n = _n()
    defaults = {
        "name": f"Gemeinde {n}",
        "slug": f"gemeinde-{n}",
        "kind": MunicipalityKind.MUNICIPALITY,
        "ags": f"05978{n % 1000:03d}",
        "latitude": "51.5",
        "longitude": "7.6",
    }
    values = defaults | kwargs
    values.setdefault("state", make_state())
    return Municipality.objects.create(**values)


def make_organisation(**kwargs):
    n = _n()
    defaults = {"name": f"Organisation {n}", "slug": f"organisation-{n}", "state": PublicationState.PUBLISHED}
    return Organisation.objects.create(**(defaults | kwargs))


def make_person(**kwargs):
    n = _n()
    defaults = {
        "first_name": "Erika",
        "last_name": f"Muster{n}",
        "slug": f"erika-muster-{n}",
        "phone": "0 23 03 / 27-14 61",
        "email": f"erika{n}@example.org",
        "state": PublicationState.PUBLISHED,
    }
    return Person.objects.create(**(defaults | kwargs))


def make_region(members=(), **kwargs):
    n = _n()
    defaults = {
        "name": f"Region {n}",
        "slug": f"region-{n}",
        "kind": RegionKind.COUNTY,
        "state": PublicationState.PUBLISHED,
    }
    region = Region.objects.create(**(defaults | kwargs))
    region.states.add(make_state())
    for municipality in members:
        Membership.objects.create(region=region, municipality=municipality)
    return region


def make_programme(**kwargs):
    n = _n()
    defaults = {
        "name": f"Förderprogramm {n}",
        "slug": f"foerderprogramm-{n}",
        "level": "federal",
        "state": PublicationState.PUBLISHED,
    }
    return FundingProgramme.objects.create(**(defaults | kwargs))


def make_project(region=None, amount=None, **kwargs):
    n = _n()
    defaults = {
        "title": f"Projekt {n}",
        "slug": f"projekt-{n}",
        "summary": "Ein Projekt für die Region.",
        "status": "running",
        "start_date": date(2021, 11, 30),
        "state": PublicationState.PUBLISHED,
    }
    values = defaults | kwargs
    values["lead_region"] = region or make_region()
    project = Project.objects.create(**values)
    if amount is not None:
        FundingLine.objects.create(project=project, programme=make_programme(), amount=amount)
    return project


def make_operation(project=None, intervention_fields=(), **kwargs):
    """A funding line with every item of the EU list of operations, validated like the back office validates it."""
    n = _n()
    defaults = {
        "programme": make_programme(),
        "operation_code": f"2021DE16RFPR001-{n:04d}",
        "beneficiary": make_organisation(name=f"Begünstigte {n} GmbH"),
        "total_cost": Decimal("1250000.50"),
        "eligible_cost": Decimal("1000000.00"),
        "fund": Fund.ERDF,
        "cofinancing_rate": Decimal("80.50"),
        "specific_objective": "RSO1.1",
        "start_date": date(2022, 3, 1),
        "end_date": date(2025, 6, 30),
        "postcode": "59423",
    }
    line = FundingLine(project=project or make_project(), **(defaults | kwargs))
    line.full_clean()
    line.save()
    line.intervention_fields.set(intervention_fields)
    return line


def make_article(**kwargs):
    n = _n()
    defaults = {
        "title": f"Nachricht {n}",
        "slug": f"nachricht-{n}",
        "teaser": "Kurz gesagt.",
        "date": timezone.now(),
        "state": PublicationState.PUBLISHED,
    }
    return Article.objects.create(**(defaults | kwargs))


# A 1×1 pixel GIF: the smallest valid picture for image fields.
TINY_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def make_image(**kwargs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from regionportal.media.models import Image

    n = _n()
    defaults = {
        "file": SimpleUploadedFile(f"bild-{n}.gif", TINY_GIF, content_type="image/gif"),
        "title": f"Bild {n}",
        "alt_text": f"Beschreibung von Bild {n}",
        "creator": "Hans Blossey",
        "credit_line": "Foto: Hans Blossey",
    }
    return Image.objects.create(**(defaults | kwargs))


def make_document(**kwargs):
    from regionportal.media.models import Document

    n = _n()
    defaults = {
        "title": f"Dokument {n}",
        "external_url": f"https://example.org/dokument-{n}.pdf",
        "size_bytes": 123456,
    }
    return Document.objects.create(**(defaults | kwargs))
