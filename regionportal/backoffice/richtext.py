"""Rich text of the editors: one allow-list and one nh3 sanitiser, used when saving and when rendering.

The admin edits body fields with django-prose-editor, restricted to what the allow-list keeps; whatever the
browser sends is cleaned on the server with the same rules the ``prose`` template filter applies on the pages.
"""

import re

import nh3
from django.utils.html import linebreaks, strip_tags
from django_prose_editor.fields import ProseEditorFormField

PROSE_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "a",
        "strong",
        "em",
        "b",
        "i",
        "blockquote",
        "abbr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
PROSE_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
PROSE_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# What the editor offers: headings h2/h3, paragraphs, lists, links, bold, italic and tables (no raw HTML).
PROSE_EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3]},
    "HardBreak": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": sorted(PROSE_URL_SCHEMES)},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "NoSpellCheck": False,  # the browser checks German spelling as editors type (the library turns it off)
}

_cleaner = nh3.Cleaner(
    tags=set(PROSE_TAGS),
    attributes={tag: set(names) for tag, names in PROSE_ATTRIBUTES.items()},
    url_schemes=set(PROSE_URL_SCHEMES),
    link_rel="noopener noreferrer",
)


def is_html(text):
    """Text from the rich-text editor starts with a tag; older bodies are plain text."""
    return text.lstrip().startswith("<")


def clean_html(html):
    """``html`` reduced to the allow-list: no scripts, event handlers, styles or foreign URL schemes."""
    return _cleaner.clean(html)


def sanitize(text):
    """What is stored for a rich-text field: allow-listed HTML, plain text turned into escaped paragraphs."""
    if not text or not text.strip():
        return ""
    cleaned = clean_html(text if is_html(text) else linebreaks(text, autoescape=True)).strip()
    if not strip_tags(cleaned).strip():  # the editor sends an empty paragraph for an empty field
        return ""
    if not is_html(cleaned):  # all markup removed: keep the (escaped) text as one paragraph
        cleaned = f"<p>{cleaned}</p>"
    return cleaned


def comparable(text):
    """``text`` as stored, with the white space between tags dropped: the editor writes its blocks without the line
    breaks a fixture or an import puts between them."""
    return re.sub(r">\s+<", "><", sanitize(text or ""))


class RichTextFormField(ProseEditorFormField):
    """The editor in the admin; the submitted HTML is sanitised on the server whatever the browser sends."""

    def __init__(self, *args, **kwargs):
        kwargs.update(extensions=PROSE_EDITOR_EXTENSIONS, sanitize=sanitize)
        super().__init__(*args, **kwargs)

    def has_changed(self, initial, data):
        """Changed only if it reads differently: a text the editor just re-wrote is no change (and no proposal)."""
        return comparable(initial) != comparable(data)
