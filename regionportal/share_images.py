"""OpenGraph share images (1200 × 630) for projects and articles, drawn with Pillow on the server.

Each picture shows the title, the region and the portal's name in white on the brand colour, beside the page's own
image when one is usable (rights not expired, file readable). It is stored once in the media storage
under a hash of everything it shows (``share/<kind>/<digest>.png``), so a new title, image or region name makes a
new file and a new URL; the page links the URL with its digest, which is therefore served as immutable.
"""

import hashlib
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from news.models import Article
from projects.models import Project, ProjectImage, Region

from .models import Image

WIDTH, HEIGHT = 1200, 630
PADDING = 64
PHOTO_WIDTH = 480
FOOTER = 96
BRAND = (11, 79, 108)  # --brand in portal.css
BRAND_DARK = (7, 58, 80)  # --brand-dark
LAYOUT_VERSION = "1"  # part of the digest: bump it when the drawing changes so every picture is redrawn
BOLD_FONT = "DejaVuSans-Bold.ttf"
REGULAR_FONT = "DejaVuSans.ttf"


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
        return f"share/{self.kind}/{self.digest}.png"

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


def project_queryset():
    """Published projects with what their share image shows: lead region, first usable image."""
    return (
        Project.objects.published()
        .select_related("lead_region")
        .prefetch_related(
            Prefetch(
                "project_images",
                queryset=ProjectImage.objects.filter(image__in=Image.objects.usable()).select_related("image"),
            )
        )
    )


def article_queryset():
    """Published articles with their usable image and their published regions."""
    return Article.objects.published().prefetch_related(
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


def _font(name, size):
    try:
        return ImageFont.truetype(name, size)
    except OSError:  # DejaVu is not installed: Pillow's own font (Aileron, Latin incl. umlauts)
        return ImageFont.load_default(size)


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
        font = _font(BOLD_FONT, size)
        lines = _wrap(draw, title, font, width)
        if len(lines) <= max_lines and all(draw.textlength(line, font=font) <= width for line in lines):
            return font, lines
    shown = lines[:max_lines]
    if len(lines) > max_lines:
        shown[-1] += " …"
    for index, line in enumerate(shown):
        while draw.textlength(line, font=font) > width:
            line = line[:-2] + "…"
        shown[index] = line
    return font, shown


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
    draw.text((PADDING, HEIGHT - FOOTER / 2), settings.PORTAL_NAME, font=_font(BOLD_FONT, 30), fill=white, anchor="lm")
    y = PADDING
    if source.region:
        region_font = _font(REGULAR_FONT, 30)
        draw.text((PADDING, y), _wrap(draw, source.region, region_font, text_width)[0], font=region_font, fill=white)
        y += 60
    font, lines = _fit_title(draw, source.title, text_width)
    for line in lines:
        draw.text((PADDING, y), line, font=font, fill=white)
        y += round(font.size * 1.2)
    out = BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def stored_image(source):
    """The path of the share image in the media storage, drawn first if this version does not exist yet."""
    if not default_storage.exists(source.path):
        saved = default_storage.save(source.path, ContentFile(render(source)))
        if saved != source.path:  # drawn by a parallel request in the meantime: keep one copy
            default_storage.delete(saved)
    return source.path


@require_safe
def share_image(request, kind, slug):
    """``/vorschau/<projekt|nachricht>/<slug>.png?v=<digest>``: immutable while the digest is current."""
    if kind not in KINDS:
        raise Http404(_("Diese Art von Vorschaubild gibt es nicht."))
    source = share_source(get_object_or_404(KINDS[kind](), slug=slug))
    if request.GET.get("v") != source.digest:
        return redirect(source.url)
    response = FileResponse(default_storage.open(stored_image(source)), content_type="image/png")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
