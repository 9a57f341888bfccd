"""Read a Markdown file into a `Document`: headings, paragraphs and pipe tables, in order.

- `#`..`######` (and Setext `===`/`---` underlines) are `Paragraph(style="Heading N")`;
- narrative lines are joined into one `Paragraph` per Markdown paragraph (a blank line, a hard
  break or `<br>` starts the next); list items are one paragraph each, bullets as
  style "List Bullet" without their marker, numbered items as "List Number" keeping "1.";
- a pipe table (a row of cells, then a `|---|` separator) is a `Table`: its header row first,
  each body row padded or cut to the header's width as GitHub renders it; `\\|` is a literal
  pipe and `<br>` inside a cell starts a new paragraph in the `Cell`;
- inline markup is removed and its text kept: emphasis, inline code, links `[text](url)`,
  HTML tags and entities; images, footnote marks `[^5]`, kramdown `{: .class}` and Liquid
  `{{ ... }}` go. Struck-through text (`~~old~~`, `<s>`, `<del>`, `<strike>`) is dropped with
  its content: a revised date is written as the old one struck through plus the new one;
- front matter (a `---` YAML block at the top), rules, link definitions and HTML comments go;
  fenced code is kept line by line as paragraphs.

Every pattern is linear in its line (no unbounded backtracking), so the reader is linear in
the file; `Limits.max_columns` and `max_cells` bound the tables.
"""

from __future__ import annotations

import html
import re

from importers.reading.document import Cell, Document, Paragraph, Row, Table
from importers.reading.readers import CellBudget, check_columns
from importers.reading.readers.csv import decode
from importers.reading.safety import Limits

ESCAPABLE = "\\`*_{}[]()#+-.!|~<>"
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
PLACEHOLDER = {c: chr(0xE000 + ord(c)) for c in ESCAPABLE}  # private-use code points
HIDE = str.maketrans(PLACEHOLDER)
RESTORE = str.maketrans({v: k for k, v in PLACEHOLDER.items()})

BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
CODE = re.compile(r"`+([^`\n]*)`+")
STRUCK = re.compile(r"~~[^~\n]*~~|<(s|del|strike)(?:\s[^<>]*)?>[^<]*</\1\s*>", re.IGNORECASE)
IMAGE = re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)")
LINK = re.compile(r"\[([^\[\]\n]*)\](?:\([^()\s]*(?:\s+\"[^\"\n]{0,300}\")?\)|\[[^\[\]\n]*\])")
AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]*)>", re.IGNORECASE)
FOOTNOTE_MARK = re.compile(r"\[\^[^\[\]\s]*\]")
ATTRIBUTES = re.compile(r"\{:[^{}\n]*\}|\{\{[^{}\n]*\}\}|\{%[^{}\n]*%\}")
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
STRONG = re.compile(r"\*\*([^*\n]+)\*\*|__([^_\n]+)__")
EMPHASIS = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])|(?<![\w_])_([^_\n]+)_(?![\w_])")

BULLET = re.compile(r" {0,3}[*+-]\s+")
NUMBERED = re.compile(r" {0,3}\d{1,9}[.)]\s+")
FOOTNOTE_DEF = re.compile(r" {0,3}\[\^[^\[\]\s]*\]:\s*")
LINK_DEF = re.compile(r" {0,3}\[[^\[\]\n]+\]:\s*\S+\s*$")
CELL_RULE = re.compile(r":?-+:?")
SPLIT_CELLS = re.compile(r"(?<!\\)\|")


def read_markdown(data: bytes, name: str = "", limits: Limits | None = None) -> Document:
    """Headings, paragraphs and pipe tables of a Markdown file, in order."""
    reader = _Reader(limits or Limits())
    reader.read(decode(data).replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return Document(blocks=reader.blocks, source_name=name)


def inline_text(text: str) -> str:
    """Markdown/HTML inline markup removed, struck-through text dropped, spaces collapsed."""
    text = ESCAPE.sub(lambda m: PLACEHOLDER[m.group(1)], _without_comments(text))
    text = CODE.sub(lambda m: m.group(1).translate(HIDE), text)  # code is literal text
    text = STRUCK.sub("", text)
    text = ATTRIBUTES.sub("", text)  # first: Liquid inside a link's URL has spaces
    text = IMAGE.sub("", text)
    text = AUTOLINK.sub(r"\1", text)
    text = LINK.sub(r"\1", text)
    text = FOOTNOTE_MARK.sub("", text)
    text = TAG.sub("", text)
    for _ in range(3):  # nested emphasis (***both***, **bold _and_ em**) unwraps a layer a pass
        unwrapped = EMPHASIS.sub(_inner, STRONG.sub(_inner, text))
        if unwrapped == text:
            break
        text = unwrapped
    text = html.unescape(text).translate(RESTORE)
    return " ".join(text.split())


def _without_comments(text: str) -> str:
    """HTML comments removed (by `find`, not a regex: linear however many `<!--` there are)."""
    parts, at = [], 0
    while (start := text.find("<!--", at)) >= 0:
        end = text.find("-->", start + 4)
        parts.append(text[at:start])
        if end < 0:
            return "".join(parts)
        at = end + 3
    return "".join(parts) + text[at:]


def _inner(match: re.Match) -> str:
    return match.group(1) if match.group(1) is not None else match.group(2)


def is_separator(line: str) -> bool:
    """A pipe table's `|---|:---:|` row: every cell dashes, at least one pipe."""
    stripped = line.strip()
    if "|" not in stripped or "-" not in stripped:
        return False
    return all(CELL_RULE.fullmatch(cell.strip()) for cell in _split_row(stripped))


def heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line (`## Title ##`), else None."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith("#"):
        return None
    level = len(stripped) - len(stripped.lstrip("#"))
    rest = stripped[level:]
    if level > 6 or (rest and not rest[0].isspace()):
        return None
    rest = rest.strip()
    closing = rest.rstrip("#")
    if closing != rest and (not closing or closing[-1].isspace()):
        rest = closing.strip()
    return level, rest


def _split_row(line: str) -> list[str]:
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return SPLIT_CELLS.split(stripped)


def _front_matter_end(lines: list[str]) -> int:
    """The index of the first line after a `---` YAML block at the top (0 if there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, min(len(lines), 500)):
        if lines[index].strip() in ("---", "..."):
            return index + 1
    return 0


class _Reader:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.budget = CellBudget(limits, "Markdown file")
        self.blocks: list[Paragraph | Table] = []
        self.pending: list[str] = []  # lines of the paragraph being read
        self.pending_style: str | None = None
        self.pending_line = 0
        self.tables = 0

    def read(self, lines: list[str]) -> None:
        index = _front_matter_end(lines)
        fence: str | None = None
        in_comment = False
        while index < len(lines):
            line, number = lines[index], index + 1
            stripped = line.strip()
            index += 1
            if fence is not None:
                if stripped.startswith(fence):
                    fence = None
                elif stripped:
                    self.blocks.append(Paragraph(text=stripped, source_line=number))
                continue
            if in_comment or stripped.startswith("<!--"):
                in_comment = "-->" not in stripped
                if not in_comment and not stripped.endswith("-->"):
                    self._add_line(stripped.split("-->", 1)[1], number)
                continue
            if not stripped:
                self._flush()
                continue
            found = heading(line)
            if found is not None:
                self._flush()
                self._paragraph(found[1], f"Heading {found[0]}", number)
                continue
            if "|" in stripped and index < len(lines) and is_separator(lines[index]):
                self._flush()
                index = self._table(lines, index - 1)
                continue
            if self.pending and self.pending_style is None and set(stripped) in ({"="}, {"-"}):
                text, start = " ".join(self.pending), self.pending_line
                self.pending = []
                self._paragraph(text, "Heading 1" if "=" in stripped else "Heading 2", start)
                continue
            if len(stripped) >= 3 and set(stripped.replace(" ", "")) in ({"-"}, {"*"}, {"_"}):
                self._flush()  # a thematic break
                continue
            if stripped.startswith(("```", "~~~")):
                self._flush()
                fence = stripped[:3]
                continue
            if ATTRIBUTES.fullmatch(stripped) or LINK_DEF.match(line):
                continue  # kramdown attributes for the block above; link definitions
            self._line(line, number)

    def _line(self, line: str, number: int) -> None:
        stripped = line.strip()
        while stripped.startswith(">"):  # block quotes read as their text
            stripped = stripped[1:].strip()
        bullet, numbered = BULLET.match(stripped), NUMBERED.match(stripped)
        footnote = FOOTNOTE_DEF.match(stripped)
        if bullet or numbered or footnote:
            self._flush()  # each list item (or footnote) is a paragraph of its own
            if bullet:
                self.pending_style, stripped = "List Bullet", stripped[bullet.end() :]
            elif numbered:
                self.pending_style = "List Number"  # the number may be the action's ref
            else:
                stripped = stripped[footnote.end() :]
        self._add_line(stripped, number)
        if line.endswith(("  ", "\\")):  # a hard line break ends the paragraph
            self._flush()

    def _add_line(self, text: str, number: int) -> None:
        if not self.pending:
            self.pending_line = number
        self.pending.append(text.removesuffix("\\"))

    def _flush(self) -> None:
        if self.pending:
            self._paragraph(" ".join(self.pending), self.pending_style, self.pending_line)
        self.pending, self.pending_style = [], None

    def _paragraph(self, text: str, style: str | None, number: int) -> None:
        for part in BR.split(text):
            cleaned = inline_text(part)
            if cleaned:
                self.blocks.append(Paragraph(text=cleaned, style=style, source_line=number))

    def _table(self, lines: list[str], start: int) -> int:
        """Read the table whose header is lines[start]; return the index after it."""
        header = _split_row(lines[start])
        width = len(header)
        check_columns(width, self.limits, f"The table at line {start + 1}")
        rows = [self._row(header, width, start + 1)]
        index = start + 2  # past the separator
        while index < len(lines) and "|" in lines[index] and lines[index].strip():
            rows.append(self._row(_split_row(lines[index]), width, index + 1))
            index += 1
        self.blocks.append(Table(rows=rows, index=self.tables))
        self.tables += 1
        return index

    def _row(self, cells: list[str], width: int, number: int) -> Row:
        self.budget.spend(width)
        cells = (cells + [""] * width)[:width]  # as GitHub renders: padded, or extra cells cut
        out = []
        for cell in cells:
            paragraphs = [inline_text(part) for part in BR.split(cell)]
            out.append(Cell(paragraphs=[p for p in paragraphs if p]))
        return Row(cells=out, source_line=number)
