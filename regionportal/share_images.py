"""OpenGraph share images (1200 × 630) for projects and articles, drawn with Pillow on the server.

Each picture shows the title, the region and the portal's name in white on the brand colour, beside the page's own
image when one is usable (rights not expired, file readable). It is stored once in the media storage
under a hash of everything it shows (``share/<kind>/<digest>.png``), so a new title, image or region name makes a
new file and a new URL; the page links the URL with its digest, which is therefore served as immutable.

Pictures are drawn when what they show is saved (``connect_signals``: after the commit), by ``load_demo`` and by
``manage.py renditions --rebuild-missing`` (e.g. nightly, for pictures whose rights expired at midnight) – never
while a page or the picture is requested. A page whose picture is not drawn (yet) announces none; its address
answers 404.
"""

import hashlib
import logging
from dataclasses import dataclass
from functools import partial
from io import BytesIO

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from PIL import Image as PILImage
from PIL import ImageDraw, ImageOps, UnidentifiedImageError

from news.models import Article
from projects.models import Project, ProjectImage, Region

from .cache import bump_content_version
from .fonts import BOLD, REGULAR, font
from .media import store_once
from .models import Image

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
    region: str
    image: Image | None

    @property
    def digest(self):
        image = f"{self.image.pk}:{self.image.file.name}" if self.image else ""
        text = "\x1f".join([LAYOUT_VERSION, self.title, self.region, image, settings.PORTAL_NAME])
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
        text = f"„{self.title}“ – {self.region}" if self.region else f"„{self.title}“"
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


def share_source(obj):
    """The share image's content for a project or an article loaded as by the querysets above (or the pages)."""
    if isinstance(obj, Project):
        first = next(iter(obj.project_images.all()), None)
        return ShareSource("projekt", obj.slug, obj.title, obj.lead_region.name, first.image if first else None)
    regions = ", ".join(region.name for region in obj.regions.all())
    return ShareSource("nachricht", obj.slug, obj.title, regions, obj.image)


KINDS = {"projekt": project_queryset, "nachricht": article_queryset}


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
    if source.region:
        region_font = font(30, REGULAR)
        draw.text((PADDING, y), _wrap(draw, source.region, region_font, text_width)[0], font=region_font, fill=white)
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


def share_sources(projects=None, articles=None):
    """The share sources of the projects and articles with these primary keys (of all of them where None), in any
    state of publication: a scheduled one has its picture when it appears."""
    chosen = [
        (project_queryset, Project.objects.all(), projects),
        (article_queryset, Article.objects.all(), articles),
    ]
    for queryset, every, pks in chosen:
        objects = every if pks is None else every.filter(pk__in=pks)
        yield from (share_source(obj) for obj in queryset(objects).order_by("pk").iterator(chunk_size=500))


def draw_share_images(projects=None, articles=None, limit=None):
    """Draw the missing share images of these projects and articles (see ``share_sources``); the number drawn.

    Pages rendered before then announce no picture: the content version changes, so they are rendered again.
    """
    drawn = 0
    for source in share_sources(projects, articles):
        if limit is not None and drawn >= limit:
            logger.warning("Further share images left for manage.py renditions --rebuild-missing.")
            break
        drawn += draw(source)
    if drawn:
        bump_content_version()
    return drawn


def current_paths():
    """The stored paths of every project's and article's share image as it is now."""
    return {source.path for source in share_sources()}


def is_stored(source):
    return default_storage.exists(source.path)


# -- drawn after a save -----------------------------------------------------------------------------------------


def affected_by(instance):
    """(project pks, article pks) whose share image shows something of ``instance``; None for other models."""
    match instance:
        case Project():
            return [instance.pk], []
        case ProjectImage():
            return [instance.project_id], []
        case Article():
            return [], [instance.pk]
        case Image():
            projects = ProjectImage.objects.filter(image=instance).values_list("project", flat=True)
            return projects, Article.objects.filter(image=instance).values_list("pk", flat=True)
        case Region():
            projects = Project.objects.filter(lead_region=instance).values_list("pk", flat=True)
            return projects, Article.objects.filter(regions=instance).values_list("pk", flat=True)
    return None


def changed(sender, instance, raw=False, **kwargs):
    """Signal receiver: draw the share images a saved, deleted or linked object shows, after the commit.

    Raw saves (``loaddata``) are left to ``load_demo``, which draws once the pictures are there.
    """
    if raw or not kwargs.get("action", "post_").startswith("post_"):
        return
    affected = affected_by(instance)
    if affected is not None:
        projects, articles = affected
        transaction.on_commit(
            partial(draw_share_images, projects=projects, articles=articles, limit=DRAWN_PER_SAVE), robust=True
        )


def connect_signals():
    for name, signal in (("save", post_save), ("delete", post_delete)):
        for model in (Project, ProjectImage, Article, Image, Region):
            signal.connect(changed, sender=model, dispatch_uid=f"share-images-{name}-{model.__name__}")
    m2m_changed.connect(changed, sender=Article.regions.through, dispatch_uid="share-images-article-regions")


@require_safe
def share_image(request, kind, slug):
    """``/vorschau/<projekt|nachricht>/<slug>.png?v=<digest>``: immutable while the digest is current."""
    if kind not in KINDS:
        raise Http404(_("Diese Art von Vorschaubild gibt es nicht."))
    source = share_source(get_object_or_404(KINDS[kind](), slug=slug))
    if request.GET.get("v") != source.digest:
        return redirect(source.url)
    try:
        stored = default_storage.open(source.path)
    except FileNotFoundError:  # drawn after the next save or by manage.py renditions; never here
        raise Http404 from None
    response = FileResponse(stored, content_type="image/png")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
