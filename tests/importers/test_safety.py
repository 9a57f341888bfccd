"""Checks before any parser sees an upload: size, format, zip bombs, DTDs (no Django)."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import pytest
from docx import Document as new_docx
from openpyxl import Workbook

from importers.reading.document import UnreadableDocument
from importers.reading.safety import (
    CHUNK,
    MB,
    Limits,
    _stream_part,
    check_size,
    check_text,
    check_zip,
    checksum,
    human_size,
    sniff_format,
)


def docx_bytes(text: str = "hello") -> bytes:
    word = new_docx()
    word.add_paragraph(text)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "hello"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def replace_part(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[name] = content
    return zip_of(parts)


def message(excinfo) -> str:
    text = str(excinfo.value)
    assert "\n" not in text, "messages are one line"
    return text


# --- limits and sizes ---------------------------------------------------------------------


def test_default_limits_are_the_design_limits():
    limits = Limits()
    assert limits.text_bytes == 5 * MB
    assert limits.office_bytes == 25 * MB
    assert limits.office_uncompressed_bytes == 100 * MB
    assert limits.office_part_bytes == 50 * MB


def test_human_size_reads_naturally():
    assert human_size(5 * MB) == "5 MB"
    assert human_size(1536) == "1.5 KB"
    assert human_size(100) == "100 bytes"


def test_checksum_is_sha256_hex():
    assert checksum(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_empty_file_is_refused_with_a_plain_message():
    for check in (
        lambda: sniff_format(b"", "plan.docx"),
        lambda: check_size(b"", "text", Limits()),
    ):
        with pytest.raises(UnreadableDocument) as excinfo:
            check()
        assert message(excinfo) == "The file is empty."


def test_text_over_the_limit_names_the_limit():
    with pytest.raises(UnreadableDocument) as excinfo:
        check_size(b"x" * 101, "text", Limits(text_bytes=100))
    assert message(excinfo).startswith("The file is larger than the 100 bytes limit for text plans")
    with pytest.raises(UnreadableDocument) as excinfo:
        check_size(b"x" * (5 * MB + 1), "text", Limits())
    assert "larger than the 5 MB limit for text plans" in message(excinfo)
    check_size(b"x" * 100, "text", Limits(text_bytes=100))


def test_office_file_over_the_limit_is_refused():
    with pytest.raises(UnreadableDocument) as excinfo:
        check_size(b"x" * 2048, "docx", Limits(office_bytes=1024))
    assert "larger than the 1 KB limit for Word and Excel files" in message(excinfo)


# --- sniffing -----------------------------------------------------------------------------


def test_format_is_decided_by_content_not_extension():
    assert sniff_format(docx_bytes(), "plan.docx") == "docx"
    assert sniff_format(docx_bytes(), "plan.txt") == "docx"
    assert sniff_format(xlsx_bytes(), "plan.bin") == "xlsx"
    assert sniff_format(b"Action\tLead\n", "plan.txt") == "text"
    assert sniff_format(b"Action\tLead\n", "") == "text"


def test_a_docx_that_is_not_a_zip_says_so():
    with pytest.raises(UnreadableDocument) as excinfo:
        sniff_format(b"just some words", "plan.docx")
    assert message(excinfo) == "This .docx is not a Word document (it is not a zip archive)."
    with pytest.raises(UnreadableDocument) as excinfo:
        sniff_format(b"just some words", "PLAN.XLSX")
    assert message(excinfo) == "This .xlsx is not an Excel workbook (it is not a zip archive)."


def test_a_zip_that_is_not_a_docx_says_what_is_missing():
    data = zip_of({"readme.txt": b"hello"})
    with pytest.raises(UnreadableDocument) as excinfo:
        sniff_format(data, "plan.docx")
    assert message(excinfo) == (
        "This .docx is not a Word document (the zip archive has no word/document.xml)."
    )
    with pytest.raises(UnreadableDocument) as excinfo:
        sniff_format(data, "plan.zip")
    assert "not a Word (.docx) or Excel (.xlsx) file" in message(excinfo)
    with pytest.raises(UnreadableDocument) as excinfo:
        check_zip(data, Limits(), "word/document.xml")
    assert "has no word/document.xml" in message(excinfo)


def test_old_office_and_pdf_files_get_advice():
    with pytest.raises(UnreadableDocument) as excinfo:
        sniff_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "plan.doc")
    assert "save it as .docx or .xlsx" in message(excinfo)
    with pytest.raises(UnreadableDocument) as excinfo:
        sniff_format(b"%PDF-1.4 ...", "plan.pdf")
    assert "This is a PDF" in message(excinfo)


def test_a_damaged_zip_is_refused():
    data = docx_bytes()
    damaged = data[:200] + b"\0" * 200 + data[400:]
    with pytest.raises(UnreadableDocument) as excinfo:
        check_zip(damaged, Limits(), "word/document.xml")
    assert "damaged" in message(excinfo)


# --- text ---------------------------------------------------------------------------------


def test_binary_garbage_is_not_text():
    garbage = bytes(range(256)) * 20
    with pytest.raises(UnreadableDocument) as excinfo:
        check_text(garbage)
    assert "does not look like a text file" in message(excinfo)
    with pytest.raises(UnreadableDocument):
        check_text(b"Action plan\x00\x01\x02")


def test_text_encodings_are_normalised_to_utf8():
    assert check_text("Caf\u00e9 plan".encode()) == "Caf\u00e9 plan".encode()
    assert check_text("\ufeffAction\tLead".encode()) == b"Action\tLead"
    assert check_text("Action \u2013 Lead".encode("utf-16")) == "Action \u2013 Lead".encode()
    assert check_text(b"caf\xe9 \x96 plan") == "caf\u00e9 \u2013 plan".encode()


def test_whitespace_only_text_is_empty():
    with pytest.raises(UnreadableDocument) as excinfo:
        check_text(b" \n\t\n")
    assert "empty" in message(excinfo)


# --- zip bombs ----------------------------------------------------------------------------


def zip_bomb(megabytes: int = 200) -> bytes:
    """A docx-shaped zip whose document part is `megabytes` of zeros (~1 KB per MB)."""
    buffer = io.BytesIO()
    zeros = b"\0" * MB
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        info = zipfile.ZipInfo("word/document.xml", date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as part:
            for _ in range(megabytes):
                part.write(zeros)
    return buffer.getvalue()


def test_zip_bomb_is_refused_from_its_declared_size_without_unzipping():
    bomb = zip_bomb(200)
    assert len(bomb) < 1 * MB
    assert sniff_format(bomb, "bomb.docx") == "docx"
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableDocument) as excinfo:
            check_zip(bomb, Limits(office_part_bytes=500 * MB), "word/document.xml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message(excinfo) == (
        "The document expands to more than 100 MB when unzipped; it may be a zip bomb."
    )
    assert peak < 10 * MB


def test_one_oversized_part_is_refused():
    bomb = zip_bomb(3)
    with pytest.raises(UnreadableDocument) as excinfo:
        check_zip(bomb, Limits(office_part_bytes=2 * MB), "word/document.xml")
    assert "word/document.xml expands to more than 2 MB" in message(excinfo)


def understate_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """The archive with `name`'s uncompressed size rewritten (local header and directory)."""
    out = bytearray(data)
    local = out.find(b"PK\x03\x04")
    while local != -1:
        name_len = struct.unpack_from("<H", out, local + 26)[0]
        if bytes(out[local + 30 : local + 30 + name_len]) == name:
            struct.pack_into("<I", out, local + 22, size)
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", out, central + 28)[0]
        if bytes(out[central + 46 : central + 46 + name_len]) == name:
            struct.pack_into("<I", out, central + 24, size)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def test_declared_sizes_are_not_trusted():
    honest = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>" * MB})
    lying = understate_sizes(honest, b"word/document.xml", 1000)
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("word/document.xml").file_size == 1000
    with pytest.raises(UnreadableDocument):
        check_zip(lying, Limits(office_uncompressed_bytes=2 * MB), "word/document.xml")


def test_decompression_is_bounded_by_a_byte_budget():
    data = zip_of({"word/document.xml": b"<w/>" * MB})
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("word/document.xml")
    with pytest.raises(UnreadableDocument) as excinfo:
        _stream_part(archive, info, part_limit=100 * MB, total_limit=1 * MB, used=0)
    assert "may be a zip bomb" in message(excinfo)
    with pytest.raises(UnreadableDocument) as excinfo:
        _stream_part(archive, info, part_limit=1 * MB, total_limit=100 * MB, used=0)
    assert "word/document.xml expands to more than 1 MB" in message(excinfo)
    assert _stream_part(archive, info, 100 * MB, 100 * MB, used=5) == 4 * MB + 5


def test_too_many_parts_is_refused():
    data = zip_of({f"word/media/{i}.xml": b"" for i in range(10_001)})
    with pytest.raises(UnreadableDocument) as excinfo:
        check_zip(data, Limits())
    assert "more than 10000" in message(excinfo)


def test_an_ordinary_docx_and_xlsx_pass():
    check_zip(docx_bytes(), Limits(), "word/document.xml")
    check_zip(xlsx_bytes(), Limits(), "xl/workbook.xml")


# --- XML entities -------------------------------------------------------------------------


XXE_DOCTYPE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)


def with_doctype(data: bytes, name: str, encoding: str = "utf-8") -> bytes:
    part = zipfile.ZipFile(io.BytesIO(data)).read(name)
    body = part.split(b"?>", 1)[1].lstrip()
    body = body.replace(b"hello", b"&xxe;")
    xml = (XXE_DOCTYPE + body).decode("utf-8")
    if encoding != "utf-8":
        xml = xml.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return replace_part(data, name, xml.encode(encoding))


def test_a_docx_with_an_xxe_doctype_is_refused():
    data = with_doctype(docx_bytes("hello"), "word/document.xml")
    with pytest.raises(UnreadableDocument) as excinfo:
        check_zip(data, Limits(), "word/document.xml")
    assert message(excinfo) == (
        "The part word/document.xml declares a DTD (<!DOCTYPE>), which Office documents never "
        "do; the file was refused as unsafe."
    )


def test_a_doctype_in_utf16_xml_is_refused_too():
    data = with_doctype(docx_bytes("hello"), "word/document.xml", encoding="utf-16")
    with pytest.raises(UnreadableDocument) as excinfo:
        check_zip(data, Limits(), "word/document.xml")
    assert "declares a DTD" in message(excinfo)


def test_an_xlsx_with_a_doctype_in_a_sheet_is_refused():
    data = xlsx_bytes()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "b">]><worksheet', 1)
    with pytest.raises(UnreadableDocument) as excinfo:
        check_zip(replace_part(data, "xl/worksheets/sheet1.xml", sheet), Limits())
    assert "xl/worksheets/sheet1.xml declares a DTD" in message(excinfo)


@pytest.mark.parametrize("name", ["customXml/item1.bin", "word/media/blob", "docProps/x.dat"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le"])
def test_a_doctype_in_a_part_of_any_name_and_encoding_is_refused(name, encoding):
    part = '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'.encode(encoding)
    data = replace_part(docx_bytes(), name, part)
    with pytest.raises(UnreadableDocument) as excinfo:
        check_zip(data, Limits(), "word/document.xml")
    assert f"The part {name} declares a DTD" in message(excinfo)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-32-be"])
def test_a_doctype_split_across_two_chunks_is_found(encoding):
    marker = "<!DOCTYPE".encode(encoding)
    for cut in range(1, len(marker)):
        part = b"\x89PNG" + b"x" * (CHUNK - 4 - cut) + marker + b"y" * 100
        assert part[:CHUNK].endswith(marker[:cut])
        data = replace_part(docx_bytes(), "word/media/image1.png", part)
        with pytest.raises(UnreadableDocument, match="word/media/image1.png declares a DTD"):
            check_zip(data, Limits())


def test_a_picture_with_a_doctype_is_refused_with_advice():
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>'
    data = replace_part(docx_bytes(), "word/media/image1.svg", svg)
    with pytest.raises(UnreadableDocument) as excinfo:
        check_zip(data, Limits())
    assert message(excinfo).endswith("replace the picture with a PNG and upload again.")


def test_xml_in_an_encoding_that_hides_a_doctype_is_refused():
    for declared in ("UTF-7", "IBM037", "no-such-encoding"):
        part = f'<?xml version="1.0" encoding="{declared}"?><x/>'.encode()
        data = replace_part(docx_bytes(), "word/settings.xml", part)
        with pytest.raises(UnreadableDocument) as excinfo:
            check_zip(data, Limits())
        assert message(excinfo) == (
            f"The part word/settings.xml declares the text encoding '{declared}', which Office "
            "documents never use; the file was refused as unsafe."
        )
    for declared in ("UTF-8", "utf-16", "windows-1252", "ISO-8859-1"):
        part = f'<?xml version="1.0" encoding="{declared}"?><x/>'.encode()
        check_zip(replace_part(docx_bytes(), "word/settings.xml", part), Limits())


def test_binary_parts_without_a_doctype_pass():
    noise = bytes(range(256)) * 1024  # every byte value, across several chunks
    check_zip(replace_part(docx_bytes(), "word/media/image1.png", noise), Limits())


def test_python_docx_itself_does_not_resolve_external_entities():
    """Belt and braces: even past the DTD check, python-docx's lxml parser leaves &xxe; out."""
    from importers.reading.readers.docx import read_docx

    data = with_doctype(docx_bytes("hello"), "word/document.xml")
    document = read_docx(data)
    assert all("root:" not in block.text for block in document.blocks)


def test_a_macro_enabled_document_is_refused_with_advice():
    data = docx_bytes()
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    with pytest.raises(UnreadableDocument) as excinfo:
        sniff_format(replace_part(data, "[Content_Types].xml", types), "plan.docm")
    assert "Macro-enabled Office files" in message(excinfo)
