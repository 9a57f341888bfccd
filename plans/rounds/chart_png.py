"""A stacked bar chart of ratings by section as a PNG, with no imaging library.

Each bar is a section; its segments are its actions by rating, in the board's order (red
first). The picture carries no text: the pack puts alternative text on it and prints the
same numbers in a table beside it, so nothing depends on colour or on seeing the chart.
"""

from __future__ import annotations

import struct
import zlib

from plans.exports import RAG_COLOURS, SUMMARY_ORDER

WIDTH = 900
BAR = 26
GAP = 10
MARGIN = 10


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def stacked_bars(rows: list[dict]) -> bytes:
    """rows: one {Rating: count} per bar, top to bottom. Returns PNG bytes."""
    height = MARGIN * 2 + max(1, len(rows)) * (BAR + GAP)
    usable = WIDTH - 2 * MARGIN
    most = max((sum(counts.values()) for counts in rows), default=0) or 1
    white = (255, 255, 255)
    lines = []
    bar_spans = []
    for counts in rows:
        spans, x = [], MARGIN
        for rating in SUMMARY_ORDER:
            width = round(usable * counts.get(rating, 0) / most)
            spans.append((x, x + width, _rgb(RAG_COLOURS[rating][0])))
            x += width
        bar_spans.append(spans)
    for y in range(height):
        index, offset = divmod(y - MARGIN, BAR + GAP)
        row = [white] * WIDTH
        if y >= MARGIN and index < len(bar_spans) and offset < BAR:
            for start, end, colour in bar_spans[index]:
                for x in range(start, min(end, WIDTH)):
                    # A white line between segments, so adjacent ratings stay distinct.
                    row[x] = white if x == start and start != MARGIN else colour
        lines.append(b"\x00" + bytes(channel for pixel in row for channel in pixel))
    header = struct.pack(">IIBBBBB", WIDTH, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(lines), 9))
        + _chunk(b"IEND", b"")
    )
