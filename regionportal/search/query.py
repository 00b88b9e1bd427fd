"""The site search: one interface for the search page (``portal:search``) and the project list's text box.

``SiteSearch(query)`` turns what a visitor typed into words and applies them to a queryset of any searchable model
(see ``regionportal.search.index``), the same way on SQLite and PostgreSQL, so both find the same rows in the same
order:

* every word must occur in the row's stored ``search_text``, compared after folding case, accents and ae/oe/ue,
  with a German plural or case ending removed ("Nachbarschaftsforen" → "nachbarschaftsfor", found in
  "Nachbarschaftsforum"), as part of a word, so that a compound word is found by its parts ("Projekt" in
  "Modellprojekt"); words shorter than three letters only as whole words ("EU");
* hits are ranked by where the words first occur in the text, which begins with the title, then the summary, the
  body and the places, themes and programmes: a title hit before a body hit, then the list's own order;
* snippets are cut from the summary and body in Python, the words marked.

PostgreSQL adds a trigram GIN index on ``search_text`` for the matching and typo tolerance: when the words find
nothing, titles similar to the query (trigram word similarity).

Whatever was typed, only runs of letters and digits reach the database, always as parameters.
"""

import html
from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.db import connections
from django.db.models import BooleanField, Count, F, Func, Q, Subquery, Value, Window
from django.db.models.functions import StrIndex
from django.db.models.lookups import Contains
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from regionportal.search.index import WORD, fold

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
MAX_TERM_LENGTH = 60
MIN_PART_LENGTH = 3  # shorter words match whole words only ("EU" must not find every word containing "eu")
SNIPPET_WORDS = 30
# Ranking looks at this many matches of one kind at most; the search page then says "more than 500 hits".
CANDIDATE_LIMIT = 500


def clean_query(raw):
    """The query as shown back: NUL bytes and runs of white space removed, cut to ``MAX_QUERY_LENGTH``.

    Returns ``(query, shortened)``.
    """
    query = " ".join(raw.replace("\x00", " ").split())
    return query[:MAX_QUERY_LENGTH].strip(), len(query) > MAX_QUERY_LENGTH


def query_terms(query):
    """The distinct words of ``query`` in lower case: letters and digits only, at most ``MAX_TERMS``."""
    terms = []
    for word in WORD.findall(query.lower()):
        word = word[:MAX_TERM_LENGTH]
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def stem(term):
    """A crude German suffix strip, so that "Projekte" also finds "Projekt" and "Nachbarschaftsforen" "…forum"."""
    for suffix in ("en", "er", "es", "e", "n", "s"):
        if term.endswith(suffix) and len(term) - len(suffix) >= 4:
            return term[: -len(suffix)]
    return term


class NoRows(Func):
    """True when a subquery returns no rows. Unlike NOT EXISTS, which PostgreSQL plans for the first row (often a
    sequential scan that reads the whole table when nothing matches), COUNT gets the subquery's own plan."""

    template = "(SELECT COUNT(*) FROM %(expressions)s AS search_probe) = 0"
    output_field = BooleanField()


def title_field(model):
    """The first field of weight A: the title or name, with the trigram index."""
    return model.search_document["A"][0]


def snippet_fields(model):
    """The text a snippet is cut from: the summary (B) and the body (C)."""
    return [path for weight in "BC" for path in model.search_document.get(weight, ()) if "__" not in path]


def _highlight_words(text, terms):
    """``text`` escaped, with every word containing a (folded) term wrapped in <mark>; and whether any was."""
    parts, found, position = [], False, 0
    for match in WORD.finditer(text):
        if any(term in fold(match.group()) for term in terms):
            parts += [escape(text[position : match.start()]), "<mark>", escape(match.group()), "</mark>"]
            position, found = match.end(), True
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts)), found  # noqa: S308 - every piece of the text was escaped above


@dataclass
class SiteSearch:
    """The words a visitor searched for, applicable to any searchable queryset.

    ``typos``: on PostgreSQL, a kind of content whose words find nothing falls back to titles similar to the
    query. The search page asks without it first and allows it only when the words find nothing at all, so a
    word found somewhere never pays for similarity checks over the kinds that do not contain it.
    """

    query: str
    typos: bool = True

    def __post_init__(self):
        self.terms = query_terms(self.query)
        self.folded_terms = list(dict.fromkeys(stem(fold(term)) for term in self.terms))

    def __bool__(self):
        return bool(self.terms)

    @staticmethod
    def on_postgresql(queryset):
        return connections[queryset.db].vendor == "postgresql"

    @property
    def text(self):
        return " ".join(self.terms)

    # -- the interface --------------------------------------------------------------------------------------------

    def filter(self, queryset):
        """Rows of ``queryset`` that match; unordered, so that lists keep their own sort order."""
        if not self:
            return queryset.none()
        if self.on_postgresql(queryset) and self.typos:
            return queryset.filter(pk__in=self._postgresql_matches(queryset))
        return queryset.filter(self.words)

    def candidates(self, queryset, limit=CANDIDATE_LIMIT + 1):
        """The primary keys of at most ``limit`` matching rows of ``queryset`` (per way of matching), a subquery."""
        if self.on_postgresql(queryset) and self.typos:
            return self._postgresql_matches(queryset, limit)
        return queryset.filter(self.words).order_by().values("pk")[:limit]

    @cached_property
    def patterns(self):
        """What each folded word is looked up as: a part of a word, or (short words) a whole word."""
        return [term if len(term) >= MIN_PART_LENGTH else f" {term} " for term in self.folded_terms]

    @cached_property
    def words(self):
        """Every folded word in the stored ``search_text``."""
        return Q.create([Contains(F("search_text"), pattern) for pattern in self.patterns])

    def ranked(self, queryset, limit=CANDIDATE_LIMIT + 1):
        """Matching rows, best first, with ``search_rank`` (smaller is better) and ``search_total``.

        Only ``limit`` candidates are ranked, so that a word found in most rows costs no more than a rare one;
        ``search_total`` counts the candidates (more than ``CANDIDATE_LIMIT`` means "more than that"). The rank is
        the sum of the places where the words first occur in the text (titles similar to the query, found when the
        words find nothing, all rank alike and keep the list's order).
        """
        if not self:
            return queryset.none()
        model = queryset.model
        positions = [StrIndex("search_text", Value(pattern)) for pattern in self.patterns]
        rank = sum(positions[1:], positions[0])
        queryset = queryset.filter(pk__in=self.candidates(queryset, limit)).defer("search_text")
        return queryset.annotate(search_rank=rank, search_total=Window(Count("*"))).order_by(
            "search_rank", *model._meta.ordering, "pk"
        )

    def _postgresql_matches(self, queryset, limit=None):
        """The words' matches, or else (typo tolerance) titles similar to the query: a UNION of two subqueries.

        Each side is served by its own GIN index. The similarity side only runs when the words find nothing of this
        kind (an uncorrelated count, evaluated once), so common words never pay for similarity checks.
        """
        queryset = queryset.order_by()
        words = queryset.filter(self.words).values("pk")
        probe = words[: limit or CANDIDATE_LIMIT + 1]
        similar = queryset.filter(
            TrigramWordSimilar(F(title_field(queryset.model)), Value(self.text)), NoRows(Subquery(probe))
        ).values("pk")
        if limit:
            words, similar = probe, similar[:limit]
        return words.union(similar)

    # -- presentation ----------------------------------------------------------------------------------------------

    def highlight(self, text):
        """``text`` escaped, with the words that match marked (titles, names)."""
        return _highlight_words(text, self.folded_terms)[0]

    def snippet(self, obj):
        """A short passage of ``obj``'s summary or body around the matches, escaped, matches in <mark>."""
        text = " ".join(
            html.unescape(strip_tags(value)) for field in snippet_fields(type(obj)) if (value := getattr(obj, field))
        )
        return self._python_snippet(text)

    def _python_snippet(self, text):
        words = text.split()
        if not words:
            return ""
        folded = fold(text).split()  # the whole text at once; word by word if folding changed the white space
        if len(folded) != len(words):
            folded = [fold(word) for word in words]
        first = next((n for n, word in enumerate(folded) if any(t in word for t in self.folded_terms)), 0)
        start = max(0, first - SNIPPET_WORDS // 3)
        excerpt = " ".join(words[start : start + SNIPPET_WORDS])
        marked, _found = _highlight_words(excerpt, self.folded_terms)
        before = "… " if start else ""
        after = " …" if start + SNIPPET_WORDS < len(words) else ""
        return mark_safe(f"{before}{marked}{after}")  # noqa: S308 - marked is escaped; the ellipses are ours
