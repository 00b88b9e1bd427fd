"""Import council decisions from an OParl 1.1 system: ``python manage.py import_oparl <body-url>``.

Reads the body and its paper list (every page), only the papers changed since the last successful import of that
body unless ``--full``; creates and completes decisions, marks papers deleted in the system as withdrawn, and never
deletes or overwrites what editors entered (decisions.oparl, docs/oparl.md). All or nothing: on a timeout, an HTTP
error or an answer that is not OParl the command writes nothing, says why and exits with status 1. ``--dry-run``
reads everything and reports what would change.
"""

from django.core.management import BaseCommand, CommandError

from decisions.oparl import OParlError, synchronise


class Command(BaseCommand):
    help = "Liest Drucksachen eines Gremiums aus einem OParl-1.1-System und übernimmt sie als Beschlüsse."

    def add_arguments(self, parser):
        parser.add_argument("body_url", metavar="BODY-URL", help="Adresse des OParl-Objekts „Body“.")
        parser.add_argument(
            "--full", action="store_true", help="Alle Drucksachen lesen, nicht nur die seit dem letzten Abgleich."
        )
        parser.add_argument(
            "--timeout", type=float, default=30, metavar="SEKUNDEN", help="Wartezeit je Anfrage (Standard: 30)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Nichts speichern, nur berichten.")

    def handle(self, *args, body_url, full, timeout, dry_run, verbosity, **options):
        try:
            outcome = synchronise(body_url, full=full, timeout=timeout, dry_run=dry_run)
        except OParlError as error:
            raise CommandError(f"OParl-Abgleich abgebrochen, nichts gespeichert: {error}") from error
        if verbosity >= 2:
            since = outcome.since.isoformat(timespec="seconds") if outcome.since else "Beginn"
            self.stdout.write(f"{outcome.body}: {outcome.pages} Listenseiten, Änderungen seit {since}")
            for label, decisions in (
                ("neu", outcome.created),
                ("aktualisiert", outcome.updated),
                ("zurückgezogen", outcome.withdrawn),
            ):
                for decision in decisions:
                    self.stdout.write(f"  {label}: {decision}")
        for decision, names in outcome.kept if verbosity else ():
            fields = ", ".join(str(decision._meta.get_field(name).verbose_name) for name in names)
            self.stdout.write(f"Von der Redaktion geändert, beibehalten: {decision} ({fields})")
        for message in outcome.skipped:
            self.stderr.write(self.style.WARNING(f"Übersprungen: {message}"))
        summary = (
            f"{outcome.body}: {len(outcome.created)} neu, {len(outcome.updated)} aktualisiert, "
            f"{len(outcome.withdrawn)} zurückgezogen, {outcome.unchanged} unverändert"
        )
        if dry_run:
            self.stdout.write(f"Probelauf, nichts gespeichert – {summary}.")
        elif verbosity:
            self.stdout.write(self.style.SUCCESS(f"OParl-Abgleich fertig – {summary}."))
