"""Back office: the admin's building blocks – who may see and change what (``permissions``), the editorial writes
and workflow (``services``, ``workflow``), version history, optimistic locking, previews, German numbers and dates,
rich text, two-factor sign-in and the password reset. A building block: imports no app; each app's models say
which of their objects a region's editors may change (docs/architecture.md)."""
