"""What every public page of a publishable object shares: public objects only (archived: 410), strict query
parameters."""

import hashlib

from django.http import (
    Http404,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import redirect
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from regionportal.caching.cache import cached, keeps_fragments, request_content_state
from regionportal.publishing.models import EASY_LANGUAGE_ROUTE_SUFFIX, PublicationState, Publishable
from regionportal.publishing.parameters import InvalidQuery, check_parameters

# What mailing and advertising tools append to a shared link; they mean nothing to the portal (which counts
# nothing), so a list page leads to its address without them instead of refusing the link.
CAMPAIGN_PARAMETERS = ("fbclid", "gclid", "msclkid", "mc_cid", "mc_eid")
CAMPAIGN_PREFIXES = ("utm_", "mtm_", "pk_")

ARCHIVED_MESSAGE = _("Dieser Inhalt wurde archiviert und ist nicht mehr öffentlich zugänglich.")
NO_EASY_LANGUAGE_MESSAGE = _("Diese Seite gibt es noch nicht in Leichter Sprache.")


class EasyLanguageLinkMixin:
    """Adds ``easy_language_url`` for the page's object: the address of its Leichte-Sprache version, "" without one.
    base.html links it at the top of the page."""

    def easy_language_link(self):
        return self.object.easy_language_url

    def get_context_data(self, **kwargs):
        return super().get_context_data(easy_language_url=self.easy_language_link(), **kwargs)


class BreadcrumbMixin:
    """Adds ``breadcrumbs``, the (label, url) steps base.html shows above the page, the last one the page itself
    (url ""): the list the page belongs to (``section``: label and URL name) followed by ``get_breadcrumbs()``."""

    section = None

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        trail = self.get_breadcrumbs()
        if self.section is not None:
            label, url_name = self.section
            trail = [(label, reverse(url_name)), *trail]
        return super().get_context_data(breadcrumbs=trail, **kwargs)


class PublicObjectMixin(EasyLanguageLinkMixin):
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
        key = f"object:{self.model._meta.label_lower}:{type(self).__name__}:{address}"
        return cached(key, super().get_object, state=request_content_state(self.request))

    def get_canonical_path(self):
        """The object's own address is the canonical one, also of its preview (base.html: canonical link, og:url)."""
        return self.object.get_absolute_url()

    def easy_language_link(self):
        """In a preview, the Leichte-Sprache version's preview (the public one may not exist yet)."""
        if self.preview_pk is None or not self.object.has_easy_language:
            return super().easy_language_link()
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_preview_easy_language", args=[self.preview_pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(canonical_path=self.get_canonical_path(), **kwargs)

    def is_archived(self, slug):
        if not issubclass(self.model, Publishable):
            return False
        return self.model._default_manager.filter(state=PublicationState.ARCHIVED, **{self.slug_field: slug}).exists()

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            slug = kwargs.get(self.slug_url_kwarg)
            if self.preview_pk is None and slug and self.is_archived(slug):
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


class EasyLanguageView(PublicObjectMixin, BreadcrumbMixin, DetailView):
    """``<page>/leichte-sprache/``: the Leichte-Sprache version an editor wrote for the object of a public page
    (regionportal.publishing.models.EasyLanguageVersion). Public exactly while the page is; 404 when there is none.

    One view for every kind of page, set up in the apps' URLs with ``easy_language_path()``.
    """

    template_name = "portal/easy_language.html"
    context_object_name = "page_object"

    def get_queryset(self):
        if self.preview_pk is None:
            return self.model.with_easy_language()
        return self.model._default_manager.filter(pk=self.preview_pk).exclude(easy_language="")

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            slug = kwargs.get(self.slug_url_kwarg)
            if self.preview_pk is None and self.model.public_pages().filter(**{self.slug_field: slug}).exists():
                return not_found(request, NO_EASY_LANGUAGE_MESSAGE)  # the page is there, a version of it is not
            raise
        url = self.object.get_easy_language_url()
        if self.preview_pk is None and request.path != url:  # an article's address with another year
            return redirect(url, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_canonical_path(self):
        return self.object.get_easy_language_url()

    def easy_language_link(self):
        return ""  # this is the version; the page links back to its original (portal/easy_language.html)

    def get_breadcrumbs(self):
        return [(str(self.object), self.object.get_absolute_url()), (_("Leichte Sprache"), "")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.object.easy_language_title or str(self.object), **kwargs)


def easy_language_path(route, model, name, section):
    """The URL pattern of the Leichte-Sprache versions of the pages at ``route`` (named ``name``): ``route`` +
    ``leichte-sprache/``, named ``name`` + ``EASY_LANGUAGE_ROUTE_SUFFIX`` (what ``get_easy_language_url`` reverses)."""
    view = EasyLanguageView.as_view(model=model, section=section)
    return path(f"{route}leichte-sprache/", view, name=f"{name}{EASY_LANGUAGE_ROUTE_SUFFIX}")
