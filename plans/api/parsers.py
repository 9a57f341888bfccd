"""A JSON parser with a nesting limit: 100,000 "[" is a 400, never a RecursionError's 500.

DRF hands the body (already bounded by Django's DATA_UPLOAD_MAX_MEMORY_SIZE: DRF reads JSON
through `request.body`) to Python's recursive decoder, which raises RecursionError on deep
nesting. This parser counts the nesting first, without recursion, and refuses anything deeper
than settings.API_JSON_MAX_DEPTH; malformed JSON stays a 400 as in DRF.
"""

from __future__ import annotations

import re

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

# Strings first (so brackets inside them don't count), then each bracket on its own. A string
# left open runs to the end of the body, so every match succeeds where it starts: one pass,
# no quadratic retries on hostile input such as a quote and escaped quotes to the end.
_STRING_OR_BRACKET = re.compile(rb'"(?:[^"\\]|\\.)*(?:"|\\?\Z)|[\[\]{}]', re.DOTALL)
_OPENERS = frozenset(b"[{")


def json_depth(body: bytes, *, stop_above: int | None = None) -> int:
    """The deepest nesting of arrays and objects in a JSON text (strings ignored).

    With stop_above, counting stops as soon as the depth passes it.
    """
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(body):
        token = match.group()
        if len(token) != 1:
            continue  # a string
        if token[0] in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
            if stop_above is not None and deepest > stop_above:
                break
        else:
            depth -= 1
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's JSONParser with a nesting limit (settings.API_JSON_MAX_DEPTH)."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read() if stream is not None else b""
        max_depth = settings.API_JSON_MAX_DEPTH
        if json_depth(body, stop_above=max_depth) > max_depth:
            raise ParseError(f"JSON parse error - nested more than {max_depth} levels deep.")
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = body.decode(encoding)
            parse_constant = json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=parse_constant)
        except (ValueError, RecursionError) as error:
            raise ParseError(f"JSON parse error - {error}") from error
