"""Write the whole installation into one archive: ``python manage.py backup regionportal-2026-05-01.tar.gz``.

The archive (tar.gz) holds ``manifest.json``, ``data.json`` (every row in ``dumpdata``'s JSON format with natural
foreign keys, so content types and permissions are found by name when restoring) and ``media/`` (every file of
the default storage). The manifest lists each file with its size and SHA-256; ``restore`` checks them all before
it touches anything. Primary keys are kept, so short links and other generic relations stay valid.

Left out on purpose: content types and permissions (``migrate`` creates them), sessions, django-axes' login
attempts and access log (operational, not content), and the stored search index (``restore`` computes it).
"""

import datetime
import hashlib
import io
import json
import tarfile
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

FORMAT = "regionportal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA_PREFIX = "media/"
# The search entries and words are derived from the content (regionportal.search.models): restore computes them.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"] + [
    "regionportal.searchentry",
    "regionportal.searchword",
]
# The stored search text (regionportal.search.index): restore computes it again.
DERIVED_FIELDS = ("search_text",)


def sha256(chunks):
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def backed_up_models():
    """Every model except the excluded ones, those a row refers to before the row (as ``dumpdata`` orders them)."""
    included = [
        (config, [model for model in config.get_models() if model._meta.label_lower not in EXCLUDED])
        for config in apps.get_app_configs()
        if config.label not in EXCLUDED
    ]
    return serializers.sort_dependencies(included, allow_cycles=True)


def storage_files(storage, folder=""):
    """Every file name in ``storage`` below ``folder``, recursively, sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # no upload yet: the media folder does not exist
        return []
    names = [str(PurePosixPath(folder, name)) for name in files]
    for sub in folders:
        names += storage_files(storage, str(PurePosixPath(folder, sub)))
    return sorted(names)


class Command(BaseCommand):
    help = "Sichert Datenbankinhalt und Mediendateien in ein Archiv (tar.gz mit Prüfsummen)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Pfad der Archivdatei, die geschrieben wird (z. B. sicherung.tar.gz).")
        parser.add_argument("--force", action="store_true", help="Eine vorhandene Datei überschreiben.")

    def handle(self, *args, archive, force, **options):
        target = Path(archive)
        if target.exists() and not force:
            raise CommandError(f"{target} gibt es schon. Mit --force wird sie überschrieben.")
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "django": django.get_version(),
            "database": connection.vendor,
            "files": {},
        }
        partial = target.with_name(f".{target.name}.partial")
        try:
            with tarfile.open(partial, "w:gz") as tar:
                data = self.dump()
                self.add(tar, manifest, DATA, data)
                media = storage_files(default_storage)
                for name in media:
                    with default_storage.open(name, "rb") as file:
                        self.add(tar, manifest, MEDIA_PREFIX + name, file.read())
                self.add(tar, manifest, MANIFEST, json.dumps(manifest, indent=2).encode(), listed=False)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(target)
        if options["verbosity"]:
            records = len(json.loads(data))
            self.stdout.write(f"{target}: {records} Datensätze und {len(media)} Mediendateien gesichert.")

    def dump(self):
        """Every row as JSON like ``dumpdata --all --natural-foreign``, read as one snapshot (on PostgreSQL every
        table in the same transaction), with times to the microsecond (``dumpdata`` cuts them to milliseconds)."""
        outermost = not connection.in_atomic_block  # else the caller's transaction decides
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            rows = []
            for model in backed_up_models():
                rows += serializers.serialize(
                    "python", model._base_manager.order_by("pk").iterator(), use_natural_foreign_keys=True
                )
        for row in rows:
            for field in DERIVED_FIELDS:
                row["fields"].pop(field, None)
        return json.dumps(rows, cls=ExactJSONEncoder, ensure_ascii=False).encode()

    def add(self, tar, manifest, name, content, listed=True):
        info = tarfile.TarInfo(name)
        info.size = len(content)
        info.mtime = int(timezone.now().timestamp())
        tar.addfile(info, io.BytesIO(content))
        if listed:
            manifest["files"][name] = {"size": len(content), "sha256": sha256([content])}
