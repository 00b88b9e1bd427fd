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
    return [
        reverse("portal:home"),
        reverse("projects:region-list"),
        region.get_absolute_url(),
        municipality.get_absolute_url(),
        reverse("projects:list"),
        f"{reverse('projects:list')}?region={region.slug}&status=running&sort=title",
        f"{reverse('projects:list')}?start_year_min=abc",
        project.get_absolute_url(),
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
        "/diese-seite-gibt-es-nicht/",
        "/en/",
        f"/en{project.get_absolute_url()}",
    ]


def rendered_form(response, action):
    """What the browser would send for the page's form posting to ``action``: every field with its rendered value,
    hidden fields (CSRF token, timestamps) included."""
    forms = [form for form in lxml.html.fromstring(response.content).forms if form.get("action") == action]
    assert len(forms) == 1, f"the page has {len(forms)} forms posting to {action}"
    values = dict(forms[0].form_values())
    for textarea in forms[0].xpath(".//textarea[@name]"):  # browsers drop the newline right after <textarea>
        values[textarea.name] = values.get(textarea.name, "").removeprefix("\n")
    for field in forms[0].inputs:  # browsers send empty text fields too, lxml leaves them out
        if field.name and field.get("type") not in ("checkbox", "radio", "submit") and "disabled" not in field.attrib:
            values.setdefault(field.name, "")
    return values


def sent_values(form):
    """What the browser sends for ``form`` (an lxml form element) as rendered: ``{name: [values]}``, hidden fields
    and preset choices included, for ``client.post``."""
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data
