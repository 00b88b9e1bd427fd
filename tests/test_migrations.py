"""Every migration of the project's apps runs backwards and forwards, on an empty database and under demo content.

Runs on the database of the test run: SQLite by default, PostgreSQL with ``DATABASE_URL`` (as ``.ci/run`` does).
New migrations are picked up from the migration graph; nothing here names them.
"""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.models import Project

PROJECT_APPS = ["regionportal", "contacts", "projects", "news"]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()  # what is applied now
    executor.migrate(targets)


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def project_migrations():
    """The project's migrations in the order they are applied."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    return [
        (migration.app_label, migration.name) for migration, _backwards in plan if migration.app_label in PROJECT_APPS
    ]


def earlier(node):
    """Migration targets that have ``node`` (and everything depending on it) unapplied.

    Initial migrations go back together, all apps to zero: makemigrations splits them (tables, then the foreign
    keys between apps), and a table whose rows lost their required foreign keys cannot take them back.
    """
    graph = MigrationExecutor(connection).loader.graph
    if any(name.endswith("_initial") for _app, name in graph.backwards_plan(node)):
        return [(app, None) for app in PROJECT_APPS]
    [parent] = [parent.key for parent in graph.node_map[node].parents if parent.key[0] == node[0]]
    return [parent]


def assert_schema_matches_the_models():
    for model in apps.get_models(include_auto_created=True):
        list(model._base_manager.values()[:1])  # every column of every table


def test_every_migration_on_an_empty_database():
    migrate([(app, None) for app in PROJECT_APPS])
    assert not any(table.startswith("projects_") for table in connection.introspection.table_names())

    migrate(latest())

    assert_schema_matches_the_models()


def test_every_migration_backwards_and_forwards_under_the_demo_content():
    """Newest first: each migration is unapplied and applied again while the demo content fills the tables."""
    nodes = project_migrations()
    assert ("regionportal", "0001_initial") in nodes and len(nodes) > 10
    rounds = []
    for node in reversed(nodes):
        if (targets := earlier(node)) not in rounds:  # the initial migrations make one round together
            rounds.append(targets)
    for targets in rounds:
        if not Project.objects.exists():
            call_command("load_demo", verbosity=0)

        migrate(targets)
        migrate(latest())

        assert_schema_matches_the_models()
    call_command("load_demo", verbosity=0)
    assert Project.objects.published().filter(short_code="0de173").exists()
