"""Search: each searchable model's search document (``index``, kept current by signals) and the ranked query over
all kinds of content with German folding, compounds and typo tolerance (``query``). A building block: imports no
app (docs/architecture.md)."""
