"""Existing rows get their search index once every migration has run (not inside a migration, where today's models
may name columns later migrations add)."""

import pytest
from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import post_migrate

from regionportal.search.models import SearchEntry
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def plan_of(*names):
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return [(graph.nodes[name], False) for name in names]


def send_post_migrate(plan):
    post_migrate.send(apps.get_app_config("regionportal"), app_config=apps.get_app_config("regionportal"), plan=plan)


def test_a_migration_adding_the_entries_fills_them_for_the_rows_there_are():
    project = make_project(title="Radschnellweg Kamen")
    SearchEntry.objects.all().delete()  # as before the migration

    send_post_migrate(plan_of(("regionportal", "0009_search_entries")))

    assert SearchEntry.objects.filter(kind="projects.project", object_id=project.pk).exists()


def test_other_migrations_leave_the_index_alone():
    make_project(title="Radschnellweg Kamen")
    SearchEntry.objects.all().delete()

    send_post_migrate(plan_of(("projects", "0009_easy_language_version")))
    send_post_migrate(None)  # flush

    assert not SearchEntry.objects.exists()
