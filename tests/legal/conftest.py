import pytest
from django.conf import settings
from django.core.management import call_command

from regionportal.legal import forms

LEGAL_FIXTURE = settings.BASE_DIR / "fixtures" / "06_legal_pages.json"


@pytest.fixture
def legal_pages(db):
    """The demo content's imprint, privacy notice and accessibility statement."""
    call_command("loaddata", LEGAL_FIXTURE, verbosity=0)


@pytest.fixture
def later(monkeypatch):
    """Move the form's clock on, as a person takes a while to fill it in."""

    def move(seconds):
        now = forms.now()
        monkeypatch.setattr(forms, "now", lambda: now + seconds)

    return move
