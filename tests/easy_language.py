"""What tests check in a text written in Leichte Sprache, as far as a machine can: a statement a line and short
lines, no abbreviations, no genitive article, no subjunctive."""

import re

MAX_WORDS = 14
HARD = re.compile(r"\b(?:z\. B\.|bzw\.|usw\.|ggf\.|d\. h\.|IKZ|REK|PDF|des|eines|würden?|könnten?|hätten?)(?!\w)")


def lines(html):
    """The lines of a text – one per line break, paragraph, list item or heading – without markup."""
    text = re.sub(r"<br>|</p>|</li>|</h[23]>", "\n", html)
    return [line.strip() for line in re.sub(r"<[^>]+>", "", text).splitlines() if line.strip()]


def problems(html):
    """Lines that are too long, and the hard words of the text."""
    found = lines(html)
    return [line for line in found if len(line.split()) > MAX_WORDS] + HARD.findall(" ".join(found))
