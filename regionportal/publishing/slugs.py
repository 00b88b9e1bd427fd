"""Former slugs: an address once published keeps working after its object's slug changes.

Every model with a ``slug`` field and a public ``get_absolute_url()`` is tracked: a save that changes the slug
(admin, import, shell) records the old one as a FormerSlug. Only when a page is not found is the former slug looked
up, so normal pages pay no extra query: the same URL pattern is reversed with the current slug (and the year of a
news article) and answered with a 301, keeping the sub-path (``zahlen/``, ``vcard.vcf``, a CSV) and query string.
Chains end at the current slug in one hop; the current slug of an object is never kept as its former one, so
there are no loops; a live object holding a slug always wins, since the lookup only happens on a miss.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.validators import slug_re
from django.db.models.signals import post_save, pre_save
from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from regionportal.publishing.models import FormerSlug, PublicationState


def is_tracked(model):
    return hasattr(model, "get_absolute_url") and any(field.name == "slug" for field in model._meta.concrete_fields)


def remember_old_slug(sender, instance, raw=False, **kwargs):
    if raw or not is_tracked(sender) or instance.pk is None:
        return
    instance._former_slug = sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()


def record_slug_change(sender, instance, raw=False, **kwargs):
    old = instance.__dict__.pop("_former_slug", None)
    if raw or not is_tracked(sender) or old in (None, instance.slug):
        return
    content_type = ContentType.objects.get_for_model(sender)
    FormerSlug.objects.filter(content_type=content_type, slug=instance.slug).delete()  # a→b→a: current wins
    FormerSlug.objects.update_or_create(content_type=content_type, slug=old, defaults={"object_id": instance.pk})


def connect_signals():
    pre_save.connect(remember_old_slug, dispatch_uid="regionportal-former-slug-pre")
    post_save.connect(record_slug_change, dispatch_uid="regionportal-former-slug-post")


def current_object(model, slug):
    """The object that had ``slug`` before, if it is still there and may be shown (public or archived)."""
    row = FormerSlug.objects.filter(content_type=ContentType.objects.get_for_model(model), slug=slug).first()
    obj = row and row.target
    if obj is None or obj.slug == slug:
        return None
    if getattr(obj, "is_public", True) or getattr(obj, "state", None) == PublicationState.ARCHIVED:
        return obj
    return None


def slug_in_address(match, model=None):
    """(name of the URL's slug argument, the model it names), or (None, None).

    A detail view names its model and takes ``slug``; a view whose address names an object by another argument
    (a feed's ``/regionen/<region>/aktuelles.atom``) or by a kind (``/vorschau/<kind>/<slug>.png``) says which
    model through a ``slug_model(name, kwargs)`` attribute.
    """
    model = model or model_of_view(match.func)
    if model is not None and "slug" in match.kwargs:
        return "slug", model
    finder = getattr(match.func, "slug_model", None)
    for name in match.kwargs if finder else ():
        if found := finder(name, match.kwargs):
            return name, found
    return None, None


def model_of_view(view):
    """The model a class-based view shows, set on the class or given to ``as_view()`` (``EasyLanguageView``)."""
    given = getattr(view, "view_initkwargs", {}).get("model")
    return given or getattr(getattr(view, "view_class", None), "model", None)


def redirect_from_former_slug(request, model=None):
    """A 301 from an address with a former slug to the same address with the current one, or None."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    name, model = slug_in_address(match, model)
    slug = match.kwargs.get(name)
    if model is None or not slug or not slug_re.match(slug) or not is_tracked(model):
        return None  # only a well-formed slug is looked up (PostgreSQL refuses NUL bytes, for one)
    obj = current_object(model, slug)
    if obj is None:
        return None
    if name == "slug":  # the object's own address pattern: the slug, and the year for news articles
        current = resolve(obj.get_absolute_url()).kwargs
        kwargs = {**match.kwargs, **{key: value for key, value in current.items() if key in match.kwargs}}
    else:
        kwargs = {**match.kwargs, name: obj.slug}
    try:
        url = reverse(match.view_name, args=match.args, kwargs=kwargs)
    except NoReverseMatch:
        return None
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
