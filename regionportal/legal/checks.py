"""What ``check --deploy`` reports about the legal pages (regionportal.W103): a page missing (imprint, privacy
notice, the portal in Leichte Sprache), a required field of the accessibility statement empty, or text still holding
a placeholder ``[Vom Betreiber einzutragen: …]`` or the demo content's operator ("Demo-Betrieb")."""

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.db import models
from django.utils.html import strip_tags

from regionportal.legal.easy_language import PORTAL_PAGE
from regionportal.legal.models import (
    DEMO_MARKER,
    PLACEHOLDER_MARKER,
    AccessibilityStatement,
    Conformance,
    NonAccessibleContent,
)

FLAT_PAGES = ("/impressum/", "/datenschutz/", PORTAL_PAGE)  # the portal in Leichte Sprache: BITV 2.0 § 4
STATEMENT_PATH = "/barrierefreiheit/"


def statement_fields(model=AccessibilityStatement):
    """The fields of the statement (or of its non-accessible parts) an editor fills in: (required ones, free texts
    that may hold demo content)."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and not field.is_relation
    ]
    required = [field.name for field in fields if not field.blank]
    texts = [
        field.name for field in fields if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]
    return required, texts


def flat_page_problems(site_id):
    pages = {page.url: page for page in FlatPage.objects.filter(sites=site_id, url__in=FLAT_PAGES)}
    for url in FLAT_PAGES:
        page = pages.get(url)
        if page is None or not strip_tags(page.content).strip():
            yield f"The legal page {url} is missing or empty."
        elif marker := left_over(page.title, page.content):
            yield f"The legal page {url} still contains {marker}."


def statement_problems(site_id):
    statement = AccessibilityStatement.objects.filter(site_id=site_id).first()
    if statement is None:
        yield f"The accessibility statement ({STATEMENT_PATH}) has not been set up."
        return
    required, texts = statement_fields()
    empty = [name for name in required if getattr(statement, name) in ("", None)]
    if empty:
        yield f"Required fields of the accessibility statement ({STATEMENT_PATH}) are empty: {', '.join(empty)}."
    for name in texts:
        if marker := left_over(getattr(statement, name)):
            yield f"The field {name} of the accessibility statement ({STATEMENT_PATH}) still contains {marker}."
    parts = list(statement.non_accessible_parts.all())
    if statement.conformance != Conformance.FULL and not parts:
        yield (
            f"The accessibility statement ({STATEMENT_PATH}) names no non-accessible content although the portal is "
            "not fully compliant."
        )
    _required, part_texts = statement_fields(NonAccessibleContent)
    for part in parts:
        for name in part_texts:
            if marker := left_over(getattr(part, name)):
                yield (
                    f"The non-accessible part {part.content!r} of the accessibility statement ({STATEMENT_PATH}) "
                    f"still contains {marker} in {name}."
                )


def left_over(*texts):
    """What of the demo content is still in ``texts``, described for the check message, or ``None``."""
    text = "".join(texts)
    if PLACEHOLDER_MARKER in text:
        return f"placeholders ({PLACEHOLDER_MARKER}: …])"
    if DEMO_MARKER in text:
        return f"the demo content's operator ({DEMO_MARKER!r})"
    return None


def legal_page_problems(site_id=None):
    """Every problem of the imprint, the privacy notice and the accessibility statement of the site, in English
    like Django's own check messages."""
    site_id = site_id or settings.SITE_ID
    return [*flat_page_problems(site_id), *statement_problems(site_id)]
