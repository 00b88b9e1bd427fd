"""The typeface of the pictures the portal draws has every letter German text needs (Pillow's own font has not)."""

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from regionportal.media.fonts import BOLD, REGULAR, font

GERMAN = "äöüÄÖÜß„“‚‘–—€§"
NOT_IN_ANY_FONT = "\ue000"  # a private-use code point: drawn as the font's missing-glyph box (.notdef)


def drawn(typeface, text):
    picture = PILImage.new("L", (120, 120))
    ImageDraw.Draw(picture).text((20, 20), text, font=typeface, fill=255)
    return picture.tobytes()


def missing_glyphs(typeface):
    box = drawn(typeface, NOT_IN_ANY_FONT)
    return [letter for letter in GERMAN if drawn(typeface, letter) in (box, drawn(typeface, " "))]


@pytest.mark.parametrize("weight", [REGULAR, BOLD])
def test_every_german_letter_has_its_own_glyph(weight):
    assert missing_glyphs(font(48, weight)) == []


def test_bold_is_bolder_than_regular():
    def ink(weight):
        return sum(drawn(font(48, weight), "Lünen"))

    assert ink(BOLD) > ink(REGULAR) * 1.2


def test_the_check_finds_the_gaps_of_pillows_own_font():
    """Why the portal ships a font: the built-in one draws „L▯nen-Brambauer“."""
    assert "ü" in missing_glyphs(ImageFont.load_default(48))
