"""PostgreSQL search prerequisites: the unaccent and pg_trgm extensions and the ``german_unaccent`` configuration.

Every operation here is a no-op on SQLite (and any other database): the extensions' operations check the vendor
themselves, the configuration is created by ``RunPython`` only on PostgreSQL.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# The SQL as it was when this migration was written (the configuration is dropped again in 0005_search_text).
CREATE_SEARCH_CONFIG = """
CREATE TEXT SEARCH CONFIGURATION german_unaccent (COPY = german);
ALTER TEXT SEARCH CONFIGURATION german_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, german_stem;
"""
DROP_SEARCH_CONFIG = "DROP TEXT SEARCH CONFIGURATION IF EXISTS german_unaccent;"


def run_on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("contacts", "0002_history")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(run_on_postgresql(CREATE_SEARCH_CONFIG), run_on_postgresql(DROP_SEARCH_CONFIG)),
    ]
