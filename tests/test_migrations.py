"""Every migration of the project's apps runs backwards and forwards, on an empty database and under demo content.

The migrations run in a process of their own on a scratch database (a SQLite file, or on PostgreSQL a database
beside the test database), so the test database and the tests after this one are left alone. New migrations are
picked up from the migration graph; nothing here names them.
"""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_APPS = ["regionportal", "contacts", "projects", "decisions", "news"]


def migrate(targets):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()  # what is applied now
    executor.migrate(targets)


def graph():
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(connection).graph


def project_migrations():
    """The project's migrations in the order they are applied."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    return [(migration.app_label, migration.name) for migration, _ in plan if migration.app_label in PROJECT_APPS]


def earlier(node):
    """Migration targets that have ``node`` (and everything depending on it) unapplied.

    Initial migrations go back together, all apps to zero: makemigrations splits them (tables, then the foreign
    keys between apps), and a table whose rows lost their required foreign keys cannot take them back.
    """
    if any(name.endswith("_initial") for _app, name in graph().backwards_plan(node)):
        return [(app, None) for app in PROJECT_APPS]
    [parent] = [parent.key for parent in graph().node_map[node].parents if parent.key[0] == node[0]]
    return [parent]


def assert_schema_matches_the_models():
    from django.apps import apps

    for model in apps.get_models(include_auto_created=True):
        list(model._base_manager.values()[:1])  # every column of every table


def round_trips():
    from django.core.management import call_command
    from django.db import connection

    from projects.models import Project

    call_command("migrate", verbosity=0)
    nodes = project_migrations()
    assert ("regionportal", "0001_initial") in nodes and len(nodes) > 10, nodes

    # empty database: all the way back and forwards again
    migrate([(app, None) for app in PROJECT_APPS])
    assert not any(table.startswith("projects_") for table in connection.introspection.table_names())
    migrate(graph().leaf_nodes())
    assert_schema_matches_the_models()

    # newest first, each migration unapplied and applied again while the demo content fills the tables
    rounds = []
    for node in reversed(nodes):
        if (targets := earlier(node)) not in rounds:  # the initial migrations make one round together
            rounds.append(targets)
    for targets in rounds:
        if not Project.objects.exists():
            call_command("load_demo", verbosity=0)
        print(f"back to {targets} and forwards", flush=True)
        migrate(targets)
        migrate(graph().leaf_nodes())
        assert_schema_matches_the_models()
    call_command("load_demo", verbosity=0)
    assert Project.objects.published().filter(short_code="0de173").exists()
    print(f"{len(nodes)} migrations in {len(rounds)} rounds: ok")


def scratch_database(tmp_path):
    """Environment for a database of its own beside the configured one, and how to remove it again."""
    from django.conf import settings

    config = settings.DATABASES["default"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env |= {"DJANGO_SETTINGS_MODULE": "regionportal.settings.test", "PYTHONPATH": str(BASE_DIR)}
    if "postgresql" not in config["ENGINE"]:
        env.pop("DATABASE_URL", None)
        return env | {"DJANGO_SQLITE_PATH": str(tmp_path / "migrations.sqlite3")}, lambda: None
    import psycopg2

    name = f"test_{config['NAME']}_migrations_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    server = {"user": config["USER"], "password": config["PASSWORD"], "host": config["HOST"]}
    server |= {"port": config["PORT"] or 5432, "dbname": "postgres"}

    def run(statement):
        connection = psycopg2.connect(**server)
        connection.autocommit = True  # CREATE and DROP DATABASE refuse to run in a transaction
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    run(f'DROP DATABASE IF EXISTS "{name}"')
    run(f'CREATE DATABASE "{name}"')
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    env["DATABASE_URL"] = f"postgres://{config['USER']}{password}@{config['HOST']}:{server['port']}/{name}"
    return env, lambda: run(f'DROP DATABASE IF EXISTS "{name}"')


def test_every_migration_backwards_and_forwards(tmp_path):
    env, drop = scratch_database(tmp_path)
    try:
        result = subprocess.run(
            [sys.executable, "-c", "from tests.test_migrations import main; main()"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        drop()
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "rounds: ok" in result.stdout


def main():
    import django

    django.setup()
    round_trips()


if __name__ == "__main__":
    main()
