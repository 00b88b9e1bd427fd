"""vCard 4.0 (RFC 6350) for people and organisations: escaping, CRLF line endings, 75-octet folding."""

from datetime import UTC

MAX_LINE_OCTETS = 75
CRLF = "\r\n"


def escape_text(value):
    """Escape a TEXT value (RFC 6350 section 3.4): backslash, comma, semicolon and line breaks."""
    value = str(value or "")
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def structured(*components):
    """A structured value (N, ADR, ORG): components escaped one by one and joined with ';'."""
    return ";".join(escape_text(component) for component in components)


def fold(line, limit=MAX_LINE_OCTETS):
    """Fold a content line so no physical line exceeds ``limit`` octets, never inside a UTF-8 character.

    Continuation lines start with a single space, which counts towards the limit (section 3.2).
    """
    lines, current, size = [], [], 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            lines.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    lines.append("".join(current))
    return CRLF.join(lines)


def serialize(properties):
    """``properties``: (name-with-parameters, already escaped value) pairs; empty values are left out."""
    lines = ["BEGIN:VCARD", "VERSION:4.0"]
    lines += [f"{name}:{value}" for name, value in properties if value]
    lines.append("END:VCARD")
    return "".join(fold(line) + CRLF for line in lines)


def _rev(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") if moment else ""


def _address(organisation):
    if organisation is None or not (organisation.street or organisation.postal_code or organisation.city):
        return ""
    # post office box; extended address; street; locality; region; postal code; country
    return structured("", "", organisation.street, organisation.city, "", organisation.postal_code, "Deutschland")


def _contact_lines(entry):
    return [
        ("TEL;VALUE=uri;TYPE=work,voice", entry.phone_uri),
        ("TEL;VALUE=uri;TYPE=work,fax", entry.fax_uri),
        ("EMAIL;TYPE=work", escape_text(entry.email)),
        ("URL", entry.website),
    ]


def person_vcard(person, organisation=None):
    """``organisation``: the person's organisation if it may be shown (published), else None."""
    return serialize(
        [
            ("KIND", "individual"),
            ("FN", escape_text(person.full_name)),
            ("N", structured(person.last_name, person.first_name, "", person.academic_title, "")),
            ("ORG", escape_text(organisation.name) if organisation else ""),
            ("TITLE", escape_text(person.position)),
            *_contact_lines(person),
            ("ADR;TYPE=work", _address(organisation)),
            ("REV", _rev(person.updated_at)),
        ]
    )


def organisation_vcard(organisation):
    return serialize(
        [
            ("KIND", "org"),
            ("FN", escape_text(organisation.name)),
            ("ORG", escape_text(organisation.name)),
            ("NICKNAME", escape_text(organisation.short_name)),
            *_contact_lines(organisation),
            ("ADR;TYPE=work", _address(organisation)),
            ("REV", _rev(organisation.updated_at)),
        ]
    )
