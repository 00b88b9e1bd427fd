"""Reading council decisions from an OParl 1.1 system (https://oparl.org, repository OParl/spec).

``fetch_papers()`` reads a body and its paper list page by page (``links.next``), optionally only what changed
since a moment (``modified_since``); nothing is written while the network is read. ``import_papers()`` then writes
everything in one transaction: a failure anywhere leaves the database as it was.

What is never lost (docs/oparl.md):
- nothing is deleted; a paper the system marks ``deleted: true`` makes its record "zurückgezogen";
- a record an editor entered with the body and Drucksache number of a paper is completed, not replaced: the import
  fills only its empty fields;
- a field the import wrote is updated by later imports only as long as it still holds what the import wrote last
  (``Decision.imported_values``); once an editor changes it, the editor's value stays.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Body, Decision

TYPE_BODY = "https://schema.oparl.org/1.1/Body"
TYPE_PAPER = "https://schema.oparl.org/1.1/Paper"
MAX_RESPONSE_BYTES = 20 * 1024 * 1024  # one list page; a real page of 100 papers is far below
USER_AGENT = "Regionportal OParl-Import"

# Decision field ← Paper property; what a paper deleted in the council system still says: only that it is.
PAPER_FIELDS = {"title": "name", "reference": "reference", "date": "date", "paper_type": "paperType", "url": "web"}


class OParlError(Exception):
    """The system could not be read or did not answer OParl 1.1; the message says what went wrong, in German."""


def fetch_json(url, timeout):
    """The JSON object at ``url``; any failure as an ``OParlError``."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise OParlError(f"„{url}“ ist keine http- oder https-Adresse.")
    request = Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 - the scheme is checked above
            content = response.read(MAX_RESPONSE_BYTES + 1)
    except HTTPError as error:
        raise OParlError(f"Der Server antwortete auf {url} mit dem Fehler HTTP {error.code}.") from error
    except TimeoutError as error:
        raise OParlError(f"Keine Antwort von {url} innerhalb von {timeout} Sekunden.") from error
    except URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise OParlError(f"Keine Antwort von {url} innerhalb von {timeout} Sekunden.") from error
        raise OParlError(f"Keine Verbindung zu {url}: {error.reason}.") from error
    except OSError as error:  # e.g. the connection broke off while reading
        raise OParlError(f"Die Verbindung zu {url} brach ab: {error}.") from error
    if len(content) > MAX_RESPONSE_BYTES:
        raise OParlError(f"Die Antwort von {url} ist größer als {MAX_RESPONSE_BYTES // 1024 // 1024} MB.")
    try:
        data = json.loads(content)
    except UnicodeDecodeError as error:
        raise OParlError(f"Die Antwort von {url} ist kein Text in UTF-8.") from error
    except json.JSONDecodeError as error:
        raise OParlError(
            f"Die Antwort von {url} ist kein gültiges JSON (Zeile {error.lineno}, Spalte {error.colno})."
        ) from error
    if not isinstance(data, dict):
        raise OParlError(f"Die Antwort von {url} ist kein JSON-Objekt.")
    return data


def with_modified_since(url, since):
    """The list URL asking only for objects changed since ``since``; the server keeps the filter on later pages."""
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, urlencode({"modified_since": since.isoformat(timespec="seconds")})]))
    return urlunsplit(parts._replace(query=query))


def _text(obj, name, where):
    value = obj.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise OParlError(f"{where}: „{name}“ ist kein Text.")
    return value.strip()


def _date(obj, where):
    value = _text(obj, "date", where)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise OParlError(f"{where}: „date“ ist kein Datum (JJJJ-MM-TT): „{value}“.") from error


@dataclass
class Paper:
    """What the portal takes from an OParl ``Paper``."""

    id: str
    deleted: bool
    values: dict = field(default_factory=dict)  # Decision field → value; empty for a deleted paper

    @classmethod
    def from_json(cls, obj, page_url):
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            raise OParlError(f"Die Liste {page_url} enthält einen Eintrag ohne „id“.")
        where = f"Drucksache {obj['id']}"
        if obj.get("type") != TYPE_PAPER:
            raise OParlError(f"{where}: Typ „{obj.get('type')}“ statt „{TYPE_PAPER}“.")
        if obj.get("deleted") is True:
            return cls(id=obj["id"], deleted=True)
        values = {name: _text(obj, prop, where) for name, prop in PAPER_FIELDS.items() if name != "date"}
        values["date"] = _date(obj, where)
        return cls(id=obj["id"], deleted=False, values=values)


def fetch_body(url, timeout=30):
    """The OParl 1.1 ``Body`` at ``url``."""
    body = fetch_json(url, timeout)
    if body.get("type") != TYPE_BODY:
        raise OParlError(f"{url} ist kein OParl-1.1-Body (Typ „{body.get('type')}“ statt „{TYPE_BODY}“).")
    for name in ("id", "name", "paper"):
        if not isinstance(body.get(name), str) or not body[name].strip():
            raise OParlError(f"Dem Body {url} fehlt „{name}“.")
    return body


def fetch_papers(list_url, *, since=None, timeout=30):
    """Every paper of the list at ``list_url`` (changed since ``since``, if given) and the number of pages read."""
    url = with_modified_since(list_url, since) if since else list_url
    papers, seen = [], set()
    while url:
        if url in seen:
            raise OParlError(f"Die Liste verweist im Kreis: {url} kam schon einmal.")
        seen.add(url)
        page = fetch_json(url, timeout)
        if not isinstance(page.get("data"), list):
            raise OParlError(f"Die Antwort von {url} ist keine OParl-Liste (es fehlt „data“).")
        papers += [Paper.from_json(obj, url) for obj in page["data"]]
        links = page.get("links")
        next_url = links.get("next") if isinstance(links, dict) else None
        if next_url is not None and not isinstance(next_url, str):
            raise OParlError(f"Die Liste {url} nennt unter „links.next“ keine Adresse.")
        url = next_url
    return papers, len(seen)


@dataclass
class Outcome:
    body: Body
    since: datetime | None = None
    pages: int = 0
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    withdrawn: list = field(default_factory=list)
    unchanged: int = 0
    kept: list = field(default_factory=list)  # (decision, names of the fields an editor changed, left alone)
    skipped: list = field(default_factory=list)  # why a paper could not be taken


def _stored(value):
    """A field value as ``imported_values`` keeps it (JSON)."""
    return value.isoformat() if isinstance(value, date) else value


def _is_editors(decision, name, current):
    """Has an editor set this field? Not when it still holds what the import wrote last, nor when it is empty."""
    if name in decision.imported_values:
        return current != decision.imported_values[name]
    return current not in ("", None, False)


def _merge(decision, values):
    """Write ``values`` into ``decision`` where no editor has set the field; the names of the fields left alone."""
    kept = []
    for name, value in values.items():
        current, new = _stored(getattr(decision, name)), _stored(value)
        if current != new and _is_editors(decision, name, current):
            kept.append(name)
            continue
        setattr(decision, name, value)
        decision.imported_values[name] = new
    return kept


def _body(data):
    body = Body.objects.filter(oparl_id=data["id"]).first()
    if body is not None:
        return body
    name = data["name"].strip()
    if Body.objects.filter(name=name).exists():
        raise OParlError(
            f"Ein Gremium „{name}“ gibt es schon, ohne die OParl-Adresse {data['id']}. "
            "Tragen Sie die Adresse dort ein (Verwaltung → Gremien) und starten Sie den Abgleich erneut."
        )
    website = data.get("website") if isinstance(data.get("website"), str) else ""
    body = Body(name=name, oparl_id=data["id"], website=website)
    _save(body, f"Body {data['id']}")
    return body


def _save(obj, where):
    try:
        obj.clean_fields(exclude=["projects"])
    except ValidationError as error:
        problems = " ".join(
            f"{obj._meta.get_field(name).verbose_name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
        raise OParlError(f"{where}: {problems}") from error
    obj.save()


def _find(paper, body, outcome):
    """The record of ``paper``: linked to it before, or an editor's record of the same body and Drucksache."""
    decision = Decision.objects.filter(oparl_id=paper.id).first()
    if decision is not None or paper.deleted or not paper.values["reference"]:
        return decision
    decision = Decision.objects.filter(body=body, reference=paper.values["reference"]).first()
    if decision is not None and decision.oparl_id:
        outcome.skipped.append(
            f"Drucksache {paper.id}: die Nummer „{paper.values['reference']}“ gehört schon zu {decision.oparl_id}."
        )
        return False
    return decision


def _take(paper, body, outcome):
    decision = _find(paper, body, outcome)
    if decision is False or (decision is None and paper.deleted):
        return  # taken by another paper, or deleted before the portal ever saw it
    created = decision is None
    if created:
        decision = Decision(body=body)
    before = (decision.oparl_id, dict(decision.imported_values), decision.is_withdrawn)
    decision.oparl_id = paper.id
    kept = _merge(decision, {"is_withdrawn": True} if paper.deleted else paper.values | {"is_withdrawn": False})
    if kept:
        outcome.kept.append((decision, kept))
    if not created and before == (decision.oparl_id, decision.imported_values, decision.is_withdrawn):
        outcome.unchanged += 1
        return
    _save(decision, f"Drucksache {paper.id}")
    if created:
        outcome.created.append(decision)
    elif decision.is_withdrawn and not before[2]:
        outcome.withdrawn.append(decision)
    else:
        outcome.updated.append(decision)


def synchronise(body_url, *, full=False, timeout=30, dry_run=False):
    """Import the papers of the body at ``body_url`` changed since its last successful import (all with ``full``),
    all or nothing; that import's start is remembered for the next."""
    started_at = timezone.now()
    data = fetch_body(body_url, timeout)
    known = Body.objects.filter(oparl_id=data["id"]).first()
    since = known.oparl_synced_at if known is not None and not full else None
    papers, pages = fetch_papers(data["paper"], since=since, timeout=timeout)  # all read before anything is written
    with transaction.atomic():
        body = _body(data)
        outcome = Outcome(body=body, since=since, pages=pages)
        for paper in papers:
            _take(paper, body, outcome)
        if dry_run:
            transaction.set_rollback(True)
        else:
            # an update, not save(): bookkeeping of the import, not content (the page cache stays)
            Body.objects.filter(pk=body.pk).update(oparl_synced_at=started_at)
    return outcome
