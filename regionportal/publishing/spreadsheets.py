"""Cells of every CSV the portal hands out: the open-data downloads, the figures tables, the admin exports.

A text cell that a spreadsheet would run as a formula gets a leading apostrophe (CSV injection); numbers stay
numbers. Lists inside one cell (municipality keys, themes) are separated by ``LIST_SEPARATOR``.
"""

# A leading =, +, -, @, tab or carriage return makes a spreadsheet cell a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "|"


def spreadsheet_safe(value):
    """A text cell a spreadsheet shows as text: a would-be formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
