"""Load the demo content (the five seed pages) into the database.

Loads fixtures/01_…05_*.json in one transaction, registers a short code for every public object,
draws placeholder pictures for images whose file is missing, makes the images' renditions and the share images of
the demo content and the home page (under names that follow from their content: loading again writes no file twice),
and — only with DEBUG on — creates a local "admin" account with a random password saved in .dev-admin-password.
"""

import json
import secrets
import textwrap
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import BaseCommand, call_command
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw

from projects.models import Region
from regionportal.media.fonts import font
from regionportal.media.models import Image
from regionportal.media.processing import make_missing_renditions
from regionportal.pages.share_images import KINDS, draw_share_images
from regionportal.publishing.models import ShortLink
from regionportal.search.index import rebuild_search_index

FIXTURES_DIR = settings.BASE_DIR / "fixtures"
DEV_PASSWORD_FILE = settings.BASE_DIR / ".dev-admin-password"


def demo_fixtures():
    return sorted(str(path) for path in Path(FIXTURES_DIR).glob("[0-9][0-9]_*.json"))


def demo_slugs(fixtures, model):
    """The slugs of the ``model`` rows (e.g. ``"projects.project"``) in the fixtures."""
    return [
        entry["fields"]["slug"]
        for fixture in fixtures
        for entry in json.loads(Path(fixture).read_text())
        if entry["model"] == model
    ]


def demo_share_selection(fixtures):
    """``{kind: primary keys}`` of the demo objects with a share image (see ``share_images.KINDS``)."""
    return {
        name: kind.model._default_manager.filter(slug__in=demo_slugs(fixtures, kind.model._meta.label_lower)).values(
            "pk"
        )
        for name, kind in KINDS.items()
    }


def placeholder_picture(image):
    """A calm two-tone picture with the image's title, clearly marked as a placeholder."""
    width, height = image.width or 1200, image.height or 800
    picture = PILImage.new("RGB", (width, height), (224, 236, 241))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(0, 84, 122))
    large = font(max(24, width // 24))
    small = font(max(16, width // 48))
    lines = textwrap.wrap(image.title, width=32)
    y = height // 5
    for line in lines:
        draw.text((width // 16, y), line, fill=(20, 33, 61), font=large)
        y += int(large.size * 1.3)
    draw.text(
        (width // 16, height * 2 // 3 + height // 12), f"Platzhalter · {image.credit_line}", fill="white", font=small
    )
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=82, optimize=True)
    return ContentFile(buffer.getvalue())


class Command(BaseCommand):
    help = "Lädt die Demo-Inhalte (die fünf Seed-Seiten) in die Datenbank."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur anzeigen, was geladen würde.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Nichts tun, wenn schon Regionen in der Datenbank stehen."
        )

    def handle(self, *args, dry_run=False, if_empty=False, verbosity=1, **options):
        fixtures = demo_fixtures()
        if if_empty and Region.objects.exists():
            self.stdout.write("Es sind schon Inhalte vorhanden – Demo-Inhalte nicht erneut geladen.")
            if settings.DEBUG:
                self.ensure_dev_admin()
            return
        if dry_run:
            for fixture in fixtures:
                self.stdout.write(f"würde laden: {fixture}")
            return
        with transaction.atomic():
            call_command("loaddata", *fixtures, verbosity=verbosity)
            registered = ShortLink.objects.register_all()
            rebuild_search_index()  # loaddata saves raw, without computing the search vectors
            # nor leaves the first version in the history, which the next edit is compared with
            call_command("populate_history", auto=True, verbosity=0)
        if verbosity:
            self.stdout.write(f"Kurzlinks vergeben: {registered}")
        drawn = 0
        for image in Image.objects.all():
            if image.file and not default_storage.exists(image.file.name):
                default_storage.save(image.file.name, placeholder_picture(image))
                drawn += 1
        if verbosity:
            self.stdout.write(f"Platzhalterbilder gezeichnet: {drawn}")
        made = make_missing_renditions(Image.objects.all())  # loaddata stores the rows without save()
        shared = draw_share_images(demo_share_selection(fixtures))
        if verbosity:
            self.stdout.write(f"Bildvarianten erstellt für {made} Bilder, Vorschaubilder gezeichnet: {shared}")
        if settings.DEBUG:
            self.ensure_dev_admin()
        self.stdout.write(self.style.SUCCESS("Demo-Inhalte geladen."))

    def ensure_dev_admin(self):
        user_model = get_user_model()
        if user_model.objects.filter(username="admin").exists():
            if DEV_PASSWORD_FILE.exists():
                self.stdout.write(f"Anmeldung unter /admin/: admin / {DEV_PASSWORD_FILE.read_text().strip()}")
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser("admin", "admin@localhost", password)
        DEV_PASSWORD_FILE.write_text(password + "\n")
        DEV_PASSWORD_FILE.chmod(0o600)
        self.stdout.write(self.style.WARNING(f"Nur für die Entwicklung – Anmeldung unter /admin/: admin / {password}"))
