"""The EU list of operations: every funding line with an operation code (Regulation (EU) 2021/1060, Art. 49(3))
as a download in the columns of the Commission's list-of-operations template, ``/offene-daten/vorhaben.csv``.

Column names, and where each comes from (docs/open-data.md, "operations", repeats this):

- [V] the field table of the Kohesio validator's specification (Interoperable Europe, "Kohesio validator –
  Specification"): ``Operation_Unique_Identifier``, ``Operation_Name_Programme_Language``, ``Country``,
  ``Location_Indicator_Postcode``. Only the first rows of that table could be read.
- [P] the validator's rules, repository ISAITB/validator-plugin-kohesio (``LocationIndicatorRule``,
  ``OperationDateRule``, ``TotalEligibleExpenditureRule``): ``Location_Indicator_NUTS_code``,
  ``Location_Indicator_latitude_longitude``, ``Operation_Start_Date``, ``Operation_End_Date`` (``dd/MM/yyyy``),
  ``Total_Eligible_Expenditure_Currency``, ``Total_Eligible_Expenditure_Exchange_Rate``.
- [K] the columns of the lists Kohesio publishes (its CSV exports, as read by programs that process them):
  ``Operation_Summary_Programme_Language``, ``Beneficiary_Name``, ``Beneficiary_Unique_Identifier``,
  ``Total_Eligible_Expenditure_amount``, ``Project_EU_Budget``, ``Cofinancing_Rate``, ``Fund_Code``, ``Fund_Name``,
  ``Specific_Objective_Label``, ``Category_Of_Intervention``, ``Category_Label``, ``Date_Of_Last_Update``.
- the portal's own name where none of these names the item Art. 49(3)(h) asks for: ``Total_Cost_amount``.

Rows follow the project list: every filter of ``/projekte/`` applies (``ags``, ``ars``, ``nuts`` included), in
its order (``sort``), a project's operations in the order of its funding lines.
"""

from dataclasses import dataclass
from operator import attrgetter

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation
from projects.filters import ProjectFilter
from projects.models import Fund, FundingLine, Project
from regionportal.opendata.datasets import LIST, OPTIONAL_NUMBER, OPTIONAL_STRING, STRING, Dataset, Field, period_of
from regionportal.publishing.models import is_published

COUNTRY = "Germany"  # the validator's "fixed value pre-filled by country", in English as in Kohesio's lists
# Kohesio's English fund names (Fund_Name); national funding has no fund code.
FUND_NAMES = {
    Fund.ERDF: "European Regional Development Fund",
    Fund.ESF_PLUS: "European Social Fund Plus",
    Fund.JTF: "Just Transition Fund",
    Fund.EAFRD: "European Agricultural Fund for Rural Development",
    Fund.EMFAF: "European Maritime, Fisheries and Aquaculture Fund",
    Fund.INTERREG: "Interreg (European territorial cooperation)",
    Fund.NONE: "No EU fund (national funding)",
}
DAY = "%d/%m/%Y"  # the validator's dd/MM/yyyy
DAY_SCHEMA = {"type": ["string", "null"], "pattern": r"^\d{2}/\d{2}/\d{4}$"}


def day(value):
    return value.strftime(DAY) if value else None


def operation_rows():
    """Published projects with operations, each with its operations (``project.operations``) and everything the
    columns read loaded in a constant number of queries."""
    operations = (
        FundingLine.objects.operations()
        .select_related("beneficiary")
        .annotate(beneficiary_is_published=is_published(Organisation, "beneficiary"))
        .prefetch_related("intervention_fields")
    )
    return (
        Project.objects.published()
        .filter(pk__in=operations.values("project"))
        .prefetch_related(Prefetch("funding_lines", queryset=operations, to_attr="operations"))
    )


def beneficiary_uri(line):
    """The beneficiary's page in the portal, its identifier here, when the page is public."""
    return line.beneficiary.get_absolute_url() if line.beneficiary_is_published else None


def coordinates(line):
    return f"{line.latitude},{line.longitude}" if line.latitude is not None else None


@dataclass(frozen=True)
class OperationsDataset(Dataset):
    """Rows are projects (so that the project list's filters and order apply); records are their operations."""

    def records(self, rows, absolute):
        for project in rows:
            for line in project.operations:
                yield self.record(line, absolute)

    def download_path(self, fmt):
        return reverse("opendata:operations", kwargs={"fmt": fmt})

    def api_path(self):
        return None


OPERATIONS = OperationsDataset(
    slug="operations",
    file_name="vorhaben",
    title=_("EU-Liste der Vorhaben"),
    description=_(
        "Die Vorhaben der veröffentlichten Projekte – Förderungen mit Kennzeichen – in den Spalten der Liste der "
        "Vorhaben nach Art. 49 Abs. 3 der Verordnung (EU) 2021/1060, wie sie der Kohesio-Validator der "
        "EU-Kommission prüft."
    ),
    path="projekte",  # the list page whose filters apply
    rows_of=operation_rows,
    filterset_class=ProjectFilter,
    keywords=(_("EU-Förderung"), _("Liste der Vorhaben"), _("Kohäsionspolitik"), _("Kofinanzierung")),
    period=lambda: period_of(
        FundingLine.objects.operations().filter(project__in=Project.objects.published()), "start_date", "end_date"
    ),
    fields=(
        Field("Operation_Unique_Identifier", _("Kennzeichen des Vorhabens"), STRING, attrgetter("operation_code")),
        Field("Operation_Name_Programme_Language", _("Name (Titel des Projekts)"), STRING, attrgetter("project.title")),
        Field(
            "Operation_Summary_Programme_Language",
            _("Zweck des Vorhabens (Kurzbeschreibung des Projekts)"),
            STRING,
            attrgetter("project.summary"),
        ),
        Field("Beneficiary_Name", _("Name der begünstigten Stelle"), STRING, attrgetter("beneficiary.name")),
        Field(
            "Beneficiary_Unique_Identifier",
            _("Seite der begünstigten Stelle im Portal, wenn sie veröffentlicht ist"),
            {"type": ["string", "null"], "format": "uri"},
            beneficiary_uri,
            site_path=True,
        ),
        Field("Operation_Start_Date", _("Beginn (TT/MM/JJJJ)"), DAY_SCHEMA, lambda line: day(line.start_date)),
        Field("Operation_End_Date", _("(Geplantes) Ende (TT/MM/JJJJ)"), DAY_SCHEMA, lambda line: day(line.end_date)),
        Field("Total_Cost_amount", _("Gesamtkosten"), OPTIONAL_NUMBER, attrgetter("total_cost")),
        Field(
            "Total_Eligible_Expenditure_amount",
            _("Förderfähige Kosten"),
            OPTIONAL_NUMBER,
            attrgetter("eligible_cost"),
        ),
        Field(
            "Total_Eligible_Expenditure_Currency",
            _("Währung der Beträge (ISO 4217)"),
            STRING,
            attrgetter("currency"),
        ),
        Field(
            "Total_Eligible_Expenditure_Exchange_Rate",
            _("Wechselkurs: 1 EUR in der Währung; leer bei EUR"),
            OPTIONAL_NUMBER,
            attrgetter("exchange_rate"),
        ),
        Field(
            "Project_EU_Budget",
            _("EU-Anteil: förderfähige Kosten mal EU-Kofinanzierungssatz"),
            OPTIONAL_NUMBER,
            attrgetter("eu_share"),
        ),
        Field(
            "Cofinancing_Rate", _("EU-Kofinanzierungssatz in Prozent"), OPTIONAL_NUMBER, attrgetter("cofinancing_rate")
        ),
        Field(
            "Fund_Code",
            _("EU-Fonds; leer bei nationaler Förderung"),
            OPTIONAL_STRING,
            lambda line: None if line.fund == Fund.NONE else line.fund,
        ),
        Field("Fund_Name", _("Name des Fonds (englisch)"), STRING, lambda line: FUND_NAMES[line.fund]),
        Field("Specific_Objective_Label", _("Spezifisches Ziel"), STRING, attrgetter("specific_objective")),
        Field(
            "Category_Of_Intervention",
            _("Art der Intervention: Codes nach Anhang I der Verordnung (EU) 2021/1060"),
            LIST,
            lambda line: [field.code for field in line.intervention_fields.all()],
        ),
        Field(
            "Category_Label",
            _("Art der Intervention: Bezeichnungen (englisch)"),
            LIST,
            lambda line: [field.title for field in line.intervention_fields.all()],
        ),
        Field("Country", _("Land"), STRING, lambda line: COUNTRY),
        Field("Location_Indicator_Postcode", _("Postleitzahl"), STRING, attrgetter("postcode")),
        Field("Location_Indicator_NUTS_code", _("NUTS-Code"), STRING, attrgetter("nuts_code")),
        Field(
            "Location_Indicator_latitude_longitude",
            _("Breiten- und Längengrad (WGS 84), durch Komma getrennt"),
            OPTIONAL_STRING,
            coordinates,
        ),
        Field(
            "Date_Of_Last_Update",
            _("Letzte Änderung des Projekts (TT/MM/JJJJ)"),
            DAY_SCHEMA,
            lambda line: day(timezone.localdate(line.project.updated_at)),
        ),
    ),
)
