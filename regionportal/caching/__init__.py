"""Caching: the page cache for anonymous visitors with its content version, cached values and counts, and cached
filter options of long lists. A building block: imports no app (docs/architecture.md)."""
