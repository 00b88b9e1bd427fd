"""Downloads of a dataset as CSV or JSON with the list page's filters, streamed chunk by chunk.

``?format=excel-de`` gives the CSV German spreadsheets open directly: ``;`` between cells, decimal
commas and a UTF-8 byte order mark.

Every CSV the portal hands out (these downloads, the figures tables, the admin exports) is spreadsheet-safe: a text
cell that a spreadsheet would run as a formula gets a leading apostrophe (``spreadsheet_safe``); numbers stay numbers.
The JSON downloads and the API carry the text exactly as entered.
"""

import csv
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from regionportal.publishing.parameters import InvalidQuery
from regionportal.publishing.spreadsheets import LIST_SEPARATOR, spreadsheet_safe

CHUNK_SIZE = 500
EXCEL_DE = "excel-de"


class ExcelGerman(csv.excel):
    delimiter = ";"


class OpenDataEncoder(DjangoJSONEncoder):
    """Amounts and coordinates as JSON numbers, not strings."""

    def default(self, o):
        if isinstance(o, Decimal):
            return float(o)
        return super().default(o)


class Echo:
    """A file-like object whose ``write`` hands the line back, so ``csv.writer`` can feed a generator."""

    def write(self, value):
        return value


def csv_cell(value, decimal_comma=False):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal) and decimal_comma:
        return str(value).replace(".", ",")
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    return spreadsheet_safe(value)


def csv_lines(dataset, rows, absolute, german):
    writer = csv.writer(Echo(), dialect=ExcelGerman if german else csv.excel)
    yield ("\ufeff" if german else "") + writer.writerow([field.name for field in dataset.fields])
    for record in dataset.records(rows, absolute):
        yield writer.writerow([csv_cell(value, decimal_comma=german) for value in record.values()])


def json_lines(dataset, rows, absolute):
    separator = "[\n"
    for record in dataset.records(rows, absolute):
        yield separator + json.dumps(record, cls=OpenDataEncoder, ensure_ascii=False)
        separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"


def in_language(language, lines):
    """Keep the request's language while the response streams, after the view has returned."""
    with translation.override(language):
        yield from lines


@require_safe
def export(request, dataset, fmt):
    """``<list page>/export.csv`` and ``.json``: the page's selection in its order, all rows, not one page (also
    ``/offene-daten/vorhaben.csv``, the EU list of operations of the project list's selection)."""
    try:
        variant = request.GET.get("format", "")
        if fmt == "csv" and variant not in ("", EXCEL_DE):
            raise InvalidQuery({"format": [_("Erlaubt ist nur „%(variant)s“.") % {"variant": EXCEL_DE}]})
        rows = dataset.rows(request.GET, extra=["format"] if fmt == "csv" else []).iterator(chunk_size=CHUNK_SIZE)
    except InvalidQuery as error:
        return error.json_response() if fmt == "json" else error.text_response()
    if fmt == "json":
        lines, content_type = json_lines(dataset, rows, request.build_absolute_uri), "application/json"
    else:
        german = variant == EXCEL_DE
        lines = csv_lines(dataset, rows, request.build_absolute_uri, german)
        content_type = "text/csv; charset=utf-8"
    return StreamingHttpResponse(
        in_language(translation.get_language(), lines),
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, f"{dataset.file_name or dataset.slug}.{fmt}")},
    )
