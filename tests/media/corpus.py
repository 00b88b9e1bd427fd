"""Upload test files, made at test time: pictures with camera metadata, Office files, and a corpus of bad files.

Each bad file carries the start of the message it must be refused with. Nothing here is committed as a binary:
the files are a few lines of Pillow, zipfile or bytes each, so what they contain can be read here.
"""

import struct
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO

from PIL import ExifTags
from PIL import Image as PILImage

MB = 1024 * 1024

NOT_AN_IMAGE = "Die Datei ist kein Bild im Format JPEG, PNG oder WebP."
TOO_MANY_PIXELS = "Das Bild hat mehr als 40 Megapixel und wird aus Sicherheitsgründen abgelehnt."
DAMAGED_IMAGE = "Das Bild ist beschädigt oder unvollständig"
TOO_LARGE = "Die Datei ist"  # … "15,0 MB groß; erlaubt sind höchstens 15,0 MB."
EMPTY = "Die Datei ist leer (0 Byte)."
UNSAFE_NAME = "Der Dateiname enthält Pfadangaben oder Steuerzeichen."
NOT_A_DOCUMENT = "Die Datei ist kein PDF-, Word-, Excel-, PowerPoint- oder OpenDocument-Dokument"
DAMAGED_DOCUMENT = "Das Dokument ist beschädigt"
WITH_MACROS = "Dokumente mit Makros sind nicht erlaubt."
UNPACKS_TOO_LARGE = "Das Dokument würde entpackt zu groß"

# Where the pictures were taken: the GPS position every stored file must have lost.
LATITUDE = (51.0, 32.0, 10.15)
LONGITUDE = (7.0, 41.0, 2.5)


@dataclass(frozen=True)
class BadFile:
    id: str
    name: str
    content: bytes
    message: str

    def __str__(self):
        return self.id


# -- pictures ------------------------------------------------------------------------------------------------------


def camera_exif(orientation=None):
    """EXIF as a phone writes it: maker, model, date, GPS position, and optionally an orientation."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "Telefonbau"
    exif[ExifTags.Base.Model] = "Modell 7"
    exif[ExifTags.Base.DateTime] = "2025:05:17 10:42:00"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: LATITUDE,
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: LONGITUDE,
    }
    return exif


def picture(size=(1600, 1000), image_format="JPEG", mode="RGB", color=(0, 84, 122), **options):
    buffer = BytesIO()
    PILImage.new(mode, size, color).save(buffer, image_format, **options)
    return buffer.getvalue()


def two_tone(size, top, bottom, **options):
    """A JPEG whose upper half is ``top`` and lower half ``bottom`` — shows which way it was turned."""
    image = PILImage.new("RGB", size, bottom)
    image.paste(top, (0, 0, size[0], size[1] // 2))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=95, **options)
    return buffer.getvalue()


def png_declaring(width, height):
    """A small PNG whose header claims ``width`` × ``height`` pixels (the classic decompression bomb)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


def zip_archive(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# -- documents -----------------------------------------------------------------------------------------------------

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 46 + b"PE\x00\x00" + b"\x00" * 200
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" onload="alert(1)">'
    b"<script>alert(document.cookie)</script><rect width='100' height='100'/></svg>"
)
OLD_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # OLE2 (.doc, also password-protected Office)

OFFICE_MAIN = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "docm": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
}
OPEN_DOCUMENT_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def office_open_xml(kind):
    part, content_type = OFFICE_MAIN[kind]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
    )
    return zip_archive({"[Content_Types].xml": content_types, "_rels/.rels": "<Relationships/>", part: "<x/>"})


def open_document(kind):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", OPEN_DOCUMENT_TYPES[kind], compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def zip_declaring_huge_content():
    """An .xlsx whose directory claims 4 GB of content (a "zip bomb"); the data itself is tiny."""
    data = bytearray(office_open_xml("xlsx"))
    directory = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, directory + 24, 0xFFFFFFF0)  # uncompressed size in the central directory
    return bytes(data)


def good_documents():
    """(name as uploaded, content, expected type) of every allowed kind."""
    return [
        ("Abschlussbericht 2024.pdf", PDF, "pdf"),
        *[(f"Vorlage.{kind}", office_open_xml(kind), kind) for kind in ("docx", "xlsx", "pptx")],
        *[(f"Tabelle.{kind}", open_document(kind), kind) for kind in ("odt", "ods")],
        ("Bericht-ohne-Endung", PDF, "pdf"),
        ("Präsentation.pdf", office_open_xml("pptx"), "pptx"),  # named wrong, recognised by content
    ]


# -- the corpus ----------------------------------------------------------------------------------------------------


def bad_images():
    jpeg = picture()
    return [
        BadFile("bomb-30000x30000", "bombe.png", png_declaring(30_000, 30_000), TOO_MANY_PIXELS),
        BadFile("bomb-100-megapixel", "riesig.png", png_declaring(10_000, 10_000), TOO_MANY_PIXELS),
        BadFile("48-megapixel", "panorama.png", png_declaring(8_000, 6_000), TOO_MANY_PIXELS),
        BadFile("truncated-jpeg", "abgeschnitten.jpg", jpeg[: len(jpeg) // 2], DAMAGED_IMAGE),
        BadFile(
            "truncated-png", "abgeschnitten.png", picture(image_format="PNG", mode="L", color=7)[:60], DAMAGED_IMAGE
        ),
        BadFile("svg-with-script", "grafik.svg", SVG_WITH_SCRIPT, NOT_AN_IMAGE),
        BadFile("svg-renamed-jpg", "grafik.jpg", SVG_WITH_SCRIPT, NOT_AN_IMAGE),
        BadFile("pdf-renamed-jpg", "bericht.jpg", PDF, NOT_AN_IMAGE),
        BadFile("elf-renamed-jpg", "programm.jpg", ELF, NOT_AN_IMAGE),
        BadFile("exe-renamed-png", "setup.png", WINDOWS_EXE, NOT_AN_IMAGE),
        BadFile("html-renamed-webp", "seite.webp", b"<!DOCTYPE html><script>alert(1)</script>", NOT_AN_IMAGE),
        BadFile("gif", "animation.gif", picture(size=(40, 30), image_format="GIF", mode="P", color=3), NOT_AN_IMAGE),
        BadFile("gif-renamed-jpg", "animation.jpg", picture(size=(40, 30), image_format="GIF", mode="P"), NOT_AN_IMAGE),
        BadFile("bmp", "scan.bmp", picture(size=(40, 30), image_format="BMP"), NOT_AN_IMAGE),
        BadFile("tiff", "scan.tif", picture(size=(40, 30), image_format="TIFF"), NOT_AN_IMAGE),
        BadFile("oversized", "zu-gross.jpg", jpeg + b"\0" * (15 * MB + 1 - len(jpeg)), TOO_LARGE),
        BadFile("zero-bytes", "leer.jpg", b"", EMPTY),
    ]


def bad_documents():
    return [
        BadFile("elf-renamed-pdf", "bericht.pdf", ELF, NOT_A_DOCUMENT),
        BadFile("exe-renamed-pdf", "setup.pdf", WINDOWS_EXE, NOT_A_DOCUMENT),
        BadFile("jpeg-renamed-pdf", "foto.pdf", picture(size=(40, 30)), NOT_A_DOCUMENT),
        BadFile("svg-with-script", "grafik.svg", SVG_WITH_SCRIPT, NOT_A_DOCUMENT),
        BadFile("html-renamed-pdf", "seite.pdf", b"<html><script>alert(1)</script></html>", NOT_A_DOCUMENT),
        BadFile("old-word-doc", "alt.doc", OLD_WORD, NOT_A_DOCUMENT),
        BadFile("plain-zip-renamed-docx", "archiv.docx", zip_archive({"a.txt": "hallo"}), NOT_A_DOCUMENT),
        BadFile("jar-renamed-docx", "app.docx", zip_archive({"META-INF/MANIFEST.MF": "Main-Class: X"}), NOT_A_DOCUMENT),
        BadFile("word-with-macros", "makro.docx", office_open_xml("docm"), WITH_MACROS),
        BadFile("broken-zip", "kaputt.xlsx", b"PK\x03\x04" + b"\x14\x00" * 40, DAMAGED_DOCUMENT),
        BadFile("zip-bomb", "bombe.xlsx", zip_declaring_huge_content(), UNPACKS_TOO_LARGE),
        BadFile("oversized", "zu-gross.pdf", PDF + b"\0" * (25 * MB + 1 - len(PDF)), TOO_LARGE),
        BadFile("zero-bytes", "leer.pdf", b"", EMPTY),
    ]


def unsafe_names(extension):
    """Names a form refuses whatever the content (Django's multipart parser strips these before the admin)."""
    return [
        f"bild\x00.{extension}",
        f"bild\x1b[31m.{extension}",
        f"zeile\r\numbruch.{extension}",
        f"..\\..\\windows\\system32\\bild.{extension}",
        f"rechnung\u202egpj.{extension}",  # right-to-left override hides the real extension
    ]
