"""Safe media: uploads checked by their content and stored cleaned under generated names; responsive renditions.

Images are opened with Pillow, never trusted by their name or content type: JPEG, PNG and WebP only, limited in
bytes and pixels (decompression bombs included), turned upright by their EXIF orientation, converted to sRGB and
re-encoded without any metadata (camera, GPS location, comments, colour profiles). Anything appended to the
picture data (e.g. a ZIP archive behind a JPEG) does not survive the re-encoding.

Documents are recognised by their content: the PDF header, or the content types inside an Office Open XML
(``[Content_Types].xml``) or OpenDocument (``mimetype``) container. A PDF must be readable as one (pypdf) and
is refused if it carries a web page or script (a "polyglot" a browser could take for HTML) or, anywhere a
reader reaches, JavaScript, a launch action or embedded files. Office files are refused with macros (declared or
a ``vbaProject.bin``), with web pages or programs inside, with member names that leave the container (``../``,
absolute or Windows paths), or when they would unpack to more than 100 MB or a hundredfold their packed size.

Every check runs before anything is stored, so a refused upload leaves no file and no row behind. The model gives
every stored file a random name (``regionportal.media.models.generated_name``); the uploaded name is never used.

Renditions of each image (several widths, WebP plus a JPEG or PNG fallback) are made once per image file, when the
image is saved or loaded (``load_demo``, ``generate_bulk_data`` and ``manage.py renditions`` for images written
without ``save()``), under names that follow from the file's content, so making them again never writes a second
copy. They are recorded in ``Image.renditions``; a page only reads that record and shows the original file where
there is none. It never writes.
"""

import hashlib
import logging
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from functools import cache, partial
from io import BytesIO
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import TextChoices
from django.db.models.signals import post_delete
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

logger = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 15 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_DOCUMENT_BYTES = 25 * 1024 * 1024
# An Office container may unpack to several times its size, but not to this (a "zip bomb" does): real documents
# of 25 MB unpack to well below 100 MB, and their XML packs at most some tens to one; deflate reaches a thousand.
MAX_DOCUMENT_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_ABOVE_BYTES = 1024 * 1024  # small parts may pack better without harm
MAX_DOCUMENT_ENTRIES = 10_000
MAX_MANIFEST_BYTES = 1024 * 1024

RENDITION_WIDTHS = (480, 960, 1440)
DEFAULT_DISPLAY_WIDTH = 960  # the <img src> for browsers without srcset
RENDITIONS_FOLDER = "varianten"
# Part of every rendition's name and record: change it with the widths or encoder settings, then run
# ``manage.py renditions --rebuild-missing --remove-orphans`` (pages show the originals until then).
RENDITION_VERSION = "2"

# Pillow format name -> file extension of the stored, re-encoded image and the encoder settings.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ENCODER_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {},
    "WEBP": {"quality": 90, "method": 4},
}
RENDITION_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {},
    "WEBP": {"quality": 80, "method": 4},
}
SRGB = ImageCms.createProfile("sRGB")


class DocumentType(TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word-Dokument")
    XLSX = "xlsx", _("Excel-Tabelle")
    PPTX = "pptx", _("PowerPoint-Präsentation")
    ODT = "odt", _("OpenDocument-Text")
    ODS = "ods", _("OpenDocument-Tabelle")
    WEB = "web", _("Webseite")


OFFICE_OPEN_XML = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DocumentType.DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": DocumentType.XLSX,
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": DocumentType.PPTX,
}
OPEN_DOCUMENT = {
    b"application/vnd.oasis.opendocument.text": DocumentType.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": DocumentType.ODS,
}
DOCUMENT_FILE_TYPES = [DocumentType.PDF, *OFFICE_OPEN_XML.values(), *OPEN_DOCUMENT.values()]

# What a browser takes for a web page (it sniffs the start of a file) – never in a PDF's own syntax.
PDF_MARKUP = re.compile(rb"<(?:script|html|body|iframe|!doctype)[\s>/]", re.IGNORECASE)
# PDF names of what runs when the file is opened or clicked, or carries other files: JavaScript actions and name
# trees, launch actions (programs), embedded files, rich media (Flash, video with scripts).
PDF_ACTIVE_NAMES = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"}
# The names of PDF objects outside their streams, as written (``#xx`` escapes decoded below).
PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
# Macros in Office Open XML (the VBA project, also in a file not declared as macro-enabled) and OpenDocument.
MACRO_MEMBERS = re.compile(r"(^|/)vba(project\.bin|data\.xml)$|^(basic|scripts)/", re.IGNORECASE)
# Members no Office file needs: web pages and scripts a browser or Windows would run, and programs.
FOREIGN_MEMBERS = re.compile(r"\.(html?|xhtml|mht(ml)?|hta|js|vbs|wsf|exe|dll|com|scr|bat|cmd|ps1|jar|msi)$", re.I)

UNSAFE_NAME = _(
    "Der Dateiname enthält Pfadangaben oder Steuerzeichen. Bitte benennen Sie die Datei um und laden Sie sie "
    "erneut hoch."
)
TOO_LARGE = _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s.")
NOT_AN_IMAGE = _(
    "Die Datei ist kein Bild im Format JPEG, PNG oder WebP. Andere Formate (z. B. GIF, SVG oder PDF) sind nicht "
    "erlaubt – bitte speichern Sie das Bild als JPEG, PNG oder WebP."
)
TOO_MANY_PIXELS = _(
    "Das Bild hat mehr als %(limit)s Megapixel und wird aus Sicherheitsgründen abgelehnt. Bitte verkleinern Sie es "
    "vor dem Hochladen (für die Website genügen 2000 bis 3000 Pixel Breite)."
)
DAMAGED_IMAGE = _(
    "Das Bild ist beschädigt oder unvollständig und kann nicht gelesen werden. Bitte speichern Sie es neu und "
    "laden Sie es erneut hoch."
)
NOT_A_DOCUMENT = _(
    "Die Datei ist kein PDF-, Word-, Excel-, PowerPoint- oder OpenDocument-Dokument (Text oder Tabelle). Andere "
    "Dateien (z. B. Programme, Bilder oder ZIP-Archive) sind nicht erlaubt."
)
DAMAGED_DOCUMENT = _("Das Dokument ist beschädigt und kann nicht gelesen werden. Bitte speichern Sie es neu.")
WITH_MACROS = _(
    "Dokumente mit Makros sind nicht erlaubt. Bitte speichern Sie es ohne Makros (als .docx, .xlsx oder .pptx)."
)
UNPACKS_TOO_LARGE = _("Das Dokument würde entpackt zu groß und wird aus Sicherheitsgründen abgelehnt.")
PDF_WITH_MARKUP = _(
    "Die Datei beginnt wie ein PDF, enthält aber eine Webseite oder ein Skript (HTML) und wird aus "
    "Sicherheitsgründen abgelehnt. Bitte erzeugen Sie das PDF neu, z. B. mit „Drucken als PDF“."
)
PDF_ACTIVE_CONTENT = _(
    "Das PDF enthält Skripte (JavaScript), Startbefehle oder eingebettete Dateien und wird aus Sicherheitsgründen "
    "abgelehnt. Bitte erzeugen Sie es ohne diese neu, z. B. mit „Drucken als PDF“ oder als PDF/A."
)
PDF_ENCRYPTED = _(
    "Das PDF ist verschlüsselt und kann deshalb nicht geprüft werden. Bitte speichern Sie es ohne Kennwort und "
    "Verschlüsselung."
)
UNSAFE_MEMBER_NAMES = _(
    "Das Dokument enthält Dateien mit Pfadangaben (z. B. „../“ oder „/“) und wird aus Sicherheitsgründen "
    "abgelehnt. Bitte speichern Sie es im Office-Programm neu."
)
FOREIGN_MEMBERS_FOUND = _(
    "Das Dokument enthält Webseiten oder Programme (z. B. .html- oder .exe-Dateien) und wird aus "
    "Sicherheitsgründen abgelehnt. Bitte speichern Sie es im Office-Programm ohne eingebettete Inhalte neu."
)


# -- checks shared by all uploads --------------------------------------------------------------------------------


def check_name(upload):
    """Refuse names with paths or control characters (Django's multipart parser already strips them in forms)."""
    name = upload.name or ""
    unsafe_characters = any(unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"} for char in name)
    if unsafe_characters or "/" in name or "\\" in name or name in {".", ".."}:
        raise ValidationError(UNSAFE_NAME, code="unsafe_name")


def check_size(upload, limit):
    if upload.size > limit:
        raise ValidationError(
            TOO_LARGE, code="too_large", params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )


# -- images --------------------------------------------------------------------------------------------------------


def clean_image(upload):
    """The upload as a re-encoded, upright JPEG, PNG or WebP without metadata; ValidationError for anything else."""
    check_name(upload)
    check_size(upload, MAX_IMAGE_BYTES)
    try:
        with warnings.catch_warnings(action="error", category=PILImage.DecompressionBombWarning):
            picture, image_format = decode(upload)
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
        raise too_many_pixels() from error
    except UnidentifiedImageError as error:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from error
    except Exception as error:  # Pillow reports broken files with many kinds of error (Django's ImageField knows)
        raise ValidationError(DAMAGED_IMAGE, code="damaged") from error
    picture = to_srgb(ImageOps.exif_transpose(picture))
    picture = picture.convert(output_mode(picture, image_format))
    return ContentFile(encode(picture, image_format, ENCODER_OPTIONS), name=f"bild.{IMAGE_FORMATS[image_format]}")


def too_many_pixels():
    return ValidationError(TOO_MANY_PIXELS, code="too_many_pixels", params={"limit": MAX_IMAGE_PIXELS // 1_000_000})


def decode(upload):
    """Open, verify and fully load an allowed image; the pixel limit is checked before any pixel is decoded."""
    upload.seek(0)
    with PILImage.open(upload, formats=tuple(IMAGE_FORMATS)) as probe:
        image_format = probe.format
        if probe.width * probe.height > MAX_IMAGE_PIXELS:
            raise too_many_pixels()
        probe.verify()
    upload.seek(0)
    picture = PILImage.open(upload, formats=tuple(IMAGE_FORMATS))
    picture.load()
    return picture, image_format


def to_srgb(picture):
    """Colours as the embedded profile means them, in sRGB (CMYK and wide-gamut photos look right without it)."""
    profile = picture.info.get("icc_profile")
    if not profile or picture.mode not in {"RGB", "RGBA", "CMYK"}:
        return picture
    try:
        return ImageCms.profileToProfile(
            picture, BytesIO(profile), SRGB, outputMode="RGBA" if picture.mode == "RGBA" else "RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError):  # a broken profile: convert without it
        return picture


def output_mode(picture, image_format):
    if picture.has_transparency_data and image_format != "JPEG":
        return "RGBA"
    if picture.mode in {"1", "L"} and image_format != "WEBP":
        return "L"
    return "RGB"


def encode(picture, image_format, options):
    """The pixels alone: ``info`` (EXIF, XMP, ICC profile, comments, text chunks) is not written."""
    picture.info = {}
    buffer = BytesIO()
    picture.save(buffer, image_format, **options[image_format])
    return buffer.getvalue()


# -- documents -----------------------------------------------------------------------------------------------------


def clean_document(upload):
    """The upload, renamed to its real type's extension; ValidationError unless it is an allowed document."""
    check_name(upload)
    check_size(upload, MAX_DOCUMENT_BYTES)
    document_type = identify_document(upload)
    upload.seek(0)
    upload.name = f"dokument.{document_type}"
    return upload


def identify_document(upload):
    upload.seek(0)
    head = upload.read(5)
    if head == b"%PDF-":
        check_pdf(upload)
        return DocumentType.PDF
    if head[:4] != b"PK\x03\x04":
        raise ValidationError(NOT_A_DOCUMENT, code="not_a_document")
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as container:
            return office_type(container)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
        raise ValidationError(DAMAGED_DOCUMENT, code="damaged") from error


def check_pdf(upload):
    """A readable PDF without web page, script, launch action or embedded file; ValidationError otherwise."""
    upload.seek(0)
    data = upload.read()
    if PDF_MARKUP.search(data):
        raise ValidationError(PDF_WITH_MARKUP, code="pdf_markup")
    # Names written outside streams, wherever they are (also where no reader's structure leads) …
    if {unescape_pdf_name(name) for name in PDF_NAME.findall(PDF_STREAM.sub(b"", data))} & PDF_ACTIVE_NAMES:
        raise ValidationError(PDF_ACTIVE_CONTENT, code="pdf_active_content")
    encrypted = False
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        encrypted = reader.is_encrypted  # with an owner's password only, it opens (and is checked) without one
        if encrypted and not reader.decrypt(""):
            raise ValidationError(PDF_ENCRYPTED, code="pdf_encrypted")
        names = reachable_pdf_names(reader)
    except ValidationError:
        raise
    except Exception as error:  # pypdf reports broken files with many kinds of error (AES without cryptography)
        if encrypted:
            raise ValidationError(PDF_ENCRYPTED, code="pdf_encrypted") from error
        raise ValidationError(DAMAGED_DOCUMENT, code="damaged") from error
    # … and those a reader reaches, also inside compressed object streams.
    if names & PDF_ACTIVE_NAMES:
        raise ValidationError(PDF_ACTIVE_CONTENT, code="pdf_active_content")


def unescape_pdf_name(name):
    """``J#61vaScript`` → ``/JavaScript``, as every PDF reader reads it."""
    return "/" + re.sub(rb"#([0-9A-Fa-f]{2})", lambda match: bytes.fromhex(match.group(1).decode()), name).decode(
        "latin-1"
    )


def reachable_pdf_names(reader):
    """Every name (dictionary key or value) of every object reachable from the trailer."""
    names, seen, pending = set(), set(), [reader.trailer]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams too
            names.update(item.keys())
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)
        elif isinstance(item, NameObject):
            names.add(str(item))
    return names


def check_members(entries):
    """No zip bomb, no member outside the container, no macros, web pages or programs inside."""
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_DOCUMENT_ENTRIES or unpacked > MAX_DOCUMENT_UNPACKED_BYTES:
        raise ValidationError(UNPACKS_TOO_LARGE, code="unpacks_too_large")
    for entry in entries:
        if entry.file_size > RATIO_CHECKED_ABOVE_BYTES and entry.file_size > MAX_COMPRESSION_RATIO * max(
            entry.compress_size, 1
        ):
            raise ValidationError(UNPACKS_TOO_LARGE, code="unpacks_too_large")
    names = [entry.filename for entry in entries]
    if any(leaves_container(name) for name in names):
        raise ValidationError(UNSAFE_MEMBER_NAMES, code="unsafe_member_names")
    if any(MACRO_MEMBERS.search(name) for name in names):
        raise ValidationError(WITH_MACROS, code="macros")
    if any(FOREIGN_MEMBERS.search(name) for name in names):
        raise ValidationError(FOREIGN_MEMBERS_FOUND, code="foreign_members")


def leaves_container(name):
    """An absolute name, a Windows path or drive, or a ``..`` step: unpacked as named, it lands elsewhere."""
    return name.startswith("/") or "\\" in name or ":" in name or ".." in PurePosixPath(name).parts


def office_type(container):
    entries = container.infolist()
    check_members(entries)
    names = {entry.filename for entry in entries}
    if "mimetype" in names:  # OpenDocument
        found = OPEN_DOCUMENT.get(read_manifest(container, "mimetype").strip())
    elif "[Content_Types].xml" in names:  # Office Open XML
        content_types = read_manifest(container, "[Content_Types].xml")
        if b"macroEnabled" in content_types:
            raise ValidationError(WITH_MACROS, code="macros")
        found = next((kind for main, kind in OFFICE_OPEN_XML.items() if main in content_types), None)
    else:
        found = None
    if found is None:
        raise ValidationError(NOT_A_DOCUMENT, code="not_a_document")
    return found


def read_manifest(container, name):
    with container.open(name) as member:
        data = member.read(MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        raise ValidationError(UNPACKS_TOO_LARGE, code="unpacks_too_large")
    return data


# -- renditions ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """What ``templates/includes/image.html`` needs: a fallback ``src`` and ``srcset``, and typed sources."""

    src: str
    width: int | None
    height: int | None
    srcset: str = ""
    sources: tuple = ()  # (MIME type, srcset) the browser should prefer, e.g. WebP


def rendition_widths(width):
    """The standard widths below the image's own, plus its own width up to the largest; never enlarged."""
    return sorted({step for step in RENDITION_WIDTHS if step < width} | {min(width, RENDITION_WIDTHS[-1])})


def store_once(storage, name, content):
    """Write ``content()`` under exactly ``name`` unless that file exists; True if it was written.

    Names carry a digest of what they hold, so a file already there is this one: never a second copy under a
    suffixed name (a parallel writer's copy is dropped again).
    """
    if storage.exists(name):
        return False
    saved = storage.save(name, ContentFile(content()))
    if saved != name:
        storage.delete(saved)
    return True


def make_renditions(storage, source, write=True):
    """Write the missing renditions of the stored image ``source`` (only name them unless ``write``); returns
    their records.

    Each is named after the source, a digest of its bytes and the rendition settings, and its width
    (``varianten/<source>-<digest>-<width>w.<ext>``): making them again writes nothing, a changed picture under the
    same name gets new names.
    """
    with storage.open(source, "rb") as stored:
        data = stored.read()
    digest = hashlib.sha256(RENDITION_VERSION.encode() + data).hexdigest()[:12]
    with PILImage.open(BytesIO(data)) as picture:
        largest = RENDITION_WIDTHS[-1]
        picture.draft("RGB", (largest, largest))  # JPEG: decode at a reduced scale that is still large enough
        picture.load()
        picture = ImageOps.exif_transpose(picture)  # pictures not uploaded through the form may still need it
    transparent = picture.has_transparency_data
    picture = picture.convert("RGBA" if transparent else "RGB")
    stem = PurePosixPath(source).with_suffix("")
    items = []
    for width in rendition_widths(picture.width):
        height = max(1, round(picture.height * width / picture.width))
        scaled = cache(partial(picture.resize, (width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0))
        for image_format in ("WEBP", "PNG" if transparent else "JPEG"):
            name = f"{RENDITIONS_FOLDER}/{stem}-{digest}-{width}w.{IMAGE_FORMATS[image_format]}"
            if write:
                store_once(storage, name, partial(encode_scaled, scaled, image_format))
            items.append({"format": image_format.lower(), "width": width, "height": height, "name": name})
    return items


def encode_scaled(scaled, image_format):
    return encode(scaled(), image_format, RENDITION_OPTIONS)


def has_current_renditions(image):
    """Whether ``image.renditions`` was made from the image's current file with the current settings."""
    record = image.renditions
    return bool(image.file) and record.get("source") == image.file.name and record.get("version") == RENDITION_VERSION


def refresh_renditions(image, force=False):
    """Make the renditions of the image's current file unless they are recorded; True if ``renditions`` changed.

    ``force``: make them even when recorded (files that went missing are written again). Renditions of an earlier
    file are deleted once the new record is committed. Called when an image is saved or loaded, never by a page.
    """
    if not image.file:
        changed, record = bool(image.renditions), {}
    elif has_current_renditions(image) and not force:
        return False
    else:
        record = renditions_record(image)
        if record is None:
            return False
        changed = record != image.renditions
    stale = recorded_names(image.renditions) - recorded_names(record)
    if stale:
        transaction.on_commit(
            partial(delete_renditions_of, type(image), image.file.storage, image.renditions.get("source"), stale)
        )
    image.renditions = record
    return changed


def renditions_record(image, write=True):
    """The record of the image's renditions, made now (only named unless ``write``); None if the file is missing
    (they are made once it is there)."""
    source = image.file.name
    try:
        items = make_renditions(image.file.storage, source, write=write)
    except FileNotFoundError:  # e.g. fixtures loaded before their pictures: load_demo makes them after drawing
        logger.warning("Image file %s is missing; no renditions made.", source)
        return None
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError):
        logger.warning("Image file %s cannot be read; shown without renditions.", source, exc_info=True)
        items = []
    return {"source": source, "version": RENDITION_VERSION, "items": items}


def recorded_names(record):
    return {item["name"] for item in record.get("items", [])}


def missing_renditions(image):
    """The recorded renditions of the image that are not in the storage (e.g. lost in a restore)."""
    storage = image.file.storage
    return [name for name in sorted(recorded_names(image.renditions)) if not storage.exists(name)]


def delete_renditions_of(model, storage, source, names):
    """Delete the renditions ``names`` of the file ``source`` that no image showing that file still records."""
    for image in model.objects.filter(file=source).only("renditions"):
        names = names - recorded_names(image.renditions)
    for name in names:
        storage.delete(name)


def picture_for(image):
    """The image's renditions for a page, as recorded when it was saved; the original file when there are none.

    Reads only: a page never makes, writes or records renditions.
    """
    items = image.renditions.get("items") if has_current_renditions(image) else None
    if not items:
        return Picture(src=image.file.url, width=image.width, height=image.height)
    storage = image.file.storage

    def srcset(entries):
        return ", ".join(f"{storage.url(entry['name'])} {entry['width']}w" for entry in entries)

    webp = [item for item in items if item["format"] == "webp"]
    fallback = [item for item in items if item["format"] != "webp"]
    shown = ([item for item in fallback if item["width"] <= DEFAULT_DISPLAY_WIDTH] or fallback)[-1]
    return Picture(
        src=storage.url(shown["name"]),
        width=shown["width"],
        height=shown["height"],
        srcset=srcset(fallback),
        sources=(("image/webp", srcset(webp)),),
    )


def delete_renditions(sender, instance, **kwargs):
    """``post_delete`` receiver: a deleted image's renditions go after the commit (a restored version makes them
    again from the file, which is kept for the version history)."""
    names = recorded_names(instance.renditions)
    if names:
        transaction.on_commit(
            partial(delete_renditions_of, sender, instance.file.storage, instance.renditions.get("source"), names)
        )


def connect_signals():
    post_delete.connect(
        delete_renditions, sender="regionportal.Image", dispatch_uid="regionportal-media-delete-renditions"
    )


def make_missing_renditions(images, force=False):
    """Record the renditions of ``images`` (e.g. after fixtures or ``bulk_create``) that lack them; the number of
    images whose record changed. ``force``: also write recorded renditions that went missing."""
    changed = 0
    for image in images:
        if refresh_renditions(image, force=force):
            type(image).objects.filter(pk=image.pk).update(renditions=image.renditions)
            changed += 1
    return changed
