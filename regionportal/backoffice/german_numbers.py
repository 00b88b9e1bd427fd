"""Numbers as German editors type them, in the back office: 1.250.000,50 · 1250000,50 · 80,5 · 1 250 000.

Django's admin renders amounts as ``<input type="number">``: the browser then drops or misreads the German decimal
comma ("1250000,50" arrived as 125000050) and shows a stored amount as "1250000.00". These fields are text inputs
instead (``inputmode="decimal"`` brings up the number keyboard on phones), show stored values in German notation
and read only unambiguous German notation: a comma separates the decimals; dots or spaces may group thousands, but
only in groups of three. Anything else – "1250000.00", "1.25", "1,2,3", "12.34.567" – is refused with a German
message naming the accepted forms, and nothing is stored. The model's limits (digits, decimal places, ranges) are
checked afterwards as usual.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# 1.250.000,50 · 1 250 000,50 · 1250000,50 · 80,5 · -3 ; an optional "€" or "%" after it
GERMAN_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)(?P<whole>\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?:,(?P<fraction>\d+))?\s*[€%]?$"
)


def parse_german_number(text):
    """The ``Decimal`` a German number stands for; ``ValidationError`` for anything ambiguous or not a number."""
    text = " ".join(str(text).replace("\u00a0", " ").replace("\u202f", " ").split())
    match = GERMAN_NUMBER.match(text)
    if match is None:
        raise ValidationError(
            _(
                "„%(value)s“ ist keine Zahl in deutscher Schreibweise. Das Komma trennt die Nachkommastellen, Punkte "
                "nur Tausender, z. B. 1.250.000,50 oder 1250000,50 oder 80,5."
            ),
            code="invalid",
            params={"value": text[:40]},
        )
    whole = match["whole"].replace(".", "").replace(" ", "")
    return Decimal(f"{match['sign']}{whole}.{match['fraction'] or '0'}")  # digits only: always a number


def german_notation(value, decimal_places=None):
    """``value`` as a German reader writes it: 1.250.000,50 (thousands grouped, decimal comma)."""
    if value in (None, ""):
        return ""
    if not isinstance(value, (Decimal, int)):
        try:
            value = parse_german_number(value)
        except ValidationError:
            return value  # what the editor typed, shown back with the error
    places = decimal_places if decimal_places is not None else max(0, -Decimal(value).as_tuple().exponent)
    text = f"{Decimal(value):,.{places}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


class GermanNumberInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None, decimal_places=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.decimal_places = decimal_places

    def format_value(self, value):
        return german_notation(value, self.decimal_places) or None


class GermanDecimalField(forms.DecimalField):
    """A decimal field reading German notation (see the module)."""

    def __init__(self, *, max_digits=None, decimal_places=None, **kwargs):
        kwargs["widget"] = GermanNumberInput(decimal_places=decimal_places)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def widget_attrs(self, widget):
        return {}  # no "step"/"min" attributes: they belong to type="number"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_german_number(value)


class GermanIntegerField(forms.IntegerField):
    """A whole number in German notation: 12.345 or 12 345; a decimal part is refused."""

    widget = GermanNumberInput

    def widget_attrs(self, widget):
        return {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_german_number(value)
        if number != number.to_integral_value():
            raise ValidationError(_("Bitte geben Sie eine ganze Zahl ein, z. B. 12.345."), code="invalid")
        return int(number)


class GermanNumbersMixin:
    """Admin classes: amounts, rates, coordinates and counts are typed and shown in German notation."""

    formfield_overrides = {
        models.DecimalField: {"form_class": GermanDecimalField},
        models.PositiveIntegerField: {"form_class": GermanIntegerField},
    }
