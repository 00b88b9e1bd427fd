"""Formatting and sanitising helpers every page relies on."""

from decimal import Decimal

import pytest
from django.utils import translation

from regionportal.templatetags.portal import euro, money, percent, prose


@pytest.mark.parametrize(
    ("value", "german", "english"),
    [
        (700000, "700.000\N{NO-BREAK SPACE}€", "700,000\N{NO-BREAK SPACE}€"),
        (Decimal("1234.50"), "1.234,50\N{NO-BREAK SPACE}€", "1,234.50\N{NO-BREAK SPACE}€"),
        (0, "0\N{NO-BREAK SPACE}€", "0\N{NO-BREAK SPACE}€"),
        (None, "", ""),
    ],
)
def test_euro_is_formatted_for_the_active_language(value, german, english):
    with translation.override("de"):
        assert euro(value) == german
    with translation.override("en"):
        assert euro(value) == english


@pytest.mark.parametrize(
    ("value", "german", "english"),
    [
        (Decimal("80.50"), "80,5\N{NO-BREAK SPACE}%", "80.5\N{NO-BREAK SPACE}%"),
        (Decimal("80.00"), "80\N{NO-BREAK SPACE}%", "80\N{NO-BREAK SPACE}%"),
        (Decimal("12.25"), "12,25\N{NO-BREAK SPACE}%", "12.25\N{NO-BREAK SPACE}%"),
        (Decimal("0"), "0\N{NO-BREAK SPACE}%", "0\N{NO-BREAK SPACE}%"),
        (None, "", ""),
    ],
)
def test_a_rate_is_as_precise_as_it_is(value, german, english):
    with translation.override("de"):
        assert percent(value) == german
    with translation.override("en"):
        assert percent(value) == english


def test_an_amount_in_another_currency_carries_its_code():
    with translation.override("de"):
        assert money(Decimal("1250000.50"), "DKK") == "1.250.000,50\N{NO-BREAK SPACE}DKK"
        assert money(Decimal("1250000.50"), "EUR") == "1.250.000,50\N{NO-BREAK SPACE}€"
        assert money(None, "DKK") == ""


def test_plain_text_becomes_escaped_paragraphs():
    assert prose("Erster Absatz.\n\nZweiter <Absatz> & mehr.") == (
        "<p>Erster Absatz.</p>\n\n<p>Zweiter &lt;Absatz&gt; &amp; mehr.</p>"
    )


@pytest.mark.parametrize(
    "payload",
    [
        '<p onclick="alert(1)">x</p>',
        "<script>alert(1)</script><p>x</p>",
        '<a href="javascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_html_is_cleaned_to_the_allow_list(payload):
    cleaned = prose(payload).lower()
    assert "<script" not in cleaned
    assert "javascript:" not in cleaned
    assert "onerror" not in cleaned and "onclick" not in cleaned
    assert "<iframe" not in cleaned and "<img" not in cleaned and "style=" not in cleaned


def test_allowed_markup_and_links_survive():
    cleaned = prose('<h2>Ziele</h2><ul><li><a href="https://www.kreis-unna.de/">Kreis</a></li></ul>')
    assert "<h2>Ziele</h2>" in cleaned
    assert '<a href="https://www.kreis-unna.de/" rel="noopener noreferrer">Kreis</a>' in cleaned
