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
from pypdf import PdfWriter

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
PDF_WITH_MARKUP = "Die Datei beginnt wie ein PDF, enthält aber eine Webseite oder ein Skript"
PDF_ENCRYPTED = "Das PDF ist verschlüsselt und kann deshalb nicht geprüft werden."
PDF_ACTIVE_CONTENT = "Das PDF enthält Skripte (JavaScript), Startbefehle oder eingebettete Dateien"
UNSAFE_MEMBER_NAMES = "Das Dokument enthält Dateien mit Pfadangaben"
FOREIGN_MEMBERS = "Das Dokument enthält Webseiten oder Programme"

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


def pdf_file(catalog="", *objects, before=b""):
    """A well-formed PDF (cross-reference table included): a catalog with ``catalog`` added to it, an empty page
    tree, then ``objects`` as objects 3, 4, …; ``before`` comes right after the header line."""
    bodies = [f"<</Type/Catalog/Pages 2 0 R{catalog}>>", "<</Type/Pages/Kids[]/Count 0>>", *objects]
    data, offsets = bytearray(b"%PDF-1.4\n" + before), []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(data))
        data += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(data)
    data += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    data += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    data += f"trailer\n<</Size {len(bodies) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(data)


def pdf_hiding_in_an_object_stream(hidden):
    """A PDF 1.5 whose catalog opens object 4, ``hidden``, kept compressed in an object stream (object 3) and
    found through a cross-reference stream (object 5): its names appear nowhere in the file as written."""
    catalog = b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>"
    packed = zlib.compress(b"4 0 " + hidden.encode())
    bodies = [
        catalog,
        b"<</Type/Pages/Kids[]/Count 0>>",
        b"<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>stream\n" % len(packed) + packed + b"\nendstream",
    ]
    data, offsets = bytearray(b"%PDF-1.5\n"), []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_offset = len(data)
    rows = [(0, 0, 0xFFFF), *[(1, offset, 0) for offset in offsets], (2, 3, 0), (1, xref_offset, 0)]
    table = zlib.compress(b"".join(struct.pack(">BIH", *row) for row in rows))
    data += b"5 0 obj\n<</Type/XRef/Size 6/Root 1 0 R/W[1 4 2]/Filter/FlateDecode/Length %d>>stream\n" % len(table)
    data += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(data)


def encrypted_pdf(user_password):
    """A one-page PDF, encrypted (RC4): with a password to open it, or with only an owner's password (empty)."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password=user_password, owner_password="nur-die-verwaltung", algorithm="RC4-128")
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = pdf_file()
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


def office_open_xml_with(kind, members):
    """An Office Open XML file of ``kind`` with further ``members`` ({name: content}) added."""
    buffer = BytesIO(office_open_xml(kind))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)  # as given: ZipFile.writestr would turn a leading "/" into a plain name
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def open_document_with(members, kind="odt"):
    buffer = BytesIO(open_document(kind))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_declaring_huge_content(size=0xFFFFFFF0):
    """An .xlsx whose directory claims ``size`` bytes (4 GB) of content (a "zip bomb"); the data itself is tiny."""
    data = bytearray(office_open_xml("xlsx"))
    directory = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, directory + 24, size)  # uncompressed size in the central directory
    return bytes(data)


def good_documents():
    """(name as uploaded, content, expected type) of every allowed kind."""
    return [
        ("Abschlussbericht 2024.pdf", PDF, "pdf"),
        *[(f"Vorlage.{kind}", office_open_xml(kind), kind) for kind in ("docx", "xlsx", "pptx")],
        *[(f"Tabelle.{kind}", open_document(kind), kind) for kind in ("odt", "ods")],
        ("Bericht-ohne-Endung", PDF, "pdf"),
        ("Präsentation.pdf", office_open_xml("pptx"), "pptx"),  # named wrong, recognised by content
        ("Broschüre.pdf", pdf_file("/OpenAction[2 0 R/Fit]/PageMode/UseOutlines"), "pdf"),  # opens at a page: fine
        ("Schreibgeschützt.pdf", encrypted_pdf(""), "pdf"),  # opens without a password: checked and stored
        ("Bericht 1.5.pdf", pdf_hiding_in_an_object_stream("<</Type/Outlines/Count 0>>"), "pdf"),
        ("Präsentation mit Grafik.pptx", office_open_xml_with("pptx", {"ppt/media/image1.svg": "<svg/>"}), "pptx"),
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


# Unpacked as named, these land outside the folder the document is unpacked into.
MEMBER_NAMES_LEAVING_THE_CONTAINER = {
    "dot-dot": "../../autostart.txt",
    "dot-dot-inside": "word/../../x.xml",
    "absolute-name": "/etc/cron.d/job",
    "windows-path": "C:\\autoexec.bat",
}


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
        BadFile("truncated-pdf", "abgebrochen.pdf", PDF[: len(PDF) // 2], DAMAGED_DOCUMENT),
        BadFile("broken-zip", "kaputt.xlsx", b"PK\x03\x04" + b"\x14\x00" * 40, DAMAGED_DOCUMENT),
        BadFile("zip-bomb", "bombe.xlsx", zip_declaring_huge_content(), UNPACKS_TOO_LARGE),
        BadFile("zip-unpacking-to-900-mb", "gross.xlsx", zip_declaring_huge_content(900 * MB), UNPACKS_TOO_LARGE),
        BadFile(  # 20 MB of zeros pack into 20 KB: no spreadsheet compresses a thousandfold
            "zip-ratio-1000",
            "verdichtet.xlsx",
            office_open_xml_with("xlsx", {"xl/sharedStrings.xml": b"\0" * (20 * MB)}),
            UNPACKS_TOO_LARGE,
        ),
        BadFile(
            "word-with-vba-project",
            "bericht.docx",
            office_open_xml_with("docx", {"word/vbaProject.bin": OLD_WORD}),
            WITH_MACROS,
        ),
        BadFile(
            "odt-with-basic-macros", "text.odt", open_document_with({"Basic/Standard/Module1.xml": "<x/>"}), WITH_MACROS
        ),
        BadFile(
            "word-with-html",
            "seite.docx",
            office_open_xml_with("docx", {"word/seite.html": "<html><script>alert(1)</script></html>"}),
            FOREIGN_MEMBERS,
        ),
        BadFile(
            "word-with-program",
            "setup.docx",
            office_open_xml_with("docx", {"word/setup.exe": WINDOWS_EXE}),
            FOREIGN_MEMBERS,
        ),
        *[
            BadFile(f"word-with-{kind}", "pfad.docx", office_open_xml_with("docx", {name: "x"}), UNSAFE_MEMBER_NAMES)
            for kind, name in MEMBER_NAMES_LEAVING_THE_CONTAINER.items()
        ],
        BadFile(
            "pdf-then-html",
            "bericht.pdf",
            pdf_file(before=b"<html><body><script>alert(document.domain)</script></body></html>\n"),
            PDF_WITH_MARKUP,
        ),
        BadFile(
            "pdf-header-then-html", "seite.pdf", b"%PDF-1.4\n<!DOCTYPE html><script>alert(1)</script>", PDF_WITH_MARKUP
        ),
        BadFile(
            "pdf-open-action-javascript",
            "bericht.pdf",
            pdf_file("/OpenAction 3 0 R", "<</Type/Action/S/JavaScript/JS(app.alert(1))>>"),
            PDF_ACTIVE_CONTENT,
        ),
        BadFile(
            "pdf-javascript-name-escaped",  # /J#61vaScript is /JavaScript to every reader
            "bericht.pdf",
            pdf_file("/OpenAction 3 0 R", "<</S/J#61vaScript/J#53 4 0 R>>", "(app.alert(1))"),
            PDF_ACTIVE_CONTENT,
        ),
        BadFile(
            "pdf-document-javascript",
            "bericht.pdf",
            pdf_file("/Names<</JavaScript 3 0 R>>", "<</Names[(start) 4 0 R]>>", "<</S/JavaScript/JS(this.print())>>"),
            PDF_ACTIVE_CONTENT,
        ),
        BadFile(
            "pdf-javascript-in-object-stream",
            "bericht.pdf",
            pdf_hiding_in_an_object_stream("<</S/JavaScript/JS(app.alert(1))>>"),
            PDF_ACTIVE_CONTENT,
        ),
        BadFile("pdf-with-password", "geheim.pdf", encrypted_pdf("geheim"), PDF_ENCRYPTED),
        BadFile(
            "pdf-launch",
            "bericht.pdf",
            pdf_file("/OpenAction<</S/Launch/Win<</F(cmd.exe)/P(/c calc)>>>>"),
            PDF_ACTIVE_CONTENT,
        ),
        BadFile(
            "pdf-embedded-file",
            "bericht.pdf",
            pdf_file(
                "/Names<</EmbeddedFiles<</Names[(setup.exe) 3 0 R]>>>>",
                "<</Type/Filespec/F(setup.exe)/EF<</F 4 0 R>>>>",
                "<</Type/EmbeddedFile/Length 2>>stream\nMZ\nendstream",
            ),
            PDF_ACTIVE_CONTENT,
        ),
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
