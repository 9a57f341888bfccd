"""Dashboard charts: count tables and the trend as components/chart.html draws them.

Each row of a count table may link to the table of its actions, and each count to those
actions with that rating (the drill-down): `drill` gives a row's table URL, ending in a query
string to which "&rating=<rating>" is added.
"""

from __future__ import annotations

from collections.abc import Callable

from plans.models import Plan, Rating
from plans.rag_counts import RATINGS, RagCounts, RagRow, RagTrend


def rating_labels(*, plan: Plan | None = None) -> list[tuple[str, str]]:
    """(rating, words) in column order, as chart series names: the rating's name, then the
    plan's own legend where it has one ("Green: On target against milestones")."""
    labels = []
    for rating in RATINGS:
        own = plan.legend_for(rating.value) if plan is not None else rating.label
        if own != rating.label:
            labels.append((rating.value, f"{rating.label}: {own}"))
        elif rating == Rating.BLUE:
            labels.append((rating.value, "Blue: complete"))
        else:
            labels.append((rating.value, rating.label))
    return labels


def _chart(
    categories: list[str],
    counts: list[RagCounts],
    *,
    ratings,
    horizontal: bool,
    urls: list[str | None] | None = None,
    **about,
) -> dict:
    """Data for components/chart.html: a column per rating, stacked, a row per category.

    With `urls` (one per row, or None), the row's label links to it and each count to it
    with "&rating=<rating>" added.
    """
    rows = []
    for index, (label, c) in enumerate(zip(categories, counts, strict=True)):
        row = {"label": label, "values": [count for _, count in c.by_rating()]}
        if urls is not None:
            url = urls[index]
            row["url"] = url
            row["cells"] = [
                {"value": count, "url": f"{url}&rating={rating}" if url else None}
                for rating, count in c.by_rating()
            ]
        rows.append(row)
    return {
        **about,
        "columns": [{"name": name, "rating": rating} for rating, name in ratings],
        "rows": rows,
        # No row, or every count 0: components/chart.html says so instead of drawing empty axes.
        "has_counts": any(any(row["values"]) for row in rows),
        "stacked": True,
        "horizontal": horizontal,
        "value_label": "Actions",
    }


def rag_chart(
    rows: list[RagRow],
    *,
    labels: list[tuple[str, str]],
    id: str,
    caption: str,
    heading: str,
    drill: Callable[[RagRow], str | None] | None = None,
) -> dict:
    """A count table as components/chart.html draws it: a horizontal bar per row."""
    return _chart(
        [row.label for row in rows],
        [row.counts for row in rows],
        ratings=labels,
        horizontal=True,
        urls=[drill(row) for row in rows] if drill else None,
        id=id,
        caption=caption,
        label_heading=heading,
    )


def trend_chart(trend: RagTrend, *, labels: list[tuple[str, str]], id: str, caption: str) -> dict:
    """The trend as components/chart.html draws it: a bar per reporting date, oldest first."""
    return _chart(
        [f"{p.reported_on.day} {p.reported_on:%b %Y}" for p in trend.points],
        [point.counts for point in trend.points],
        ratings=labels,
        horizontal=False,
        id=id,
        caption=caption,
        label_heading="Reporting date",
    )
