"""Reading numbers back out of the drawn SVG, the table beside it and the CSV download."""

import csv
import io
import re
from decimal import Decimal
from xml.etree import ElementTree

import lxml.html

SVG = "{http://www.w3.org/2000/svg}"


def parse_number(text):
    """``700.000 €`` / ``1.234,50 €`` / ``12`` (German formatting) as a Decimal."""
    cleaned = re.sub(r"[^\d,\-]", "", text).replace(",", ".")
    return Decimal(cleaned)


def svg_elements(page, css_class):
    """Every ``<svg class="…css_class…">`` of the page, parsed on its own as XML (fails on invalid markup)."""
    found = re.findall(rf'<svg class="{css_class}".*?</svg>', page, flags=re.DOTALL)
    return [ElementTree.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1)) for svg in found]


def chart_svg(page, slug):
    section = re.search(
        rf'<section class="section chart-block" aria-labelledby="chart-{slug}">.*?</section>', page, re.S
    )
    (svg,) = svg_elements(section.group(0), "chart__svg")
    return svg


def svg_values(svg):
    return [parse_number(text.text) for text in svg.iter(f"{SVG}text") if text.get("class") == "chart__value"]


def svg_labels(svg):
    return [text.text for text in svg.iter(f"{SVG}text") if text.get("class") == "chart__label"]


def table_rows(page, table_id):
    """The body rows of a table as lists of cell texts."""
    table = lxml.html.fromstring(page).get_element_by_id(table_id)
    return [[cell.text_content().strip() for cell in row] for row in table.xpath("./tbody/tr")]


def csv_rows(content):
    return list(csv.reader(io.StringIO(content.decode())))
