"""The public pages the accessibility, keyboard and HTML-validity checks walk, taken from the demo content, and
the values a rendered form sends."""

import lxml.html
from django.urls import reverse

from contacts.models import Organisation, Person
from news.models import Article
from projects.models import FundingProgramme, Municipality, Project, Region, Theme


def _first_public(model, **filters):
    obj = model.objects.published().filter(**filters).order_by("pk").first()
    assert obj is not None, f"the demo content has no public {model.__name__}"
    return obj.get_absolute_url()


def public_pages():
    """One URL of every kind of public page (German), plus the English home and project page."""
    project = Project.objects.published().filter(short_code="0de173").first() or Project.objects.published().first()
    municipality = Municipality.objects.filter(projects__in=Project.objects.published()).order_by("pk").first()
    theme = Theme.objects.filter(projects__in=Project.objects.published()).order_by("pk").first()
    region = Region.objects.published().order_by("pk").first()
    easy = Project.with_easy_language().order_by("pk").first()
    assert easy is not None, "the demo content has no project in Leichte Sprache"
    return [
        reverse("portal:home"),
        reverse("projects:region-list"),
        region.get_absolute_url(),
        municipality.get_absolute_url(),
        reverse("projects:list"),
        f"{reverse('projects:list')}?region={region.slug}&status=running&sort=title",
        f"{reverse('projects:list')}?start_year_min=abc",
        project.get_absolute_url(),
        easy.get_absolute_url(),  # linking its version in Leichte Sprache
        easy.get_easy_language_url(),
        reverse("projects:programme-list"),
        _first_public(FundingProgramme),
        theme.get_absolute_url(),
        reverse("projects:figures"),
        reverse("projects:region-figures", kwargs={"slug": region.slug}),
        reverse("news:list"),
        _first_public(Article),
        _first_public(Person),
        _first_public(Organisation),
        f"{reverse('portal:search')}?q=Region",
        reverse("portal:credits"),
        reverse("portal:imprint"),
        reverse("portal:privacy"),
        reverse("portal:accessibility"),
        reverse("portal:accessibility-feedback"),
        reverse("portal:easy-language"),
        "/diese-seite-gibt-es-nicht/",
        "/en/",
        f"/en{project.get_absolute_url()}",
        f"/en{reverse('portal:easy-language')}",
    ]


def rendered_form(response, action):
    """What the browser would send for the page's form posting to ``action``, one value per name (a list where a
    name has several)."""
    forms = [
        form
        for form in lxml.html.fromstring(response.content.decode(response.charset)).forms
        if form.get("action") == action
    ]
    assert len(forms) == 1, f"the page has {len(forms)} forms posting to {action}"
    return {name: values[0] if len(values) == 1 else values for name, values in sent_values(forms[0]).items()}


def sent_values(form):
    """What the browser sends for ``form`` (an lxml form element) as rendered: ``{name: [values]}``, hidden fields
    and preset choices included, for ``client.post``. Like a browser, and unlike lxml's ``form_values()``, it sends
    empty text fields and drops the newline right after ``<textarea>``; files are the test's to add."""
    data = {}
    for field in form.inputs:
        if not field.name or "disabled" in field.attrib:
            continue
        if field.tag == "textarea":
            values = [field.value.removeprefix("\n")]
        elif field.tag == "select":
            values = list(field.value) if field.multiple else [field.value] if field.value is not None else []
        elif field.type in ("submit", "image", "reset", "button", "file") or (field.checkable and not field.checked):
            continue
        else:
            values = [field.value or ""]
        data.setdefault(field.name, []).extend(values)
    return data


def page_form(response, form_id):
    """The lxml element of the form with ``form_id`` on the page of ``response``."""
    return lxml.html.fromstring(response.content.decode(response.charset)).get_element_by_id(form_id)
