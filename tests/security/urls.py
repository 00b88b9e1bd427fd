"""Every URL pattern of the project with a real address from the demo content.

The URL resolver is walked for the named patterns; the demo site is crawled from the home page, the sitemaps
and the API index, following only links to patterns not seen yet, so every linked kind of page gets the address
a visitor would follow (with its filters and page numbers). Patterns nothing links to (the admin, short links,
API details) get generic arguments. New pages of the project are covered without touching this module.
"""

import html
import re
from collections import deque
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import translation

from projects.models import Project, Region, Theme

LINK = re.compile(r"""(?:href|action|src)="([^"]+)"|<loc>([^<]+)</loc>|"(?:url|href)":\s*"([^"]+)\"""")
START = ["/", "/en/", "/sitemap.xml", "/api/"]


def named_patterns(patterns=None, namespace=None):
    """``{"projects:detail": URLPattern, …}`` for every named pattern, admin included."""
    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            found |= named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = pattern
    return found


def parameters(pattern):
    return list(pattern.pattern.regex.groupindex)


def url_name(path):
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def local_links(content):
    base = settings.PORTAL_BASE_URL.rstrip("/")
    for groups in LINK.findall(content):
        link = html.unescape(next(group for group in groups if group)).replace("\\/", "/")
        if link.startswith(base):
            link = link[len(base) :] or "/"
        if link.startswith("/") and not link.startswith("//"):
            yield link.split("#")[0]


def crawl(client, limit=400):
    """``{url name: first address found}``, fetching one page per URL name (German and English count apart)."""
    found, fetched = {}, set()
    queue = deque(START)
    while queue and len(fetched) < limit:
        path = queue.popleft()
        name = url_name(path)
        key = (name, path.startswith("/en/"))
        if name is None or key in fetched or name.startswith("admin:"):
            continue
        fetched.add(key)
        response = client.get(path)
        if response.status_code != 200:
            continue
        found.setdefault(name, path)
        if response.get("Content-Type", "").split(";")[0] in {"text/html", "application/xml", "application/json"}:
            queue.extend(local_links(response.content.decode(errors="replace")))
    return found


def generic_arguments():
    """Arguments for patterns no page links to: real ones from the demo content where a name suggests them."""
    project = Project.objects.published().order_by("pk").first()
    return {
        "code": project.short_code,
        "slug": project.slug,
        "region": Region.objects.published().order_by("pk").first().slug,
        "theme": Theme.objects.order_by("pk").first().slug,
        "dataset": "projects",
        "fmt": "csv",
        "section": "projects",
        "year": "2025",
        "app_label": "projects",
        "object_id": str(project.pk),
        "content_type_id": "1",
        "id": "1",
        "pk": "1",
        "kind": "project",
        "chart": "status",
        "url": "unbekannt",
        "uidb64": "MQ",  # a password reset link that is not valid (regionportal.backoffice.password_reset)
        "token": "set-password",
    }


def every_url(client):
    """``{url name: address}`` for every named pattern; raises if one cannot be built (add its argument above)."""
    found = crawl(client)
    arguments = generic_arguments()
    missing = []
    for name, pattern in named_patterns().items():
        if name in found:
            continue
        try:
            with translation.override(settings.LANGUAGE_CODE):
                if parameters(pattern):
                    found[name] = reverse(name, kwargs={key: arguments[key] for key in parameters(pattern)})
                else:  # positional groups (django-simple-history's version page): object and version id
                    found[name] = reverse(name, args=[arguments["object_id"]] * pattern.pattern.regex.groups)
        except (KeyError, NoReverseMatch):
            missing.append(name)
    assert not missing, f"no sample address for {missing}: give their arguments in tests/security/urls.py"
    return found
