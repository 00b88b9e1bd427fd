"""Preview for staff: an unpublished object rendered by its own public view and template.

The admin (``PublishableAdmin.preview_view``) finds the object within the user's scope; here the public URL of
the object is resolved to its view, and that view runs with ``preview_pk``
(regionportal.publishing.views.PublicObjectMixin),
so it shows exactly that object whatever its state. Everything else on the page stays as public as it is.
"""

from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from regionportal.publishing.views import PublicObjectMixin


def preview_view_class(obj, url=None):
    """The public view showing ``obj`` at ``url`` (its page, or e.g. its Leichte-Sprache version): the view, the
    ``as_view()`` arguments of its route and the URL arguments it needs, or ``None`` without a preview."""
    try:
        match = resolve(url or obj.get_absolute_url())
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, PublicObjectMixin):
        return None
    return view_class, getattr(match.func, "view_initkwargs", {}), match.args, match.kwargs


def has_preview(obj):
    return obj is not None and obj.pk is not None and preview_view_class(obj) is not None


def render_preview(request, obj, url=None):
    """The public page of ``obj`` (or the page at ``url`` showing it) as it will look once published; never cached
    and never indexed."""
    found = preview_view_class(obj, url)
    if found is None:
        raise Http404
    view_class, initkwargs, args, kwargs = found
    response = view_class.as_view(**initkwargs, preview_pk=obj.pk)(request, *args, **kwargs)
    if hasattr(response, "render"):
        response.render()
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response
