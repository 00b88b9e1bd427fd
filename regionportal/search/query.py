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

``SiteSearch.page()`` answers the search page from the search entries (regionportal.search.models) in one query:
the number of hits of every kind (at most ``CANDIDATE_LIMIT`` + 1 looked at per kind) and the hits asked for, with
everything a hit shows, no object of any model built. ``filter()`` and ``ranked()`` apply the same words to a
queryset of one searchable model (the project list's text box).

PostgreSQL adds a trigram GIN index on ``search_text`` for the matching and typo tolerance: when the words find
nothing, titles similar to the query (trigram word similarity).

Whatever was typed, only runs of letters and digits reach the database, always as parameters.
"""

import json
from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.db import connections, router
from django.db.models import BooleanField, Count, F, Func, Q, Subquery, Value, Window
from django.db.models.functions import StrIndex
from django.db.models.lookups import Contains
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from regionportal.search.index import WORD, fold, fold_word
from regionportal.search.models import SearchEntry, SearchWord

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
MAX_TERM_LENGTH = 60
MIN_TYPO_LENGTH = 4  # shorter words have too many similar ones to guess from
MIN_PART_LENGTH = 3  # shorter words match whole words only ("EU" must not find every word containing "eu")
SNIPPET_WORDS = 30
# Ranking looks at this many matches of one kind at most; the search page then says "more than 500 hits".
CANDIDATE_LIMIT = 500
NOWHERE = 1_000_000  # the place of a pattern that does not occur, in a rank (longer than any text)


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


def _highlight_words(text, terms):
    """``text`` escaped, with every word containing a (folded) term wrapped in <mark>; and whether any was."""
    parts, found, position = [], False, 0
    for match in WORD.finditer(text):
        word = fold_word(match.group())
        if any(term in word for term in terms):
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

    # -- the search page ------------------------------------------------------------------------------------------

    def page(self, windows, restrict=None, using=None):
        """Hits of every kind from the search entries: ``{model label: (hits, [hit, …])}`` for the kinds with hits.

        ``windows`` maps a model label (``projects.project``) to the positions wanted ``(first, last)``, counted
        from 1 in rank order; every kind's first hit comes along anyway, with the number of its hits (at most
        ``CANDIDATE_LIMIT`` + 1 are looked at). ``restrict`` maps a label to a queryset of that model whose rows
        alone count (a region's). A hit is a dict of the entry's ``title``, ``path``, ``meta`` and ``text``.

        One query. On PostgreSQL, when the words find nothing at all, a word that occurs in no title is taken for
        a typo (``corrected``: one query to the words of the titles) and the corrected words are searched again.
        """
        if not self:
            return {}
        using = using or router.db_for_read(SearchEntry)
        found = self._entries(using, windows, restrict or {})
        if not found and self.typos and connections[using].vendor == "postgresql":
            corrected = self.corrected(using)
            if corrected:
                self.groups, self.folded_terms = corrected.groups, corrected.folded_terms  # marked as found
                found = corrected._entries(using, windows, restrict or {})
        return found

    @cached_property
    def groups(self):
        """Per word of the query, the patterns one of which must occur: one as typed, several for a typo."""
        return [(pattern,) for pattern in self.patterns]

    def corrected(self, using):
        """The search with each word that occurs in no word of any title (``SearchWord``) replaced by the title
        words most similar to it (pg_trgm's ``%``, trigram similarity), or None when no word needed it or one has
        no similar word."""
        table = connections[using].ops.quote_name(SearchWord._meta.db_table)
        sql, params = [], []
        for term in self.folded_terms:  # the most similar words of each term (pg_trgm), and whether it occurs
            sql.append(
                f"SELECT * FROM (SELECT %s, word FROM {table} WHERE word %% %s "
                f"AND similarity(word, %s) = (SELECT MAX(similarity(word, %s)) FROM {table} WHERE word %% %s)) AS t"
            )
            sql.append(f"SELECT %s, NULL WHERE EXISTS (SELECT 1 FROM {table} WHERE word LIKE %s)")
            params += [term, term, term, term, term, term, f"%{term}%"]
        with connections[using].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(sql), params)
            rows = cursor.fetchall()
        present = {term for term, word in rows if word is None}
        similar = {}
        for term, word in rows:
            if word is not None:
                similar.setdefault(term, set()).add(stem(word))
        if len(present) == len(self.folded_terms):
            return None
        groups, terms = [], []
        for term, group in zip(self.folded_terms, self.groups, strict=True):
            if term in present:
                groups.append(group)
                terms.append(term)
            elif term in similar and len(term) >= MIN_TYPO_LENGTH:
                words = sorted(similar[term])
                groups.append(tuple(word if len(word) >= MIN_PART_LENGTH else f" {word} " for word in words))
                terms += words
            else:
                return None  # a word found nowhere, not even as a typo
        search = SiteSearch(self.query, typos=False)
        search.groups, search.folded_terms = groups, list(dict.fromkeys(terms))
        return search

    def _entries(self, using, windows, restrict):
        connection = connections[using]
        postgresql = connection.vendor == "postgresql"
        position = "STRPOS" if postgresql else "INSTR"
        match = " AND ".join("(" + " OR ".join(["words LIKE %s"] * len(group)) + ")" for group in self.groups)
        match_params = [f"%{item}%" for group in self.groups for item in group]
        ranks, rank_params = [], []
        for group in self.groups:  # per word: where its first pattern found occurs
            places = [f"COALESCE(NULLIF({position}(words, %s), 0), {NOWHERE})"] * len(group)
            ranks.append(places[0] if len(group) == 1 else f"{'LEAST' if postgresql else 'MIN'}({', '.join(places)})")
            rank_params += group
        rank = " + ".join(ranks)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        public = "public AND (publish_at IS NULL OR publish_at <= %s) AND (unpublish_at IS NULL OR unpublish_at > %s)"
        table = connection.ops.quote_name(SearchEntry._meta.db_table)
        branches, params = [], []
        for n, kind in enumerate(windows):
            restriction, restriction_params = "", []
            if kind in restrict:
                sql, restriction_params = restrict[kind].values("pk").query.get_compiler(using).as_sql()
                restriction = f" AND object_id IN ({sql})"
            branches.append(
                f"SELECT * FROM (SELECT id, kind, object_id, sort_key, {rank} AS rank FROM {table} WHERE kind = %s "
                f"AND {match} AND {public}{restriction} LIMIT {CANDIDATE_LIMIT + 1}) AS kind_{n}"
            )
            params += [*rank_params, kind, *match_params, now, now, *restriction_params]
        shown = []
        for kind, (first, last) in windows.items():
            shown.append("(r.kind = %s AND r.position BETWEEN %s AND %s)")
            params += [kind, first, last]
        collate = ' COLLATE "C"' if postgresql else ""  # byte order, as SQLite compares
        sql = (
            f"WITH candidates AS ({' UNION ALL '.join(branches)}), ranked AS (SELECT id, kind, "
            "COUNT(*) OVER (PARTITION BY kind) AS total, ROW_NUMBER() OVER (PARTITION BY kind "
            f"ORDER BY rank, sort_key{collate}, object_id) AS position FROM candidates) "
            f"SELECT r.kind, r.total, r.position, e.title, e.path, e.meta, e.text FROM ranked r JOIN {table} e "
            f"ON e.id = r.id WHERE r.position = 1 OR {' OR '.join(shown)} ORDER BY r.kind, r.position"
        )
        if postgresql:
            # With a LIMIT, the planner reads a whole table from the start when it overestimates a word's matches
            # (a kind with no match then costs 100 ms); without sequential scans each kind uses its own index.
            # psycopg2 sends both as one simple query, which runs as one transaction: SET LOCAL ends with it (or
            # with the caller's transaction, reset below).
            sql = f"SET LOCAL enable_seqscan = off; {sql}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            if postgresql and connection.in_atomic_block:
                cursor.execute("RESET enable_seqscan")  # not for the rest of the caller's transaction
        found = {}
        for kind, total, position, title, path, meta, text in rows:
            hits = found.setdefault(kind, (total, []))[1]
            first, last = windows[kind]
            if first <= position <= last:
                meta = json.loads(meta) if isinstance(meta, str) else meta  # SQLite: as stored
                hits.append({"title": title, "path": path, "meta": meta, "text": text})
        return found

    # -- presentation ----------------------------------------------------------------------------------------------

    def highlight(self, text):
        """``text`` escaped, with the words that match marked (titles, names)."""
        return _highlight_words(text, self.folded_terms)[0]

    def snippet(self, text):
        """A short passage of plain ``text`` (an entry's, ``index.plain_text``) around the first match, escaped,
        matches in <mark>."""
        words = text.split(" ")
        if not text:
            return ""
        start = max(0, self._first_match(text, words) - SNIPPET_WORDS // 3)
        excerpt = " ".join(words[start : start + SNIPPET_WORDS])
        marked, _found = _highlight_words(excerpt, self.folded_terms)
        before = "… " if start else ""
        after = " …" if start + SNIPPET_WORDS < len(words) else ""
        return mark_safe(f"{before}{marked}{after}")  # noqa: S308 - marked is escaped; the ellipses are ours

    def _first_match(self, text, words):
        """The number of the first word of ``words`` (``text`` split at its single spaces) containing a term."""
        terms = self.folded_terms
        if text.isascii():  # folding is lower case only: the whole text at once
            folded = text.lower()
            places = [place for term in terms if (place := folded.find(term)) >= 0]
            return folded.count(" ", 0, min(places)) if places else 0
        return next((n for n, word in enumerate(words) if any(t in fold_word(word) for t in terms)), 0)
