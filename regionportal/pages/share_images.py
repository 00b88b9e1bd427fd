"""OpenGraph share images (1200 × 630) of the public pages, drawn with Pillow on the server.

Projects, articles, regions, municipalities, funding programmes, themes and the home page have one (``KINDS``,
``home_source``). Each picture shows the title, a line above it (the region, the federal states, the funding
body, the parent theme …) and the portal's name in white on the brand colour, beside the page's own image when
one is usable (rights not expired, file readable). It is stored once in the media storage under a hash of
everything it shows (``share/<kind>/<digest>.png``), so a new title, image or region name makes a new file and a
new URL; the page links the URL with its digest, which is therefore served as immutable.

Pictures are drawn when what they show is saved (``connect_signals``: after the commit), by ``load_demo`` and by
``manage.py renditions --rebuild-missing`` (e.g. nightly, for pictures whose rights expired at midnight) – never
while a page or the picture is requested. A page whose picture is not drawn (yet) announces none; its address
answers 404.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from io import BytesIO

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import FilteredRelation, Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from PIL import Image as PILImage
from PIL import ImageDraw, ImageOps, UnidentifiedImageError

from contacts.models import Organisation
from news.models import Article
from projects.models import FundingProgramme, Municipality, Project, ProjectImage, Region, State, Theme
from regionportal.caching.cache import bump_content_version
from regionportal.media.fonts import BOLD, REGULAR, font
from regionportal.media.models import Image, usable_condition
from regionportal.media.processing import store_once
from regionportal.publishing.models import is_published

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
PADDING = 64
PHOTO_WIDTH = 480
FOOTER = 96
BRAND = (11, 79, 108)  # --brand in portal.css
BRAND_DARK = (7, 58, 80)  # --brand-dark
LAYOUT_VERSION = "2"  # part of the digest: bump it when the drawing changes so every picture is redrawn
FOLDER = "share"
# A save draws at most this many pictures after its commit (renaming a large region touches all its projects);
# ``manage.py renditions --rebuild-missing`` draws the rest.
DRAWN_PER_SAVE = 50


@dataclass
class ShareSource:
    """What a share image shows; built from relations the page and the image view load the same way."""

    kind: str
    slug: str
    title: str
    subtitle: str  # the line above the title: the region, the federal states, the funding body …
    image: Image | None

    @property
    def digest(self):
        image = f"{self.image.pk}:{self.image.file.name}" if self.image else ""
        text = "\x1f".join([LAYOUT_VERSION, self.title, self.subtitle, image, settings.PORTAL_NAME])
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    @property
    def path(self):
        return f"{FOLDER}/{self.kind}/{self.digest}.png"

    @property
    def url(self):
        path = reverse("portal:share-image", kwargs={"kind": self.kind, "slug": self.slug})
        return f"{path}?{urlencode({'v': self.digest})}"

    @property
    def alt(self):
        text = f"„{self.title}“ – {self.subtitle}" if self.subtitle else f"„{self.title}“"
        if self.image:
            return _("%(text)s, auf dem Foto: %(alt)s") % {"text": text, "alt": self.image.alt_text}
        return text


def project_queryset(projects=None):
    """Projects (published ones unless given) with what their share image shows: lead region, first usable image."""
    return (
        (Project.objects.published() if projects is None else projects)
        .select_related("lead_region")
        .prefetch_related(
            Prefetch(
                "project_images",
                queryset=ProjectImage.objects.filter(image__in=Image.objects.usable()).select_related("image"),
            )
        )
    )


def article_queryset(articles=None):
    """Articles (published ones unless given) with their usable image and their published regions."""
    return (Article.objects.published() if articles is None else articles).prefetch_related(
        Prefetch("image", queryset=Image.objects.usable()), Prefetch("regions", queryset=Region.objects.published())
    )


def region_queryset(regions=None):
    """Regions (published ones unless given) with their federal states and their image while it is usable; the
    region page loads them the same way."""
    return (
        (Region.objects.published() if regions is None else regions)
        .annotate(usable_image=FilteredRelation("image", condition=usable_condition("image__")))
        .select_related("usable_image")
        .prefetch_related("states")
    )


def municipality_queryset(municipalities=None):
    return (Municipality.objects.all() if municipalities is None else municipalities).select_related("state")


def programme_queryset(programmes=None):
    """Funding programmes (published ones unless given) with their funding body and whether it is public."""
    return (
        (FundingProgramme.objects.published() if programmes is None else programmes)
        .select_related("funding_body")
        .annotate(funding_body_is_published=is_published(Organisation, "funding_body"))
    )


def theme_queryset(themes=None):
    return (Theme.objects.all() if themes is None else themes).select_related("parent")


def project_source(project):
    first = next(iter(project.project_images.all()), None)
    return ShareSource("projekt", project.slug, project.title, project.lead_region.name, first.image if first else None)


def article_source(article):
    regions = ", ".join(region.name for region in article.regions.all())
    return ShareSource("nachricht", article.slug, article.title, regions, article.image)


def region_source(region):
    states = ", ".join(state.name for state in region.states.all())
    # select_related() of a filtered relation leaves the attribute unset where no image matches
    return ShareSource("region", region.slug, region.name, states, getattr(region, "usable_image", None))


def municipality_source(municipality):
    return ShareSource("kommune", municipality.slug, municipality.name, municipality.state.name, None)


def programme_source(programme):
    body = programme.funding_body.name if programme.funding_body_is_published else ""
    return ShareSource("foerderprogramm", programme.slug, programme.name, body, None)


def theme_source(theme):
    return ShareSource("thema", theme.slug, theme.name, theme.parent.name if theme.parent else "", None)


def home_source():
    """The home page's picture, in the portal's language whatever the page's: one picture, one digest."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Was in unseren Regionen entsteht")
        subtitle = _("Regionalentwicklung in Projekten, Kommunen und Förderprogrammen")
    return ShareSource(HOME, HOME_SLUG, title, subtitle, None)


@dataclass(frozen=True)
class ShareKind:
    """A kind of page with a share image: ``loaded(objects)`` adds what the picture shows to a queryset (the
    public objects where None), ``source(obj)`` says what the picture of one object shows."""

    model: type
    loaded: Callable
    source: Callable

    def sources(self, pks=None):
        """The sources of the objects with these primary keys (of all where None), in any state of publication:
        a scheduled one has its picture when it appears."""
        objects = self.model._default_manager.all()
        objects = objects if pks is None else objects.filter(pk__in=pks)
        return (self.source(obj) for obj in self.loaded(objects).order_by("pk").iterator(chunk_size=500))

    def public_source(self, slug):
        return self.source(get_object_or_404(self.loaded(), slug=slug))


HOME, HOME_SLUG = "portal", "startseite"
KINDS = {
    "projekt": ShareKind(Project, project_queryset, project_source),
    "nachricht": ShareKind(Article, article_queryset, article_source),
    "region": ShareKind(Region, region_queryset, region_source),
    "kommune": ShareKind(Municipality, municipality_queryset, municipality_source),
    "foerderprogramm": ShareKind(FundingProgramme, programme_queryset, programme_source),
    "thema": ShareKind(Theme, theme_queryset, theme_source),
}


def share_source(obj=None):
    """The share image's content for an object loaded as by the querysets above (or its page); the home page's
    without one."""
    if obj is None:
        return home_source()
    return next(kind.source(obj) for kind in KINDS.values() if isinstance(obj, kind.model))


def _wrap(draw, text, font, width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line] if line else lines


def _fit_title(draw, title, width, max_lines=4):
    """The largest font size (60 down to 36 px) at which the title fits ``max_lines``, else cut with an ellipsis."""
    for size in range(60, 35, -4):
        title_font = font(size, BOLD)
        lines = _wrap(draw, title, title_font, width)
        if len(lines) <= max_lines and all(draw.textlength(line, font=title_font) <= width for line in lines):
            return title_font, lines
    shown = lines[:max_lines]
    if len(lines) > max_lines:
        shown[-1] += " …"
    for index, line in enumerate(shown):
        while draw.textlength(line, font=title_font) > width:
            line = line[:-2] + "…"
        shown[index] = line
    return title_font, shown


def _photo(image):
    """The photo cropped to the picture's right part, or None when there is no usable, readable photo."""
    if image is None:
        return None
    try:
        with image.file.open("rb") as file, PILImage.open(file) as photo:
            return ImageOps.fit(ImageOps.exif_transpose(photo).convert("RGB"), (PHOTO_WIDTH, HEIGHT - FOOTER))
    except (OSError, UnidentifiedImageError, PILImage.DecompressionBombError):
        return None  # a missing or broken file is no reason to fail the share image


def render(source):
    """The share image as PNG bytes: white text on the brand colour (8.9:1), the photo beside it."""
    canvas = PILImage.new("RGB", (WIDTH, HEIGHT), BRAND)
    photo = _photo(source.image)
    if photo is not None:
        canvas.paste(photo, (WIDTH - PHOTO_WIDTH, 0))
    draw = ImageDraw.Draw(canvas)
    white = (255, 255, 255)
    text_width = WIDTH - 2 * PADDING - (PHOTO_WIDTH if photo is not None else 0)
    draw.rectangle((0, HEIGHT - FOOTER, WIDTH, HEIGHT), fill=BRAND_DARK)
    draw.text((PADDING, HEIGHT - FOOTER / 2), settings.PORTAL_NAME, font=font(30, BOLD), fill=white, anchor="lm")
    y = PADDING
    if source.subtitle:
        subtitle_font = font(30, REGULAR)
        first_line = _wrap(draw, source.subtitle, subtitle_font, text_width)[0]
        draw.text((PADDING, y), first_line, font=subtitle_font, fill=white)
        y += 60
    title_font, lines = _fit_title(draw, source.title, text_width)
    for line in lines:
        draw.text((PADDING, y), line, font=title_font, fill=white)
        y += round(title_font.size * 1.2)
    out = BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def draw(source):
    """Store the share image of ``source`` unless it is stored; True if drawn now.

    Not drawn while the photo's file is missing (e.g. fixtures loaded before their pictures): the digest names the
    photo, so a picture without it must not be kept under that name.
    """
    if source.image is not None and not source.image.file.storage.exists(source.image.file.name):
        return False
    return store_once(default_storage, source.path, partial(render, source))


def share_sources(selection=None):
    """The share sources of ``selection`` (``{kind: primary keys}``; every object of every kind where None) and of
    the home page, whose picture depends on nothing saved: any drawing draws it where it is missing."""
    yield home_source()
    for name, kind in KINDS.items():
        if selection is None or name in selection:
            yield from kind.sources(None if selection is None else selection[name])


def draw_share_images(selection=None, limit=None):
    """Draw the missing share images of ``selection`` (see ``share_sources``); the number drawn.

    Pages rendered before then announce no picture: the content version changes, so they are rendered again.
    """
    drawn = 0
    for source in share_sources(selection):
        if limit is not None and drawn >= limit:
            logger.warning("Further share images left for manage.py renditions --rebuild-missing.")
            break
        drawn += draw(source)
    if drawn:
        bump_content_version()
    return drawn


def is_stored(source):
    return default_storage.exists(source.path)


# -- drawn after a save -----------------------------------------------------------------------------------------


def affected_by(instance):
    """``{kind: primary keys}`` of the share images that show something of ``instance``; None for other models."""
    pks = [instance.pk]
    match instance:
        case Project():
            return {"projekt": pks}
        case ProjectImage():
            return {"projekt": [instance.project_id]}
        case Article():
            return {"nachricht": pks}
        case Image():
            return {
                "projekt": ProjectImage.objects.filter(image=instance).values_list("project", flat=True),
                "nachricht": Article.objects.filter(image=instance).values_list("pk", flat=True),
                "region": Region.objects.filter(image=instance).values_list("pk", flat=True),
            }
        case Region():
            return {
                "projekt": Project.objects.filter(lead_region=instance).values_list("pk", flat=True),
                "nachricht": Article.objects.filter(regions=instance).values_list("pk", flat=True),
                "region": pks,
            }
        case State():
            return {
                "region": Region.objects.filter(states=instance).values_list("pk", flat=True),
                "kommune": Municipality.objects.filter(state=instance).values_list("pk", flat=True),
            }
        case Municipality():
            return {"kommune": pks}
        case FundingProgramme():
            return {"foerderprogramm": pks}
        case Organisation():
            return {
                "foerderprogramm": FundingProgramme.objects.filter(funding_body=instance).values_list("pk", flat=True)
            }
        case Theme():
            return {"thema": [instance.pk, *Theme.objects.filter(parent=instance).values_list("pk", flat=True)]}
    return None


def changed(sender, instance, raw=False, **kwargs):
    """Signal receiver: draw the share images a saved, deleted or linked object shows, after the commit.

    Raw saves (``loaddata``) are left to ``load_demo``, which draws once the pictures are there.
    """
    if raw or not kwargs.get("action", "post_").startswith("post_"):
        return
    affected = affected_by(instance)
    if affected is not None:
        transaction.on_commit(partial(draw_share_images, affected, limit=DRAWN_PER_SAVE), robust=True)


WATCHED = (Project, ProjectImage, Article, Image, Region, State, Municipality, FundingProgramme, Organisation, Theme)


def connect_signals():
    for name, signal in (("save", post_save), ("delete", post_delete)):
        for model in WATCHED:
            signal.connect(changed, sender=model, dispatch_uid=f"share-images-{name}-{model.__name__}")
    for through in (Article.regions.through, Region.states.through):
        m2m_changed.connect(changed, sender=through, dispatch_uid=f"share-images-{through.__name__}")


@require_safe
def share_image(request, kind, slug):
    """``/vorschau/<projekt|nachricht>/<slug>.png?v=<digest>``: immutable while the digest is current."""
    if kind == HOME and slug == HOME_SLUG:
        source = home_source()
    elif kind in KINDS:
        source = KINDS[kind].public_source(slug)
    else:
        raise Http404(_("Diese Art von Vorschaubild gibt es nicht."))
    if request.GET.get("v") != source.digest:
        return redirect(source.url)
    try:
        stored = default_storage.open(source.path)
    except FileNotFoundError:  # drawn after the next save or by manage.py renditions; never here
        raise Http404 from None
    response = FileResponse(stored, content_type="image/png")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def slug_model(name, kwargs):
    """The model a share image's address names: a renamed project's old picture address answers 301
    (regionportal.publishing.slugs)."""
    kind = KINDS.get(kwargs.get("kind"))
    return kind.model if name == "slug" and kind else None


share_image.slug_model = slug_model
