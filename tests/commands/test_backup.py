"""backup and restore: the demo content and its media survive the round trip into an empty installation."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from projects.models import Project
from regionportal.backoffice.permissions import REGION_EDITORS
from regionportal.management.commands.backup import EXCLUDED, storage_files

pytestmark = pytest.mark.django_db


def every_record():
    """Every row of every backed-up model, serialised with natural foreign keys, by model and primary key.

    Many-to-many rows are part of their model's record (their own primary keys are not kept).
    """
    records = {}
    for model in apps.get_models():
        if model._meta.app_label in EXCLUDED or model._meta.label_lower in EXCLUDED:
            continue
        for obj in model._base_manager.order_by("pk"):
            [data] = serializers.serialize("python", [obj], use_natural_foreign_keys=True)
            records[(model._meta.label, obj.pk)] = data["fields"]
    return records


def differences(before, after):
    """``(model, pk, field, before, after)`` for every value that differs, and for rows only on one side."""
    found = [(key, "row", "present", "missing") for key in before.keys() - after.keys()]
    found += [(key, "row", "missing", "present") for key in after.keys() - before.keys()]
    for key in before.keys() & after.keys():
        found += [
            (key, name, value, after[key].get(name))
            for name, value in before[key].items()
            if after[key].get(name) != value
        ]
    return found


def every_file():
    result = {}
    for name in storage_files(default_storage):
        with default_storage.open(name, "rb") as file:
            result[name] = hashlib.sha256(file.read()).hexdigest()
    return result


def empty_installation():
    """What a freshly migrated installation holds: content types and permissions, no other row, no media file."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label_lower not in {"contenttypes.contenttype", "auth.permission"}:
            model._base_manager.all()._raw_delete(model._base_manager.db)
    for name in storage_files(default_storage):
        default_storage.delete(name)


@pytest.fixture
def content():
    call_command("load_demo", verbosity=0)
    user = User.objects.create_user("redaktion", password="ein-langes-passwort", is_staff=True)
    user.groups.add(Group.objects.get(name=REGION_EDITORS))
    TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    Redirect.objects.create(site=Site.objects.get_current(), old_path="/alt/", new_path="/projekte/")
    project = Project.objects.published().first()
    project.title += " (geändert)"
    project.save()  # a second historical version
    assert FlatPage.objects.exists() and default_storage.listdir("")
    return every_record(), every_file()


def test_round_trip_brings_back_every_record_and_file(content, tmp_path):
    records, files = content
    archive = tmp_path / "sicherung.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    empty_installation()
    assert not Project.objects.exists() and not every_file()

    call_command("restore", str(archive), verbosity=0)

    assert differences(records, every_record()) == []
    assert every_file() == files
    assert len(files) >= 2 and len(records) > 400


def test_the_archive_lists_every_file_with_its_checksum(content, tmp_path):
    archive = tmp_path / "sicherung.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        for name, entry in manifest["files"].items():
            assert hashlib.sha256(tar.extractfile(name).read()).hexdigest() == entry["sha256"]
    assert set(manifest["files"]) == {"data.json"} | {f"media/{name}" for name in content[1]}


def test_the_archive_leaves_out_the_stored_search_index(content, tmp_path):
    """A tsvector on PostgreSQL, folded text on SQLite: restore computes it again, on either database."""
    archive = tmp_path / "sicherung.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        rows = json.loads(tar.extractfile("data.json").read())
    projects = [row["fields"] for row in rows if row["model"] == "projects.project"]
    assert projects and all("title" in fields for fields in projects)
    assert not [row for row in rows if "search_text" in row["fields"]]


def test_restore_refuses_an_installation_with_content(content, tmp_path):
    archive = tmp_path / "sicherung.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with pytest.raises(CommandError, match="nicht leer"):
        call_command("restore", str(archive), verbosity=0)

    call_command("restore", str(archive), force=True, verbosity=0)  # replaces everything
    assert differences(content[0], every_record()) == []
    assert every_file() == content[1]


def rewrite(archive, target, change):
    """A copy of ``archive`` with ``change(name, bytes) -> bytes`` applied to every member."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


def test_a_damaged_archive_changes_nothing(content, tmp_path):
    archive, damaged = tmp_path / "sicherung.tar.gz", tmp_path / "beschaedigt.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    rewrite(
        archive, damaged, lambda name, data: data.replace(b"Kreis Unna", b"Kreis Xnna") if name == "data.json" else data
    )
    empty_installation()

    with pytest.raises(CommandError, match="Prüfsumme von data.json"):
        call_command("restore", str(damaged), verbosity=0)

    assert not Project.objects.exists() and not every_file()


def test_a_failing_load_rolls_everything_back(content, tmp_path):
    """Valid checksums, but a record that cannot be loaded: no row and no file stays behind."""
    archive, broken = tmp_path / "sicherung.tar.gz", tmp_path / "kaputt.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    def break_data(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["files"]["data.json"] = {"size": len(BROKEN), "sha256": hashlib.sha256(BROKEN).hexdigest()}
            return json.dumps(manifest).encode()
        return BROKEN if name == "data.json" else data

    with tarfile.open(archive) as tar:
        rows = json.loads(tar.extractfile("data.json").read())
    rows.append({"model": "projects.project", "pk": 999999, "fields": {"title": None}})
    BROKEN = json.dumps(rows).encode()
    rewrite(archive, broken, break_data)
    empty_installation()

    with pytest.raises(Exception):  # noqa: B017 - whatever the database refuses
        call_command("restore", str(broken), verbosity=0)

    assert not Project.objects.exists() and not User.objects.exists()
    assert every_file() == {}


@pytest.mark.parametrize("name", ["../ausserhalb.txt", "/etc/passwd-kopie", "media/../../x", "anderes.txt"])
def test_an_archive_with_foreign_paths_is_refused(tmp_path, name):
    target = tmp_path / "boese.tar.gz"
    content = b"x"
    manifest = {
        "format": "regionportal-backup",
        "version": 1,
        "created_at": "2026-01-01T00:00:00+00:00",
        "files": {
            "data.json": {"size": 2, "sha256": hashlib.sha256(b"[]").hexdigest()},
            name: {"size": 1, "sha256": hashlib.sha256(content).hexdigest()},
        },
    }
    with tarfile.open(target, "w:gz") as tar:
        for member_name, data in [
            ("manifest.json", json.dumps(manifest).encode()),
            ("data.json", b"[]"),
            (name, content),
        ]:
            info = tarfile.TarInfo(member_name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

    with pytest.raises(CommandError, match="Unzulässiger Eintrag"):
        call_command("restore", str(target), verbosity=0)
    assert not Path(tmp_path.parent / "ausserhalb.txt").exists()


def test_backup_does_not_overwrite_without_force(tmp_path):
    archive = tmp_path / "sicherung.tar.gz"
    archive.write_bytes(b"alt")
    with pytest.raises(CommandError, match="gibt es schon"):
        call_command("backup", str(archive), verbosity=0)
    assert archive.read_bytes() == b"alt"
