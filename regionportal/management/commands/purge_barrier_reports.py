"""Delete the reported barriers the privacy notice no longer lets the portal keep.

A report that is answered or closed is deleted a year after it came in (``regionportal.legal.models``,
``REPORT_RETENTION``); open reports stay until they are done. Run it daily, e.g.
``30 0 * * * … manage.py purge_barrier_reports``; ``--dry-run`` only counts.
"""

from django.core.management import BaseCommand
from django.db import transaction
from django.utils import timezone

from regionportal.legal.models import BarrierReport


class Command(BaseCommand):
    help = "Löscht erledigte Meldungen von Barrieren ein Jahr nach ihrem Eingang."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts löschen.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        with transaction.atomic():
            due = BarrierReport.objects.due_for_deletion(timezone.now())
            count = due.count() if dry_run else due.delete()[0]
        if verbosity:
            verb = "würden gelöscht" if dry_run else "gelöscht"
            self.stdout.write(self.style.SUCCESS(f"Meldungen von Barrieren {verb}: {count}"))
