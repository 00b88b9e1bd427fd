"""``manage.py import_oparl`` against the local OParl fixture server (conftest.py): paging, ``modified_since``,
deleted papers, editors' records and changes kept, all or nothing on errors."""

import socket
from datetime import date
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from decisions.models import Body, Decision, DecisionResult
from tests.factories import make_project

pytestmark = pytest.mark.django_db

PAPER = "{base}/oparl/v1.1/paper/{number}"
PAPER_PAGE = b'{"data": [{"id": "x", "type": "https://schema.oparl.org/1.1/Paper", %s}]}'


def run(server, *args):
    out = StringIO()
    call_command("import_oparl", server.body_url, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def paper(server, number):
    return Decision.objects.get(oparl_id=PAPER.format(base=server.base, number=number))


def snapshot():
    return list(Decision.objects.order_by("pk").values()), list(Body.objects.order_by("pk").values())


@pytest.fixture
def kreistag(oparl_server):
    """The body as the portal administration set it up, with an editor's decision about a project."""
    return Body.objects.create(name="Kreistag Beispielkreis", oparl_id=oparl_server.body_url)


@pytest.fixture
def radwege(kreistag):
    """An editor entered the Drucksache number of the project's decision and its result before any import."""
    project = make_project(title="Radwegenetz")
    decision = Decision.objects.create(
        body=kreistag, reference="DS 12/2024", title="Radwege im Kreis", result=DecisionResult.ADOPTED
    )
    decision.projects.add(project)
    return decision


def test_first_import_reads_every_page_and_creates_the_decisions(oparl_server):
    output = run(oparl_server)

    body = Body.objects.get()
    assert (body.name, body.oparl_id, body.website) == (
        "Kreistag Beispielkreis",
        oparl_server.body_url,
        "https://ris.beispielkreis.example/",
    )
    assert body.oparl_synced_at is not None
    assert oparl_server.requests == [
        "/oparl/v1.1/body/1",
        "/oparl/v1.1/body/1/paper",
        "/oparl/v1.1/body/1/paper?page=2",
    ]
    budget = paper(oparl_server, 102)
    assert (budget.body, budget.reference, budget.title, budget.date, budget.paper_type, budget.url) == (
        body,
        "DS 13/2024",
        "Haushaltssatzung 2025",
        date(2024, 3, 12),
        "Beschlussvorlage",
        "https://ris.beispielkreis.example/vo0050.asp?__kvonr=102",
    )
    assert not budget.is_withdrawn and budget.result == ""
    assert set(Decision.objects.values_list("reference", flat=True)) == {"DS 12/2024", "DS 13/2024", "DS 14/2024"}
    assert "3 neu, 0 aktualisiert, 0 zurückgezogen" in output  # the deleted paper 99 was never known: nothing


def test_a_paper_finds_its_project_through_the_editors_record_of_its_number(oparl_server, radwege):
    run(oparl_server)

    radwege.refresh_from_db()
    assert radwege.oparl_id == PAPER.format(base=oparl_server.base, number=101)
    assert [p.title for p in radwege.projects.all()] == ["Radwegenetz"]
    # the editor's title and result stay, the empty fields are filled from the paper
    assert (radwege.title, radwege.result) == ("Radwege im Kreis", DecisionResult.ADOPTED)
    assert (radwege.date, radwege.paper_type) == (date(2024, 3, 12), "Beschlussvorlage")
    assert radwege.url == "https://ris.beispielkreis.example/vo0050.asp?__kvonr=101"
    assert Decision.objects.filter(reference="DS 12/2024").count() == 1


def test_second_import_asks_only_for_changes_since_the_first(oparl_server, kreistag):
    run(oparl_server)
    first_sync = Body.objects.get().oparl_synced_at
    oparl_server.requests.clear()

    output = run(oparl_server, "--verbosity=2")

    [body_request, list_request] = oparl_server.requests
    assert body_request == "/oparl/v1.1/body/1"
    assert urlsplit(list_request).path == "/oparl/v1.1/body/1/paper"
    assert parse_qs(urlsplit(list_request).query) == {"modified_since": [first_sync.isoformat(timespec="seconds")]}
    assert Body.objects.get().oparl_synced_at > first_sync
    assert paper(oparl_server, 101).title == "Radverkehrskonzept für den Beispielkreis (Neufassung)"
    assert paper(oparl_server, 104).reference == "DS 20/2024"
    assert paper(oparl_server, 103).title == "Anfrage zur Breitbandversorgung"  # unchanged, not asked for
    assert "1 neu, 1 aktualisiert, 1 zurückgezogen, 0 unverändert" in output


def test_full_import_ignores_the_last_import(oparl_server, kreistag):
    run(oparl_server)
    oparl_server.requests.clear()

    run(oparl_server, "--full")

    assert "modified_since" not in "".join(oparl_server.requests)


def test_a_deleted_paper_withdraws_its_decision_and_keeps_the_rest(oparl_server, kreistag):
    run(oparl_server)
    budget = paper(oparl_server, 102)
    budget.result = DecisionResult.ADOPTED
    budget.save()

    run(oparl_server)

    budget.refresh_from_db()
    assert budget.is_withdrawn
    assert (budget.title, budget.reference, budget.result) == ("Haushaltssatzung 2025", "DS 13/2024", "adopted")


def test_fields_an_editor_changed_survive_later_imports(oparl_server, kreistag):
    run(oparl_server)
    concept = paper(oparl_server, 101)
    concept.title = "Radverkehrskonzept (von der Redaktion gekürzt)"
    concept.save()

    output = run(oparl_server)

    concept.refresh_from_db()
    assert concept.title == "Radverkehrskonzept (von der Redaktion gekürzt)"
    assert concept.url == "https://ris.beispielkreis.example/vo0050.asp?__kvonr=101&neu=1"  # not changed by hand
    assert "Von der Redaktion geändert, beibehalten: DS 12/2024 – Radverkehrskonzept (von der Redaktion" in output


def test_a_hand_entered_decision_is_left_alone(oparl_server, kreistag):
    other = Body.objects.create(name="Regionalrat Arnsberg")
    by_hand = [
        Decision.objects.create(body=kreistag, reference="DS 1/2019", title="Ein älterer Beschluss"),
        Decision.objects.create(body=other, reference="DS 13/2024", title="Gleiche Nummer, anderes Gremium"),
        Decision.objects.create(body=kreistag, title="Ohne Nummer", date=date(2024, 3, 12)),
    ]
    before = list(Decision.objects.filter(pk__in=[d.pk for d in by_hand]).order_by("pk").values())

    run(oparl_server)
    run(oparl_server)

    assert list(Decision.objects.filter(pk__in=[d.pk for d in by_hand]).order_by("pk").values()) == before


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ((500, b"Internal Server Error"), "mit dem Fehler HTTP 500"),
        ((503, b""), "mit dem Fehler HTTP 503"),
        ((200, b'{"data": [ {"id": '), "kein gültiges JSON (Zeile 1, Spalte 19)"),
        ((200, b"<html>Wartung</html>"), "kein gültiges JSON"),
        ((200, b'{"items": []}'), "keine OParl-Liste (es fehlt „data“)"),
        ((200, b'{"data": [{"id": "x", "type": "https://schema.oparl.org/1.1/Meeting"}]}'), "Typ „https://schema"),
        ((200, PAPER_PAGE % b'"name": "A", "date": "1.3."'), "„date“ ist kein Datum"),
        ((200, PAPER_PAGE % b'"name": ""'), "Titel: Dieses Feld darf nicht leer sein."),
    ],
)
def test_a_bad_second_page_writes_nothing(oparl_server, answer, message):
    oparl_server.answer = lambda path: answer if path.endswith("?page=2") else None

    with pytest.raises(CommandError) as error:
        run(oparl_server)

    assert "OParl-Abgleich abgebrochen, nichts gespeichert" in str(error.value)
    assert message in str(error.value)
    assert snapshot() == ([], [])


def test_a_failed_import_keeps_the_last_one(oparl_server, kreistag):
    run(oparl_server)
    before = snapshot()
    oparl_server.answer = lambda path: (502, b"Bad Gateway") if "modified_since" in path else None

    with pytest.raises(CommandError, match="HTTP 502"):
        run(oparl_server)

    assert snapshot() == before  # including the time of the last successful import


def test_no_answer_in_time(oparl_server):
    oparl_server.slow = 1

    with pytest.raises(CommandError, match="Keine Antwort von http://127.0.0.1:.* innerhalb von 0.2 Sekunden"):
        run(oparl_server, "--timeout=0.2")

    assert snapshot() == ([], [])


def test_no_server(db):
    with socket.socket() as probe:  # a free port that nothing listens on afterwards
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(CommandError, match=f"Keine Verbindung zu http://127.0.0.1:{port}/oparl"):
        call_command("import_oparl", f"http://127.0.0.1:{port}/oparl/v1.1/body/1")


def test_not_a_body(oparl_server):
    oparl_server.answer = lambda path: (200, b'{"id": "x", "type": "https://schema.oparl.org/1.1/System"}')

    with pytest.raises(CommandError, match="ist kein OParl-1.1-Body"):
        run(oparl_server)


def test_only_web_addresses(db):
    with pytest.raises(CommandError, match="„file:///etc/passwd“ ist keine http- oder https-Adresse"):
        call_command("import_oparl", "file:///etc/passwd")


def test_dry_run_writes_nothing(oparl_server):
    out = StringIO()
    call_command("import_oparl", oparl_server.body_url, "--dry-run", stdout=out)

    assert "Probelauf, nichts gespeichert" in out.getvalue()
    assert "3 neu" in out.getvalue()
    assert snapshot() == ([], [])
