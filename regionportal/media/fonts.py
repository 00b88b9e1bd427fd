"""The typeface of every picture the portal draws itself (placeholders, share images): Noto Sans.

It comes with the ``fontpkg-noto-sans`` package (a dependency, nothing is downloaded at run time) and covers the
whole of German – umlauts, ß, „typographic quotes“, dashes and € – which Pillow's built-in font does not.
"""

from fontpkg.pil import truetype

FAMILY = "Noto Sans"
REGULAR = 400
BOLD = 700


def font(size, weight=REGULAR):
    """Noto Sans at ``size`` pixels; the variable font is set to ``weight`` (400 regular, 700 bold)."""
    return truetype(FAMILY, size, weight=weight)
