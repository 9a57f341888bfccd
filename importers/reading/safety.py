"""Checks on an uploaded file before any parser sees it: size, format and zip bombs.

Every failure is an `UnreadableDocument` whose message is one line a person can act on.
Plain Python, no Django: the limits come in as a `Limits` (settings feed them in the app).

XML safety: python-docx parses with lxml and `resolve_entities=False`; openpyxl uses lxml
with `resolve_entities=False` for most parts but the standard library's expat `iterparse`
for worksheets and shared strings (unless defusedxml is installed). Rather than rely on each
parser, `check_zip` refuses any part that declares a DTD (`<!DOCTYPE`): Office Open XML
never has one, so a DTD can only be there to define entities (XXE, billion laughs). Every
part is scanned whatever its name, because parsers find parts through [Content_Types].xml and
relationships: openpyxl parses a shared-strings part called "sharedStrings.bin" as XML.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from importers.reading.document import UnreadableDocument

MB = 1024 * 1024

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc / .xls (Office 97-2003)

MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
MAIN_CONTENT_TYPE = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
KIND = {"docx": "Word document", "xlsx": "Excel workbook", "text": "text file"}

MAX_ZIP_ENTRIES = 10_000
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
CHUNK = 64 * 1024

# "<!DOCTYPE" as it appears in UTF-8 (and any ASCII-based encoding), UTF-16 and UTF-32
# (either byte order): the encodings lxml and expat detect from the first bytes.
DOCTYPE_MARKERS = tuple(
    "<!DOCTYPE".encode(codec)
    for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
MARKER_OVERLAP = max(len(marker) for marker in DOCTYPE_MARKERS) - 1
# An XML declaration naming its encoding; libxml2 honours encodings such as UTF-7 in which
# "<!DOCTYPE" is spelled differently, so such an encoding is refused (Office writes UTF-8).
DECLARED_ENCODING = re.compile(
    rb"\A(?:\xef\xbb\xbf)?<\?xml[^>]{0,200}?encoding\s{0,20}=\s{0,20}[\"']([^\"']{0,40})[\"']"
)


@dataclass(frozen=True)
class Limits:
    """Upload limits in bytes (DESIGN.md, Import)."""

    text_bytes: int = 5 * MB
    office_bytes: int = 25 * MB
    office_uncompressed_bytes: int = 100 * MB
    office_part_bytes: int = 50 * MB
    max_columns: int = 200
    """Columns in any one table: plans have a dozen; thousands can only be an attack."""
    max_cells: int = 500_000
    """Cells in the whole document (a 20,000-action plan with 20 columns is 400,000)."""
    cpu_seconds: int = 60
    """CPU time the worker may spend reading one file."""
    memory_bytes: int = 1024 * MB
    """Address space the worker may use while reading one file."""


def checksum(data: bytes) -> str:
    """The file's SHA-256 as hex: the same upload twice imports once."""
    return hashlib.sha256(data).hexdigest()


def human_size(n: int) -> str:
    """5242880 -> '5 MB'; 1536 -> '1.5 KB'; 100 -> '100 bytes'."""
    for unit, size in (("GB", 1024 * MB), ("MB", MB), ("KB", 1024)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def _extension(filename: str) -> str:
    name = (filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_not_empty(data: bytes) -> None:
    if not data:
        raise UnreadableDocument("The file is empty.")


def sniff_format(data: bytes, filename: str = "") -> str:
    """'text', 'docx' or 'xlsx', decided by the content; the extension only words errors."""
    check_not_empty(data)
    ext = _extension(filename)
    if data.startswith(OLE_MAGIC):
        raise UnreadableDocument(
            "This is an old-format Office file (.doc or .xls); open it in Word or Excel and "
            "save it as .docx or .xlsx, then upload that."
        )
    if data.startswith(b"%PDF"):
        raise UnreadableDocument(
            "This is a PDF; export the plan from Word as .docx, or save it as text, "
            "and upload that."
        )
    if not data.startswith(ZIP_MAGIC):
        if ext in ("docx", "xlsx"):
            raise UnreadableDocument(
                f"This .{ext} is not a{'n' if ext == 'xlsx' else ''} {KIND[ext]} "
                "(it is not a zip archive)."
            )
        return "text"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            content_types = b""
            info = _get_info(archive, "[Content_Types].xml")
            if info is not None and info.file_size <= MB:
                content_types = _read_part(archive, info, MB)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise UnreadableDocument(
            f"The file looks like a zip archive but it is damaged ({_short(exc)})."
        ) from exc
    if b"macroEnabled.main+xml" in content_types:
        raise UnreadableDocument(
            "Macro-enabled Office files (.docm, .xlsm) are not accepted; save the plan "
            "as .docx or .xlsx and upload that."
        )
    for fmt in ("docx", "xlsx"):
        if MAIN_CONTENT_TYPE[fmt] in content_types or MAIN_PART[fmt] in names:
            return fmt
    if ext in ("docx", "xlsx"):
        raise UnreadableDocument(
            f"This .{ext} is not a{'n' if ext == 'xlsx' else ''} {KIND[ext]} "
            f"(the zip archive has no {MAIN_PART[ext]})."
        )
    raise UnreadableDocument(
        "This zip archive is not a Word (.docx) or Excel (.xlsx) file; upload the plan itself."
    )


def check_size(data: bytes, fmt: str, limits: Limits) -> None:
    """Emptiness and the upload limit for the format ('text' or an Office format)."""
    check_not_empty(data)
    if fmt == "text":
        limit, what = limits.text_bytes, "text plans"
    else:
        limit, what = limits.office_bytes, "Word and Excel files"
    if len(data) > limit:
        raise UnreadableDocument(
            f"The file is larger than the {human_size(limit)} limit for {what} "
            f"(it is {human_size(len(data))})."
        )


def check_text(data: bytes) -> bytes:
    """The text as UTF-8 bytes, or UnreadableDocument where it is not text at all.

    Accepts UTF-8 (with or without a BOM), UTF-16 with a BOM (Word's "Unicode Text" export)
    and Windows-1252; anything else, or text with NUL or many control characters, is refused.
    """
    check_not_empty(data)
    text = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    if text is None:
        if b"\x00" in data:
            raise UnreadableDocument(
                "This does not look like a text file (it contains binary data); upload a "
                ".txt, .docx or .xlsx plan."
            )
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        raise UnreadableDocument(
            "This text file is in an encoding that cannot be read; save it as UTF-8 text."
        )
    controls = len(CONTROL_CHARS.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise UnreadableDocument(
            "This does not look like a text file (it contains binary data); upload a "
            ".txt, .docx or .xlsx plan."
        )
    if not text.strip():
        raise UnreadableDocument("The file is empty (it has no text).")
    if data.startswith(codecs.BOM_UTF8) or not _is_utf8(data):
        return text.encode("utf-8")
    return data


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_zip(data: bytes, limits: Limits, expected_part: str | None = None) -> None:
    """Refuse zip bombs, damaged archives and XML with a DTD, before a parser opens the file.

    Declared sizes in the central directory are checked first (cheap), then every part is
    decompressed as a stream with a byte budget, so an archive that understates its sizes is
    caught too. Memory stays at one chunk at a time.
    """
    check_not_empty(data)
    if not data.startswith(ZIP_MAGIC):
        raise UnreadableDocument("The file is not a zip archive, so it is not a .docx or .xlsx.")
    total_limit = limits.office_uncompressed_bytes
    part_limit = limits.office_part_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise UnreadableDocument(
                    f"The archive holds {len(infos)} files (more than {MAX_ZIP_ENTRIES}); "
                    "it is not an ordinary Office document."
                )
            if expected_part and _get_info(archive, expected_part) is None:
                raise UnreadableDocument(
                    f"The zip archive has no {expected_part}, so it is not a "
                    f"{_kind_for_part(expected_part)}."
                )
            declared = 0
            for info in infos:
                if info.flag_bits & 0x1:
                    raise UnreadableDocument(
                        "The document is password-protected (encrypted); remove the password "
                        "and upload it again."
                    )
                _check_part_size(info.filename, info.file_size, part_limit)
                declared += info.file_size
                _check_total_size(declared, total_limit)
            actual = 0
            for info in infos:
                if info.is_dir():
                    continue
                actual = _stream_part(archive, info, part_limit, total_limit, actual)
    except UnreadableDocument:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise UnreadableDocument(
            f"The document is damaged and cannot be opened ({_short(exc)})."
        ) from exc
    except RuntimeError as exc:  # zipfile: encrypted member without a password
        raise UnreadableDocument(
            "The document is password-protected (encrypted); remove the password and upload "
            "it again."
        ) from exc


def _kind_for_part(part: str) -> str:
    for fmt, main in MAIN_PART.items():
        if part == main:
            return f"{KIND[fmt]} (.{fmt})"
    return "valid Office document"


def _check_part_size(name: str, size: int, part_limit: int) -> None:
    if size > part_limit:
        raise UnreadableDocument(
            f"The part {name} expands to more than {human_size(part_limit)} when unzipped; "
            "it may be a zip bomb."
        )


def _check_total_size(size: int, total_limit: int) -> None:
    if size > total_limit:
        raise UnreadableDocument(
            f"The document expands to more than {human_size(total_limit)} when unzipped; "
            "it may be a zip bomb."
        )


def _get_info(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    try:
        return archive.getinfo(name)
    except KeyError:
        return None


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    with archive.open(info) as stream:
        return stream.read(budget + 1)[:budget]


def _stream_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, part_limit: int, total_limit: int, used: int
) -> int:
    """Decompress one part chunk by chunk; return the running total or raise past a budget.

    Every part is scanned for a DTD, whatever its name: a marker split across two chunks is
    found in the overlap kept from the previous chunk.
    """
    size = 0
    tail = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            if not size:
                _check_declared_encoding(info.filename, chunk)
            size += len(chunk)
            _check_part_size(info.filename, size, part_limit)
            _check_total_size(used + size, total_limit)
            window = tail + chunk
            if any(marker in window for marker in DOCTYPE_MARKERS):
                raise UnreadableDocument(_dtd_message(info.filename))
            tail = window[-MARKER_OVERLAP:]
    return used + size


def _dtd_message(name: str) -> str:
    if name.lower().endswith(".svg"):
        return (
            f"The picture {name} declares a DTD (<!DOCTYPE>), which could be used to attack "
            "the server; the file was refused: replace the picture with a PNG and upload again."
        )
    return (
        f"The part {name} declares a DTD (<!DOCTYPE>), which Office documents never do; "
        "the file was refused as unsafe."
    )


def _check_declared_encoding(name: str, head: bytes) -> None:
    """Refuse an XML declaration whose encoding would hide "<!DOCTYPE" from the byte scan."""
    match = DECLARED_ENCODING.match(head)
    if match is None:
        return
    declared = match.group(1).decode("ascii", "replace")
    try:
        codec = codecs.lookup(declared).name
        # UTF-7 may spell "<" as "+ADw-", though Python's encoder writes it plainly
        spelled = b"" if codec == "utf-7" else "<!DOCTYPE".encode(codec)
    except (LookupError, UnicodeError):
        spelled = b""
    if not any(marker in spelled for marker in DOCTYPE_MARKERS):
        raise UnreadableDocument(
            f"The part {name} declares the text encoding '{declared[:40]}', which Office "
            "documents never use; the file was refused as unsafe."
        )


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]
