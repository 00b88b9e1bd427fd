"""Publishing: what makes an object public and keeps its addresses – publication state and scheduling, permanent
short links, former slugs, the public detail page's shared view behaviour, strict query parameters, and the
child rows a page loads with its object. A building block: imports no app (docs/architecture.md)."""
