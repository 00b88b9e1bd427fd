"""What every public page of a publishable object shares: public objects only (archived: 410), strict query
parameters."""

import hashlib

from django.http import (
    Http404,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from regionportal.caching.cache import cached, keeps_fragments, request_content_state
from regionportal.publishing.models import PublicationState
from regionportal.publishing.parameters import InvalidQuery, check_parameters

# What mailing and advertising tools append to a shared link; they mean nothing to the portal (which counts
# nothing), so a list page leads to its address without them instead of refusing the link.
CAMPAIGN_PARAMETERS = ("fbclid", "gclid", "msclkid", "mc_cid", "mc_eid")
CAMPAIGN_PREFIXES = ("utm_", "mtm_", "pk_")

ARCHIVED_MESSAGE = _("Dieser Inhalt wurde archiviert und ist nicht mehr öffentlich zugänglich.")


class PublicObjectMixin:
    """The page of one publishable object: public objects only, archived ones are gone (410).

    ``public_queryset()`` is where such a view starts its ``get_queryset()``. The back office's preview
    (regionportal.backoffice.preview) runs the same view with ``preview_pk`` set: then exactly that object is shown,
    whatever its state.
    """

    preview_pk = None

    def public_queryset(self):
        manager = self.model._default_manager
        return manager.published() if self.preview_pk is None else manager.filter(pk=self.preview_pk)

    def get_object(self, queryset=None):
        """The public object with everything its page prefetched, kept until the content changes (building and
        compiling the page's annotated queries costs more than rendering it); staff and previews read afresh."""
        if self.preview_pk is not None or queryset is not None or not keeps_fragments(self.request):
            return super().get_object(queryset)
        address = hashlib.sha256(repr(sorted(self.kwargs.items())).encode()).hexdigest()
        key = f"object:{self.model._meta.label_lower}:{address}"
        return cached(key, super().get_object, state=request_content_state(self.request))

    def get_context_data(self, **kwargs):
        """The object's own address is the canonical one, also of its preview (base.html: canonical link, og:url)."""
        return super().get_context_data(canonical_path=self.object.get_absolute_url(), **kwargs)

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            slug = kwargs.get(self.slug_url_kwarg)
            archived = self.model._default_manager.filter(state=PublicationState.ARCHIVED, **{self.slug_field: slug})
            if self.preview_pk is None and slug and archived.exists():
                return not_found(request, ARCHIVED_MESSAGE, status=410)
            raise


def without(request, names):
    """The request's address without the parameters ``names``."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return f"{request.path}?{query.urlencode()}" if query else request.path


class KnownParametersMixin:
    """For a filtered list page (a ``FilterView``): a parameter that is neither a filter nor ``page`` is a 400
    page naming it, a malformed filter value the page with its form errors as a 400 – never silently ignored.
    Campaign parameters (``utm_source`` …) lead to the same address without them."""

    page_parameters = ("page",)

    def get(self, request, *args, **kwargs):
        campaign = [name for name in request.GET if name in CAMPAIGN_PARAMETERS or name.startswith(CAMPAIGN_PREFIXES)]
        if campaign:
            return HttpResponsePermanentRedirect(without(request, campaign))
        try:
            check_parameters(request.GET, [*self.filterset_class.base_filters, *self.page_parameters])
        except InvalidQuery as error:
            return bad_query(request, error)
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response


def bad_query(request, error):
    """The portal's page for parameters a page refuses (``InvalidQuery``), with the way on without them."""
    context = {"error": error, "without": without(request, error.errors)}
    return HttpResponseBadRequest(loader.render_to_string("400.html", context, request))


def not_found(request, message="", status=404):
    """The 404 page with a message of ours (never the framework's technical one)."""
    return TemplateResponse(request, "404.html", {"message": message}, status=status)


class ShortLinkMixin:
    """Adds ``short_url``, the permanent short link of the page's object as printed on the page."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(short_url=self.object.short_url(self.request.build_absolute_uri), **kwargs)
