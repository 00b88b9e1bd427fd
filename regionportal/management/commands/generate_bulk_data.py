"""Generate realistic synthetic content at national scale, for benchmarks and query-plan checks.

Everything it creates carries the slug prefix ``bulk-`` (and AGS keys with the district digits ``99``, which no
real district uses), so it stays apart from the demo content and ``--clear`` removes exactly it. Rows are
written with ``bulk_create`` in batches; short codes are allocated in bulk as well. Deterministic for a
given ``--seed``.
"""

import random
import secrets
import sys
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from contacts.models import Organisation, Person
from news.models import Article
from projects.models import (
    FundingLine,
    FundingProgramme,
    Membership,
    Milestone,
    Municipality,
    Project,
    ProjectContact,
    ProjectGoal,
    ProjectImage,
    Region,
    RegionContact,
    State,
    Theme,
)
from regionportal.management.commands.load_demo import placeholder_picture
from regionportal.media.models import Image
from regionportal.media.processing import make_missing_renditions
from regionportal.publishing.models import PublicationState, ShortLink
from regionportal.search.index import rebuild_search_index

PREFIX = "bulk-"
BATCH = 2000

PLACES = [
    "Ahrenfeld",
    "Bergheide",
    "Brunnstedt",
    "Dornbach",
    "Eichenau",
    "Elmshagen",
    "Falkenried",
    "Finkenbeck",
    "Grünwalde",
    "Hasselburg",
    "Hohenmoor",
    "Ilmental",
    "Kirchrode",
    "Lindenhorst",
    "Marienthal",
    "Mühlhausen",
    "Neuenkamp",
    "Oberwiesen",
    "Rosenfeld",
    "Sandbrück",
    "Schönau",
    "Steinbach",
    "Talheim",
    "Ulmenried",
    "Waldsee",
    "Weidenau",
    "Wiesental",
    "Zellerfeld",
]
SUFFIXES = ["", " am See", " an der Ruhr", " im Sauerland", " (Westf.)", " bei Kassel", " am Hellweg", " ob der Au"]
THEMES = [
    "Digitalisierung",
    "Mobilität",
    "Klimaschutz",
    "Fachkräfte",
    "Strukturwandel",
    "Daseinsvorsorge",
    "Tourismus",
    "Wohnen",
    "Bildung",
    "Gesundheit",
    "Energie",
    "Innenstadt",
    "Ehrenamt",
    "Landwirtschaft",
    "Kultur",
]
ACTIONS = [
    "Ausbau",
    "Neugestaltung",
    "Modellvorhaben",
    "Netzwerk",
    "Zukunftswerkstatt",
    "Förderung",
    "Konzept",
    "Reallabor",
    "Beratungsstelle",
    "Pilotprojekt",
]
OBJECTS = [
    "Glasfaser für Gewerbegebiete",
    "Bürgerbus und Rufbus",
    "Quartierszentrum",
    "Radschnellweg",
    "Ladeinfrastruktur",
    "digitale Bürgerdienste",
    "Dorfladen mit Dorfbüro",
    "Ausbildungsverbund",
    "Nahwärmenetz",
    "Innenstadtmanagement",
    "Coworking-Space",
    "Hausarztversorgung",
    "Haldenpark",
    "Kraftwerksstandort",
    "Wanderwegenetz",
    "Hochwasserschutz",
]
SENTENCES = [
    "Die beteiligten Kommunen stimmen ihre Planungen in einer gemeinsamen Lenkungsgruppe ab.",
    "Bürgerinnen und Bürger werden in Werkstätten und Online-Befragungen beteiligt.",
    "Das Vorhaben knüpft an die Ergebnisse des regionalen Entwicklungskonzepts an.",
    "Ein Regionalmanagement begleitet die Umsetzung und berichtet jährlich dem Kreistag.",
    "Die Förderung deckt einen Teil der Personal- und Sachkosten für drei Jahre.",
    "Im Mittelpunkt stehen gleichwertige Lebensverhältnisse in Stadt und Land.",
    "Der Strukturwandel nach dem Kohleausstieg eröffnet neue Flächen für Gewerbe und Freizeit.",
    "Ergebnisse und Erfahrungen werden anderen Regionen als Leitfaden zur Verfügung gestellt.",
]
FIRST_NAMES = ["Anna", "Jonas", "Fatma", "Lukas", "Marie", "Mehmet", "Sophie", "Paul", "Lea", "Tobias", "Nina", "Jan"]
LAST_NAMES = ["Schulte", "Becker", "Yilmaz", "Hoffmann", "Wagner", "Krüger", "Neumann", "Schröder", "Peters", "Kaya"]


class Command(BaseCommand):
    help = "Erzeugt synthetische Inhalte in großer Menge (Präfix „bulk-“), getrennt von den Demo-Inhalten."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=10_000)
        parser.add_argument("--articles", type=int, default=20_000)
        parser.add_argument("--regions", type=int, default=400)
        parser.add_argument("--municipalities", type=int, default=11_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--clear", action="store_true", help="Vorher erzeugte Massendaten zuerst löschen.")

    def handle(self, *args, projects, articles, regions, municipalities, seed, clear, verbosity=1, **options):
        if min(projects, articles, regions, municipalities) < 0 or regions < 1 or municipalities < regions:
            raise CommandError("Mengen müssen positiv sein, mit mindestens so vielen Kommunen wie Regionen.")
        self.verbosity = verbosity
        self.random = random.Random(seed)
        if Region.objects.filter(slug__startswith=PREFIX).exists():
            if not clear:
                raise CommandError("Es gibt schon Massendaten. Mit --clear werden sie vorher gelöscht.")
            self.clear()
        with transaction.atomic():
            self.states = list(State.objects.all())
            if not self.states:
                raise CommandError("Erst die Referenzdaten laden: python manage.py load_demo")
            self.make_reference_data()
            self.make_regions(regions, municipalities)
            self.make_projects(projects)
            self.make_articles(articles)
            rebuild_search_index()  # bulk_create bypasses save(), which computes the search vectors
        self.stdout.write(
            self.style.SUCCESS(
                f"Massendaten erzeugt: {regions} Regionen, {municipalities} Kommunen, {projects} Projekte, "
                f"{articles} Nachrichten."
            )
        )

    # -- helpers ------------------------------------------------------------------------------------------------

    def progress(self, label, done, total):
        if self.verbosity and total:
            width = 30
            filled = width * done // total
            sys.stdout.write(f"\r{label:<14} [{'#' * filled}{'.' * (width - filled)}] {done:>6}/{total}")
            if done == total:
                sys.stdout.write("\n")
            sys.stdout.flush()

    def create(self, model, rows, label=None):
        """bulk_create in batches with a progress bar; returns the created rows (with primary keys)."""
        created = []
        for start in range(0, len(rows), BATCH):
            created += model.objects.bulk_create(rows[start : start + BATCH])
            if label:
                self.progress(label, min(start + BATCH, len(rows)), len(rows))
        return created

    def register_short_codes(self, model, objects):
        """Allocate unique short codes for many objects at once (the registry is never reused)."""
        taken = set(ShortLink.objects.values_list("code", flat=True))
        content_type = ContentType.objects.get_for_model(model)
        links = []
        for obj in objects:
            code = secrets.token_hex(3)
            while code in taken:
                code = secrets.token_hex(3)
            taken.add(code)
            obj.short_code = code
            links.append(ShortLink(code=code, content_type=content_type, object_id=obj.pk))
        self.create(ShortLink, links)
        for start in range(0, len(objects), BATCH):
            model.objects.bulk_update(objects[start : start + BATCH], ["short_code"])

    def text(self, sentences=3):
        return " ".join(self.random.sample(SENTENCES, sentences))

    def some(self, population, low, high):
        return self.random.sample(population, self.random.randint(low, min(high, len(population))))

    def day(self, start_year=2012, end_year=2026):
        start = date(start_year, 1, 1)
        return start + timedelta(days=self.random.randrange((date(end_year, 12, 31) - start).days))

    def clear(self):
        Article.objects.filter(slug__startswith=PREFIX).delete()
        Project.objects.filter(slug__startswith=PREFIX).delete()
        FundingProgramme.objects.filter(slug__startswith=PREFIX).delete()
        Region.objects.filter(slug__startswith=PREFIX).delete()
        Municipality.objects.filter(slug__startswith=PREFIX).delete()
        Person.objects.filter(slug__startswith=PREFIX).delete()
        Organisation.objects.filter(slug__startswith=PREFIX).delete()
        Theme.objects.filter(slug__startswith=PREFIX).delete()
        Image.objects.filter(file__startswith="bulk/").delete()

    # -- content ------------------------------------------------------------------------------------------------

    def make_reference_data(self):
        published = PublicationState.PUBLISHED
        self.themes = list(Theme.objects.all()) + self.create(
            Theme,
            [
                Theme(name=f"{name} (regional)", slug=f"{PREFIX}{index}", description=self.text(2))
                for index, name in enumerate(THEMES)
            ],
        )
        bodies = self.create(
            Organisation,
            [
                Organisation(
                    name=f"Förderstelle {level}",
                    slug=f"{PREFIX}foerderstelle-{index}",
                    kind="ministry",
                    state=published,
                )
                for index, level in enumerate(["EU", "Bund", "Land", "Kreis"])
            ],
        )
        self.programmes = self.create(
            FundingProgramme,
            [
                FundingProgramme(
                    name=f"{theme} in der Region – Programm {index + 1}",
                    slug=f"{PREFIX}programm-{index}",
                    funding_body=bodies[index % 4],
                    level=["eu", "federal", "state", "county"][index % 4],
                    summary=self.text(1),
                    start_date=self.day(2014, 2020),
                    state=published,
                )
                for index, theme in enumerate(THEMES * 2)
            ],
        )
        self.images = self.create(
            Image,
            [
                Image(
                    file=f"bulk/bild-{index}.jpg",
                    width=1200,
                    height=800,
                    title=f"Projektbild {index}",
                    alt_text=f"Blick auf ein Projektgebiet ({index})",
                    creator="Pressestelle",
                    credit_line=f"Foto: Pressestelle {PLACES[index % len(PLACES)]}",
                )
                for index in range(40)
            ],
        )
        for image in self.images:
            if not default_storage.exists(image.file.name):
                default_storage.save(image.file.name, placeholder_picture(image))
        make_missing_renditions(self.images)  # bulk_create does not save() them one by one

    def make_regions(self, region_count, municipality_count):
        rng = self.random
        municipalities = []
        for index in range(municipality_count):
            state = self.states[index % len(self.states)]
            place = f"{PLACES[index % len(PLACES)]}{SUFFIXES[(index // len(PLACES)) % len(SUFFIXES)]}"
            municipalities.append(
                Municipality(
                    name=f"{place} {index // (len(PLACES) * len(SUFFIXES)) + 1}",
                    slug=f"{PREFIX}kommune-{index}",
                    kind=rng.choice(["city", "municipality"]),
                    ags=f"{state.code}99{index // 16:04d}",
                    state=state,
                    latitude=Decimal(f"{rng.uniform(47.5, 54.8):.5f}"),
                    longitude=Decimal(f"{rng.uniform(6.0, 14.9):.5f}"),
                    population=rng.randint(800, 250_000),
                )
            )
        self.municipalities = self.create(Municipality, municipalities, "Kommunen")
        organisations = self.create(
            Organisation,
            [
                Organisation(
                    name=f"Kreisverwaltung {index + 1}",
                    slug=f"{PREFIX}verwaltung-{index}",
                    kind="county",
                    phone=f"0 23 {index % 90 + 10:02d} / 27-{index % 90 + 10:02d} 61",
                    email=f"regionalentwicklung{index}@example.org",
                    state=PublicationState.PUBLISHED,
                )
                for index in range(region_count)
            ],
        )
        self.people = self.create(
            Person,
            [
                Person(
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    slug=f"{PREFIX}person-{index}",
                    position="Regionalmanagement",
                    organisation=organisations[index],
                    phone="0 23 03 / 27-14 61",
                    email=f"kontakt{index}@example.org",
                    confirmed_on=self.day(2023, 2026),
                    state=PublicationState.PUBLISHED,
                )
                for index in range(region_count)
            ],
        )
        self.regions = self.create(
            Region,
            [
                Region(
                    name=f"Region {PLACES[index % len(PLACES)]}-Land {index + 1}",
                    slug=f"{PREFIX}region-{index}",
                    kind=rng.choice(["county", "cooperation-area", "regional-association"]),
                    summary=self.text(1),
                    description=self.text(4),
                    organisation=organisations[index],
                    image=rng.choice(self.images),
                    state=PublicationState.PUBLISHED,
                )
                for index in range(region_count)
            ],
            "Regionen",
        )
        self.register_short_codes(Region, self.regions)
        Region.states.through.objects.bulk_create(
            [
                Region.states.through(region=region, state=self.states[index % len(self.states)])
                for index, region in enumerate(self.regions)
            ]
        )
        # A few large cooperation areas with hundreds of members, the rest county-sized.
        memberships = []
        self.members_of = {region.pk: [] for region in self.regions}
        for index, municipality in enumerate(self.municipalities):
            region = self.regions[index % len(self.regions)]
            memberships.append(Membership(region=region, municipality=municipality, valid_from=date(1975, 1, 1)))
            self.members_of[region.pk].append(municipality)
        for region in self.regions[:5]:
            for municipality in rng.sample(self.municipalities, min(400, len(self.municipalities))):
                if municipality not in self.members_of[region.pk]:
                    memberships.append(
                        Membership(region=region, municipality=municipality, valid_from=date(2020, 1, 1))
                    )
                    self.members_of[region.pk].append(municipality)
        self.create(Membership, memberships, "Mitgliedschaften")
        self.create(
            RegionContact,
            [
                RegionContact(region=region, person=person, role="Auskunft")
                for region, person in zip(self.regions, self.people, strict=True)
            ],
        )

    def make_projects(self, count):
        rng = self.random
        statuses = ["planned", "running", "running", "completed"]
        projects = []
        for index in range(count):
            region = self.regions[index % len(self.regions)]
            place = rng.choice(self.members_of[region.pk]) if self.members_of[region.pk] else None
            start = self.day()
            projects.append(
                Project(
                    title=f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {place.name if place else region.name}",
                    slug=f"{PREFIX}projekt-{index}",
                    summary=self.text(2),
                    body="\n\n".join(self.text(3) for _ in range(4)),
                    lead_region=region,
                    is_region_wide=index % 7 == 0,
                    status=rng.choice(statuses),
                    start_date=start,
                    end_date=start + timedelta(days=rng.randint(180, 1800)),
                    featured=index % 500 == 0,
                    lead_organisation=region.organisation,
                    state=PublicationState.PUBLISHED,
                )
            )
        self.projects = self.create(Project, projects, "Projekte")
        self.register_short_codes(Project, self.projects)
        through = Project.municipalities.through
        theme_through = Project.themes.through
        municipality_links, theme_links, funding, goals, milestones, contacts, images = [], [], [], [], [], [], []
        for index, project in enumerate(self.projects):
            members = self.members_of[project.lead_region_id]
            for municipality in self.some(members, 1, 4):
                municipality_links.append(through(project=project, municipality=municipality))
            for theme in self.some(self.themes, 1, 3):
                theme_links.append(theme_through(project=project, theme=theme))
            for order in range(rng.randint(1, 2)):
                funding.append(
                    FundingLine(
                        project=project,
                        programme=rng.choice(self.programmes),
                        order=order,
                        amount=Decimal(rng.randrange(20_000, 5_000_000, 1_000)),
                        amount_is_approximate=index % 3 == 0,
                        funding_rate=Decimal(rng.choice([50, 65, 80, 90])),
                    )
                )
            goals += [
                ProjectGoal(
                    project=project, title=f"Ziel {n + 1}: {rng.choice(OBJECTS)}", order=n, is_lighthouse=n == 0
                )
                for n in range(3)
            ]
            milestones += [
                Milestone(
                    project=project,
                    date=project.start_date + timedelta(days=120 * n),
                    title=["Projektstart", "Beschluss", "Zwischenbericht"][n],
                )
                for n in range(3)
            ]
            contacts.append(
                ProjectContact(project=project, person=self.people[index % len(self.people)], role="Auskunft")
            )
            images.append(ProjectImage(project=project, image=self.images[index % len(self.images)]))
        for model, rows, label in [
            (through, municipality_links, "Kommunen-Bezug"),
            (theme_through, theme_links, "Themen-Bezug"),
            (FundingLine, funding, "Förderungen"),
            (ProjectGoal, goals, "Ziele"),
            (Milestone, milestones, "Meilensteine"),
            (ProjectContact, contacts, None),
            (ProjectImage, images, None),
        ]:
            self.create(model, rows, label)

    def make_articles(self, count):
        rng = self.random
        now = timezone.now()
        articles = []
        for index in range(count):
            project = self.projects[index % len(self.projects)] if self.projects else None
            articles.append(
                Article(
                    title=f"{rng.choice(['Startschuss für', 'Neues vom', 'Bilanz:', 'Förderbescheid für'])} "
                    f"{project.title if project else rng.choice(OBJECTS)}",
                    slug=f"{PREFIX}nachricht-{index}",
                    teaser=self.text(2),
                    body="\n\n".join(self.text(3) for _ in range(3)),
                    date=now - timedelta(days=rng.randrange(0, 365 * 12), minutes=index),
                    image=rng.choice(self.images),
                    source="Pressestelle",
                    state=PublicationState.PUBLISHED,
                )
            )
        self.articles = self.create(Article, articles, "Nachrichten")
        self.register_short_codes(Article, self.articles)
        region_links, theme_links, project_links = [], [], []
        for index, article in enumerate(self.articles):
            project = self.projects[index % len(self.projects)] if self.projects else None
            region = project.lead_region if project else self.regions[index % len(self.regions)]
            region_links.append(Article.regions.through(article=article, region=region))
            theme_links.append(Article.themes.through(article=article, theme=rng.choice(self.themes)))
            if project:
                project_links.append(Article.related_projects.through(article=article, project=project))
        self.create(Article.regions.through, region_links, "Nachr.-Regionen")
        self.create(Article.themes.through, theme_links)
        self.create(Article.related_projects.through, project_links)
