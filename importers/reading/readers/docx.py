"""Read a Word (.docx) file into a `Document`: paragraphs and tables in body order.

python-docx opens the package; the body is walked as XML so that merged cells, repeated header
rows, numbering and shading are read as Word stores them:

- horizontally merged cells (`w:gridSpan`) are read once: the text sits in the first grid
  column and the other columns it covers are empty cells, so columns stay aligned; a row whose
  only cell spans the whole grid is a `Row(spans_full_width=True)` with that one cell;
- a vertically merged continuation (`w:vMerge` without "restart") is an empty
  `Cell(merged_from_above=True)`, for the layout to inherit from the cell above;
- header rows marked to repeat (`w:tblHeader`) are kept once, at the top; a later row marked as
  a header, or equal to the header row (a header repeated by hand at a page break), is dropped;
- numbered paragraphs get their number as Word shows it ("1. ", "a) "), with one counter per
  list as Word keeps them; bullets are items (separate paragraphs) without a glyph;
- cell shading (`w:shd/@w:fill`, or a solid pattern colour) is `Cell.fill` as RRGGBB.

The XML comes from the upload, so nothing it claims is trusted beyond what it holds: a span
(`w:gridSpan`, `w:gridBefore`, `w:gridAfter`) never reaches past the table's grid, a table
wider than `Limits.max_columns` or a document with more than `Limits.max_cells` cells is
refused, and list numbers are bounded (see `docx_numbering`).

The bytes must have passed `importers.reading.safety.check_zip` first (size, zip bomb and DTD checks).
"""

from __future__ import annotations

import io
import re

from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree

from importers.reading.document import Cell, Document, Paragraph, Row, Table, UnreadableDocument
from importers.reading.readers.docx_numbering import Numbering, int_val
from importers.reading.safety import Limits

W_P = qn("w:p")
W_TBL = qn("w:tbl")
W_TR = qn("w:tr")
W_TC = qn("w:tc")
W_SDT = qn("w:sdt")
W_SDT_CONTENT = qn("w:sdtContent")
W_CUSTOM_XML = qn("w:customXml")
W_VAL = qn("w:val")

# Elements whose subtree holds no printed text of the paragraph itself.
SKIP_IN_TEXT = {
    qn("w:pPr"),
    qn("w:rPr"),
    qn("w:del"),
    qn("w:moveFrom"),
    qn("w:txbxContent"),
    qn("w:instrText"),
    qn("w:delText"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}
TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
TEXT_TAGS[qn("w:noBreakHyphen")] = "-"
TEXT_TAGS[qn("w:softHyphen")] = ""

FALSE_VALUES = {"0", "false", "off"}
MAX_STYLE_CHAIN = 100
HEX_COLOUR = re.compile(r"^[0-9A-Fa-f]{6}$")


def read_docx(data: bytes, name: str = "", *, limits: Limits | None = None) -> Document:
    """The paragraphs and tables of a .docx, in the order they appear in the body."""
    try:
        word = open_docx(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument(
            f"This .docx has damaged XML and cannot be read ({' '.join(str(exc).split())[:100]})."
        ) from exc
    except Exception as exc:  # python-docx fails in many ways on a malformed package
        raise UnreadableDocument(
            "This .docx cannot be opened as a Word document; open it in Word, save it again "
            "as .docx and upload that."
        ) from exc
    reader = _Reader(word, limits or Limits())
    return Document(blocks=reader.blocks(word.element.body), source_name=name)


class _Reader:
    def __init__(self, word, limits: Limits) -> None:
        self.limits = limits
        self.cells = 0
        self.style_names: dict[str, str] = {}
        self.style_numbering: dict[str, tuple[str, int]] = {}
        for style in word.styles:
            self.style_names[style.style_id] = style.name
        self._read_style_numbering(word)
        self.numbering = Numbering(word)
        self.table_index = 0

    # -- styles ----------------------------------------------------------------------------

    def _read_style_numbering(self, word) -> None:
        """Paragraph styles that number their paragraphs (e.g. "List Number"), via basedOn."""
        direct: dict[str, tuple[str, int] | None] = {}
        based_on: dict[str, str] = {}
        for style in word.styles.element.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if not style_id:
                continue
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            direct[style_id] = _num_pr(num_pr) if num_pr is not None else None
            parent = style.find(qn("w:basedOn"))
            if parent is not None and parent.get(W_VAL):
                based_on[style_id] = parent.get(W_VAL)
        # each style is resolved once (memo), so a long basedOn chain costs linear time
        resolved: dict[str, tuple[str, int] | None] = {}
        for style_id in direct:
            chain: list[str] = []
            current, found = style_id, None
            while current and current not in chain:
                if current in resolved:
                    found = resolved[current]
                    break
                chain.append(current)
                if direct.get(current):
                    found = direct[current]
                    break
                current = based_on.get(current)
                if len(chain) > MAX_STYLE_CHAIN:  # Word allows far fewer; keeps `in` cheap
                    break
            for link in chain:
                resolved[link] = found
            if found:
                self.style_numbering[style_id] = found

    # -- body ------------------------------------------------------------------------------

    def blocks(self, container) -> list[Paragraph | Table]:
        blocks: list[Paragraph | Table] = []
        for child in _content_children(container):
            if child.tag == W_P:
                # spacing inside a line is kept (a RAG key spaces its labels out with tabs);
                # a line break starts a new paragraph, as it does in a text export
                style = self.paragraph_style(child)
                for line in self.paragraph_text(child).split("\n"):
                    if line.strip():
                        blocks.append(Paragraph(text=line.strip(), style=style))
            elif child.tag == W_TBL:
                blocks.append(self.table(child))
        return blocks

    def paragraph_style(self, p) -> str | None:
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is None or not style.get(W_VAL):
            return None
        style_id = style.get(W_VAL)
        return self.style_names.get(style_id, style_id)

    def paragraph_text(self, p) -> str:
        """The printed text, with the list number Word shows in front where it has one."""
        text = _text(p)
        if not text.strip():
            return text
        return self.number_prefix(p) + text

    def number_prefix(self, p) -> str:
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        numbering = _num_pr(num_pr) if num_pr is not None else None
        if numbering is None and num_pr is None:
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is not None:
                numbering = self.style_numbering.get(style.get(W_VAL))
        if numbering is None:
            return ""
        return self.numbering.next_label(*numbering)

    # -- tables ----------------------------------------------------------------------------

    def table(self, tbl) -> Table:
        index = self.table_index
        self.table_index += 1
        grid = len(tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
        raw_rows = [self.raw_row(tr) for tr in _rows(tbl)]
        width = grid or max(
            (
                before + sum(span for _, span in cells) + after
                for cells, _, before, after in raw_rows
            ),
            default=0,
        )
        self.check_columns(index, width)

        rows: list[Row] = []
        header_texts: set[tuple[str, ...]] = set()
        in_leading_header = True
        for position, (cells, is_header, before, after) in enumerate(raw_rows):
            self.check_columns(index, len(cells))  # before building thousands of cells
            row = self.make_row(cells, before, after, width)
            self.check_columns(index, len(row.cells))
            self.count_cells(len(row.cells))
            texts = tuple(_normal(row.texts))
            if is_header and in_leading_header:
                header_texts.add(texts)
                rows.append(row)
                continue
            in_leading_header = False
            if position == 0:
                if sum(1 for text in texts if text) >= 2:
                    header_texts.add(texts)
                rows.append(row)
                continue
            if is_header or (any(texts) and texts in header_texts):
                continue  # a header repeated at a page break
            rows.append(row)
        return Table(rows=rows, index=index)

    def count_cells(self, cells: int) -> None:
        self.cells += cells
        if self.cells > self.limits.max_cells:
            raise UnreadableDocument(
                f"This document has more than {self.limits.max_cells:,} table cells, the "
                "most a plan may have; split it into smaller documents and upload each."
            )

    def check_columns(self, index: int, columns: int) -> None:
        if columns > self.limits.max_columns:
            raise UnreadableDocument(
                f"Table {index + 1} of this document has {columns:,} columns; the most a plan "
                f"table may have is {self.limits.max_columns:,}. Remove the extra columns "
                "(or split the table) in Word and upload it again."
            )

    def raw_row(self, tr):
        tr_pr = tr.find(qn("w:trPr"))
        is_header = False
        before = after = 0
        if tr_pr is not None:
            header = tr_pr.find(qn("w:tblHeader"))
            is_header = header is not None and header.get(W_VAL, "true").lower() not in FALSE_VALUES
            before = int_val(tr_pr.find(qn("w:gridBefore")), 0)
            after = int_val(tr_pr.find(qn("w:gridAfter")), 0)
        cells: list[tuple[object, int]] = []
        for tc in _cells(tr):
            tc_pr = tc.find(qn("w:tcPr"))
            span = 1
            if tc_pr is not None:
                span = max(1, int_val(tc_pr.find(qn("w:gridSpan")), 1))
                h_merge = tc_pr.find(qn("w:hMerge"))
                if cells and h_merge is not None and h_merge.get(W_VAL, "continue") != "restart":
                    # legacy horizontal merge (older converters): widen the cell to the left
                    cells[-1] = (cells[-1][0], cells[-1][1] + span)
                    continue
            cells.append((tc, span))
        return cells, is_header, before, after

    def make_row(self, cells, before: int, after: int, width: int) -> Row:
        if len(cells) == 1 and width > 1 and not before and not after and cells[0][1] >= width:
            cell = self.cell(cells[0][0])
            if not cell.merged_from_above:
                return Row(cells=[cell], spans_full_width=True)
        # A span fills grid columns only as far as the grid reaches: a cell can claim to span
        # 200 million columns in a few bytes of XML. Real cells past the grid are all kept.
        out = [Cell() for _ in range(min(before, width))]
        for tc, span in cells:
            out.append(self.cell(tc))
            out.extend(Cell() for _ in range(min(span - 1, width - len(out))))
        out.extend(Cell() for _ in range(min(after, width - len(out))))
        return Row(cells=out)

    def cell(self, tc) -> Cell:
        tc_pr = tc.find(qn("w:tcPr"))
        merged = False
        fill = None
        if tc_pr is not None:
            v_merge = tc_pr.find(qn("w:vMerge"))
            merged = v_merge is not None and v_merge.get(W_VAL, "continue") != "restart"
            fill = _shading(tc_pr.find(qn("w:shd")))
        paragraphs: list[str] = []
        for block in self.cell_blocks(tc):
            for line in block.split("\n"):
                line = " ".join(line.split())
                if line:
                    paragraphs.append(line)
        if fill is None:
            fill = _paragraph_fill(tc)
        if merged:
            # Word keeps the merged text in the first cell; anything left here is not shown.
            paragraphs = []
        return Cell(paragraphs=paragraphs, fill=fill, merged_from_above=merged)

    def cell_blocks(self, container) -> list[str]:
        """Paragraph texts in a cell, nested tables flattened row by row."""
        texts: list[str] = []
        for child in _content_children(container):
            if child.tag == W_P:
                texts.append(self.paragraph_text(child))
            elif child.tag == W_TBL:
                for tr in _rows(child):
                    cells = _cells(tr)
                    self.count_cells(len(cells))
                    for tc in cells:
                        texts.extend(self.cell_blocks(tc))
        return texts


def _num_pr(num_pr) -> tuple[str, int] | None:
    num_id = num_pr.find(qn("w:numId"))
    if num_id is None or num_id.get(W_VAL) in (None, "0"):
        return None
    return num_id.get(W_VAL), int_val(num_pr.find(qn("w:ilvl")), 0)


def _content_children(container):
    """Children of a body or cell, looking through content controls and custom XML."""
    for child in container:
        if child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _content_children(content)
        elif child.tag == W_CUSTOM_XML:
            yield from _content_children(child)
        else:
            yield child


def _rows(tbl):
    return [child for child in _content_children(tbl) if child.tag == W_TR]


def _cells(tr):
    return [child for child in _content_children(tr) if child.tag == W_TC]


def _text(element) -> str:
    parts: list[str] = []
    _collect_text(element, parts)
    return "".join(parts)


def _collect_text(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP_IN_TEXT:
            continue
        if tag in TEXT_TAGS:
            replacement = TEXT_TAGS[tag]
            parts.append((child.text or "") if replacement is None else replacement)
            continue
        _collect_text(child, parts)


def _shading(shd) -> str | None:
    """RRGGBB from w:shd: the fill, or the pattern colour of a solid pattern."""
    if shd is None:
        return None
    fill = shd.get(qn("w:fill"))
    if shd.get(W_VAL) == "solid":
        color = shd.get(qn("w:color"))
        if color and HEX_COLOUR.match(color):
            return color.upper()
    if fill and HEX_COLOUR.match(fill):
        return fill.upper()
    return None


def _paragraph_fill(tc) -> str | None:
    """Shading put on the paragraphs of a cell rather than the cell (some RAG columns)."""
    for p in tc.iter(W_P):
        fill = _shading(p.find(f"{qn('w:pPr')}/{qn('w:shd')}"))
        if fill:
            return fill
    return None


def _normal(texts: list[str]) -> list[str]:
    normal = [" ".join(text.split()).casefold() for text in texts]
    while normal and not normal[-1]:
        normal.pop()
    return normal
