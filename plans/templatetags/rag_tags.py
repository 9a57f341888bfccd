"""RAG ratings drawn in Python: the rating tag and the stacked RAG bar.

Tables draw one of these a row (home: a bar for each of 100 plans; action tables: a tag for
each of 50 actions), and an {% include %} a row cost more than the rest of the row. So the
markup is built here with format_html, as Django's admin builds its result rows. The words
and classes are those the templates had; app.css styles them.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# rating: (tag colour class, name). Amber is NHS.UK's orange tag.
TAG_STYLE = {
    "red": ("red", "Red"),
    "amber": ("orange", "Amber"),
    "green": ("green", "Green"),
    "blue": ("blue", "Blue"),
}

# The bar's order and each count's words in its key.
BAR_KEY = (
    ("red", "Red"),
    ("amber", "Amber"),
    ("green", "Green"),
    ("blue", "Blue (complete)"),
    ("not_rated", "Not yet rated"),
)


def rag_tag_html(rating: str | None, plan=None) -> SafeString:
    """A rating as an NHS.UK tag. The rating's name is always written, so colour is never the
    only signal, and the plan's own legend wording follows it: "Green: On target against
    milestones", "Blue: complete", "Not yet rated" (empty, None or unknown: not rated)."""
    if rating not in TAG_STYLE:
        return mark_safe(
            '<strong class="nhsuk-tag nhsuk-tag--grey app-rag-tag app-rag-tag--not_rated">'
            "Not yet rated</strong>"
        )
    colour, name = TAG_STYLE[rating]
    label = plan.legend_for(rating) if plan is not None else ""
    if label == name:  # the plan's wording only repeats the name
        label = ""
    if rating == "blue" and not label:
        label = "complete"
    legend = format_html('<span class="app-rag-tag__legend">: {}</span>', label) if label else ""
    return format_html(
        '<strong class="nhsuk-tag nhsuk-tag--{} app-rag-tag app-rag-tag--{}">{}{}</strong>',
        colour,
        rating,
        name,
        legend,
    )


def _count(counts, key: str) -> int:
    """A count from a dict (missing keys count as 0) or from a RagCounts."""
    value = counts.get(key) if isinstance(counts, Mapping) else getattr(counts, key, 0)
    return value or 0


def _per_cent(count: int, of: int) -> str:
    """As {% widthratio count of 100 %} did: Python's round, "" when there is nothing to count."""
    return str(round(count / of * 100)) if of else ""


@register.simple_tag
def rag_bar(counts, total=None, caption="", small=False, url="") -> SafeString:
    """A stacked horizontal bar of RAG counts, with the counts written out beneath it.

    The bar is hidden from screen readers; the key says the same. No style attributes (CSP):
    each segment's width is a class, app-rag-bar__segment--w0 … --w100 (per cent, app.css).
      counts   a mapping or RagCounts with red, amber, green, blue, not_rated (missing: 0)
      total    the number of actions the counts are out of (defaults to counts' total)
      caption  optional text above the bar, e.g. "Ratings in this section"
      small    optional: a thinner bar for table rows
      url      optional: the table of these actions; each count links to it with ?rating=
    Each key item's words are one span: the item is a flex box, and a bare link in it would
    be a flex item of its own.
    f-strings, not format_html a piece: only url and caption come from outside, escaped once
    here; the rest is our constants and integers (home draws 100 bars).
    """
    of = total or _count(counts, "total")
    href = conditional_escape(url)
    segments, key = [], []
    for rating, words in BAR_KEY:
        n = int(_count(counts, rating))
        if n:
            segments.append(
                f'<span class="app-rag-bar__segment app-rag-bar__segment--{rating} '
                f'app-rag-bar__segment--w{_per_cent(n, of)}"></span>'
            )
        shown = f'<a href="{href}?rating={rating}">{n}</a>' if url and n else n
        share = f" ({_per_cent(n, of)}%)" if of else ""
        key.append(
            f'<li class="app-rag-key__item"><span aria-hidden="true" class="app-rag-key__swatch '
            f'app-rag-key__swatch--{rating}"></span><span>{words}: {shown}{share}</span></li>'
        )
    above = (
        f'<p class="nhsuk-body-s nhsuk-u-margin-bottom-1">{conditional_escape(caption)}</p>\n'
        if caption
        else ""
    )
    bar, items = "\n".join(segments), "\n".join(key)
    return mark_safe(
        f'<div class="app-rag-bar{" app-rag-bar--small" if small else ""}">\n{above}'
        f'<div class="app-rag-bar__track" aria-hidden="true">\n{bar}\n</div>\n'
        f'<ul class="app-rag-key">\n{items}\n</ul>\n</div>'
    )
