"""Reading rendered pages in tests as a person would."""

import html
import re


def page_text(markup: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    inline_dropped = re.sub(r"</?(a|span|strong|time)\b[^>]*>", "", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline_dropped)).split())


def action_pks(response) -> list[int]:
    """The actions the page links to, in the order it shows them."""
    return [int(pk) for pk in re.findall(r'href="/actions/(\d+)/"', response.content.decode())]
