"""Check and repair the files the portal derives from its content: image renditions and share images.

``python manage.py renditions`` reports what is missing and what is orphaned and changes nothing.
``--rebuild-missing`` makes the renditions of every image whose record is not current (written without
``save()``, made with other settings, or listing files that are gone) and draws every missing share image;
``--remove-orphans`` deletes the files under ``varianten/`` and ``share/`` that nothing refers to any more (e.g.
renditions of replaced files, or the suffixed copies older versions wrote). Files younger than ``--min-age``
minutes are kept, so a save in progress elsewhere (its files written, its row not yet committed) keeps them.
``--dry-run`` lists what would be done. Run it after a deployment that changes rendition or layout settings and
nightly after midnight (pictures whose rights expired change what share images show).
"""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management import BaseCommand
from django.utils import timezone

from regionportal.caching.cache import bump_content_version
from regionportal.management.commands.backup import storage_files
from regionportal.media.models import Image
from regionportal.media.processing import (
    RENDITIONS_FOLDER,
    has_current_renditions,
    make_missing_renditions,
    missing_renditions,
    recorded_names,
    renditions_record,
)
from regionportal.pages import share_images


class Command(BaseCommand):
    help = "Prüft Bildvarianten und Vorschaubilder: fehlende neu erstellen, verwaiste Dateien löschen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild-missing", action="store_true", help="Fehlende Bildvarianten und Vorschaubilder erstellen."
        )
        parser.add_argument(
            "--remove-orphans", action="store_true", help="Dateien löschen, auf die nichts mehr verweist."
        )
        parser.add_argument("--dry-run", action="store_true", help="Nur anzeigen, was geschähe.")
        parser.add_argument(
            "--min-age",
            type=int,
            default=60,
            metavar="MINUTEN",
            help="Verwaiste Dateien erst löschen, wenn sie so alt sind (Standard: 60 Minuten).",
        )

    def handle(self, *args, rebuild_missing, remove_orphans, dry_run, min_age, verbosity, **options):
        self.verbosity = verbosity
        self.dry_run = dry_run or not (rebuild_missing or remove_orphans)  # no action: a report
        stored = set(storage_files(default_storage, RENDITIONS_FOLDER)) | set(
            storage_files(default_storage, share_images.FOLDER)
        )  # listed first: a file written from now on is not taken for an orphan
        referenced = self.renditions(rebuild_missing) | self.share_images(rebuild_missing)
        orphans = sorted(name for name in stored - referenced if self.older_than(name, min_age))
        self.orphans(orphans, remove_orphans)
        self.stdout.write(self.style.SUCCESS("Nur geprüft, nichts geändert." if self.dry_run else "Fertig."))

    def renditions(self, rebuild):
        """The rendition files the images refer to once they are current; made if ``rebuild``."""
        referenced, outdated, files = set(), [], 0
        for image in Image.objects.exclude(file="").order_by("pk").iterator(chunk_size=500):
            if has_current_renditions(image) and not missing_renditions(image):
                referenced |= recorded_names(image.renditions)
                continue
            record = renditions_record(image, write=False) or image.renditions  # a missing file: as it is
            absent = [name for name in sorted(recorded_names(record)) if not image.file.storage.exists(name)]
            outdated.append(image)
            files += len(absent)
            referenced |= recorded_names(record)
            self.detail(f"Bildvarianten von {image.file.name}: {len(absent)} Dateien fehlen")
        verb = "würden erstellt" if self.dry_run or not rebuild else "erstellt"
        if rebuild and not self.dry_run and make_missing_renditions(outdated, force=True):
            bump_content_version()  # pages show the renditions instead of the originals
        self.summary(f"Bildvarianten: {len(outdated)} Bilder nicht aktuell, {files} Dateien {verb}")
        return referenced

    def share_images(self, rebuild):
        """The share images of every project and article as they are now; the missing ones drawn if ``rebuild``."""
        referenced, missing = set(), []
        for source in share_images.share_sources():
            referenced.add(source.path)
            if not share_images.is_stored(source):
                missing.append(source)
                self.detail(f"Vorschaubild fehlt: {source.path} ({source.kind} {source.slug})")
        if rebuild and not self.dry_run:
            drawn = sum(share_images.draw(source) for source in missing)
            if drawn:
                bump_content_version()  # pages announce the pictures now
            self.summary(f"Vorschaubilder: {len(missing)} fehlten, {drawn} gezeichnet")
        else:
            self.summary(f"Vorschaubilder: {len(missing)} fehlen")
        return referenced

    def orphans(self, orphans, remove):
        for name in orphans:
            self.detail(f"verwaist: {name}")
            if remove and not self.dry_run:
                default_storage.delete(name)
        verb = "gelöscht" if remove and not self.dry_run else "zu löschen"
        self.summary(f"Verwaiste Dateien: {len(orphans)} {verb}")

    @staticmethod
    def older_than(name, minutes):
        try:
            return default_storage.get_modified_time(name) <= timezone.now() - timedelta(minutes=minutes)
        except FileNotFoundError:  # gone with the outdated renditions it belonged to
            return False

    def summary(self, line):
        if self.verbosity:
            self.stdout.write(line)

    def detail(self, line):
        if self.verbosity >= 2:
            self.stdout.write(f"  {line}")
