"""Bring an archive of ``backup`` back: ``python manage.py restore regionportal-2026-05-01.tar.gz``.

Into an empty installation only (migrated, but without accounts or content) unless ``--force``. Every file of
the archive is checked against the manifest's SHA-256 before anything is written; then the database content is
replaced (the full-text search vectors computed again) and the media files written in one transaction: if anything
fails, the database is rolled back and the files written so far are removed.
"""

import json
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import BaseCommand, CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, router, transaction

from regionportal.management.commands.backup import (
    DATA,
    EXCLUDED,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_PREFIX,
    sha256,
    storage_files,
)
from regionportal.search.index import rebuild_search_index

# What makes an installation "not empty": accounts and content (migrate itself creates groups and the site).
CONTENT_APPS = {"auth", "flatpages", "redirects", "regionportal", "contacts", "projects", "news"}
MIGRATION_DATA = {"auth.group", "sites.site"}


def restored_models():
    """The models whose rows an archive holds (the complement of ``backup.EXCLUDED``)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in EXCLUDED and model._meta.label_lower not in EXCLUDED
    ]


def content_models():
    return [
        model
        for model in restored_models()
        if model._meta.app_label in CONTENT_APPS and model._meta.label_lower not in MIGRATION_DATA
    ]


def read_archive(path):
    """The manifest and the contents of every listed file, each checked; a damaged archive is refused."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = tar.getmembers()
            names = [member.name for member in members]
            if MANIFEST not in names:
                raise CommandError(f"{path} ist keine Sicherung des Regionportals (manifest.json fehlt).")
            manifest = json.loads(tar.extractfile(MANIFEST).read())
            if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
                raise CommandError(f"{path}: unbekanntes Sicherungsformat {manifest.get('format')!r}.")
            listed = manifest["files"]
            if sorted(listed) != sorted(name for name in names if name != MANIFEST) or len(set(names)) != len(names):
                raise CommandError(f"{path}: Archiv und Inhaltsverzeichnis stimmen nicht überein.")
            contents = {}
            for member in members:
                if member.name == MANIFEST:
                    continue
                check_name(member)
                content = tar.extractfile(member).read()
                if len(content) != listed[member.name]["size"] or sha256([content]) != listed[member.name]["sha256"]:
                    raise CommandError(f"{path}: Prüfsumme von {member.name} stimmt nicht – das Archiv ist beschädigt.")
                contents[member.name] = content
    except (OSError, tarfile.TarError, EOFError, KeyError, ValueError) as error:
        raise CommandError(f"{path} lässt sich nicht lesen: {error}") from error
    if DATA not in contents:
        raise CommandError(f"{path}: data.json fehlt.")
    return manifest, contents


def check_name(member):
    """Only plain files, only ``data.json`` and ``media/…`` without absolute paths or ``..``."""
    path = PurePosixPath(member.name)
    if (
        not member.isfile()
        or path.is_absolute()
        or ".." in path.parts
        or any(ord(char) < 32 for char in member.name)
        or not (member.name == DATA or member.name.startswith(MEDIA_PREFIX))
    ):
        raise CommandError(f"Unzulässiger Eintrag im Archiv: {member.name!r}")


class Command(BaseCommand):
    help = "Stellt eine Sicherung (backup) in einer leeren Installation wieder her."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Die Archivdatei, die backup geschrieben hat.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Auch in eine Installation mit Inhalten: alle Inhalte und Mediendateien werden ersetzt.",
        )

    def handle(self, *args, archive, force, **options):
        manifest, contents = read_archive(archive)
        if not force:
            filled = [model._meta.label for model in content_models() if model._default_manager.exists()]
            if filled or storage_files(default_storage):
                raise CommandError(
                    "Die Installation ist nicht leer ("
                    + ", ".join(filled or ["Mediendateien"])
                    + "). Wiederherstellen nur in eine leere Installation, oder mit --force alles ersetzen."
                )
        media = {name.removeprefix(MEDIA_PREFIX): content for name, content in contents.items() if name != DATA}
        written = []
        try:
            with transaction.atomic(using=DEFAULT_DB_ALIAS):
                for model in restored_models():
                    if router.allow_migrate_model(DEFAULT_DB_ALIAS, model):
                        model._base_manager.all()._raw_delete(DEFAULT_DB_ALIAS)  # no signals: no history rows
                with tempfile.TemporaryDirectory() as folder:
                    data = Path(folder) / DATA
                    data.write_bytes(contents[DATA])
                    call_command("loaddata", str(data), verbosity=0)
                rebuild_search_index()  # derived from rows loaded in any order: computed again, complete
                for name in storage_files(default_storage) if force else []:
                    default_storage.delete(name)
                for name, content in media.items():
                    stored = default_storage.save(name, ContentFile(content))
                    written.append(stored)
                    if stored != name:
                        raise CommandError(f"Mediendatei {name} konnte nicht unter ihrem Namen gespeichert werden.")
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
        Site.objects.clear_cache()
        if options["verbosity"]:
            records = len(json.loads(contents[DATA]))
            self.stdout.write(
                f"{archive} (vom {manifest['created_at']}): {records} Datensätze und {len(media)} Mediendateien "
                "wiederhergestellt."
            )
