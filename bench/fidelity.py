#!/usr/bin/env python3
"""Score a parsed plan against a human reading of the same document (the gold schema).

usage:
  python bench/fidelity.py EXPECTED.json PARSED.json [--verbose]
  python bench/fidelity.py --all [--verbose]     # every seed and corpus plan, one line each

The scoring is the maintainers' seeds/score.py, kept identical so that the figures agree:
actions are matched one to one by their text (or, for a row whose action cell is empty, by its
other cells), then each field is compared over the matched actions. Importable:
`score(expected, parsed) -> dict` and `parse_seed(path) -> dict` (a reading in the gold shape).
"""

from __future__ import annotations

import json
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "fixtures" / "seeds"
CORPUS = ROOT / "fixtures" / "corpus"
FIELDS = ("ref", "section", "leads", "start", "due", "rag", "objectives", "progress")


def norm(s):
    s = (s or "").lower()
    s = re.sub(r"[\u2018\u2019\u201c\u201d'\"`]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(s.split())


def sim(a, b):
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    # prefix containment helps where one side is truncated
    short, long_ = sorted((a, b), key=len)
    if len(short) > 30 and long_.startswith(short[:60]):
        return 0.95
    return SequenceMatcher(None, a[:400], b[:400], autojunk=False).ratio()


def leads_set(xs):
    return sorted(norm(x) for x in (xs or []) if norm(x))


def key(a):
    """What identifies an action: its text, or (for a row whose action cell is empty) its other cells."""
    if norm(a.get("text")):
        return a.get("text")
    return " ".join(
        [a.get("section") or ""] + list(a.get("outcomes") or []) + list(a.get("leads") or [])
    )


def match(gold, parsed, threshold=0.6):
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(parsed):
            s = sim(key(g), key(p))
            if s >= threshold:
                pairs.append((s, i, j))
    pairs.sort(reverse=True)
    used_g, used_p, out = set(), set(), []
    for s, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((i, j, s))
    return out


def section_ok(g, p):
    if not norm(g.get("section")) and not norm(p.get("section")):
        return True
    return sim(g.get("section"), p.get("section")) >= 0.8


_CHECKS = {
    "ref": lambda g, p: norm(str(g.get("ref") or "")) == norm(str(p.get("ref") or "")),
    "section": section_ok,
    "leads": lambda g, p: leads_set(g.get("leads")) == leads_set(p.get("leads")),
    "start": lambda g, p: (g.get("start") or None) == (p.get("start") or None),
    "due": lambda g, p: (g.get("due") or None) == (p.get("due") or None),
    "rag": lambda g, p: (g.get("rag") or None) == (p.get("rag") or None),
    "objectives": lambda g, p: (
        sorted(map(str, g.get("objectives") or [])) == sorted(map(str, p.get("objectives") or []))
    ),
    "progress": lambda g, p: (
        (not g.get("progress") and not p.get("progress"))
        or sim(g.get("progress"), p.get("progress")) >= 0.8
    ),
}


def score(expected: dict, parsed: dict, details: list[str] | None = None) -> dict:
    """score.py's summary line as a dict: counts, recall, precision and per-field accuracy.

    details, if given, collects score.py's --verbose lines (differences, misses, extras), and
    the result also lists `pairs` (gold index, parsed index), `missed` and `extra` indexes.
    """
    ga, pa = expected.get("actions", []), parsed.get("actions", [])
    m = match(ga, pa)
    n = len(m)
    recall = n / len(ga) if ga else 1.0
    precision = n / len(pa) if pa else (1.0 if not ga else 0.0)
    acc = {}
    for name, check in _CHECKS.items():
        ok = scored = 0
        for i, j, _ in m:
            if name not in ga[i]:  # a gold reading that leaves a field out does not score it
                continue
            scored += 1
            if check(ga[i], pa[j]):
                ok += 1
            elif details is not None:
                details.append(
                    f"  {name} differs for gold #{i} ({ga[i].get('ref')}): "
                    f"gold={ga[i].get(name)!r} parsed={pa[j].get(name)!r}"
                )
        if scored:
            acc[name] = ok / scored
    gi = {i for i, _, _ in m}
    pj = {j for _, j, _ in m}
    missed = [i for i in range(len(ga)) if i not in gi]
    extra = [j for j in range(len(pa)) if j not in pj]
    if details is not None:
        for i in missed:
            details.append(
                f"  MISSED gold #{i} ref={ga[i].get('ref')}: {ga[i].get('text', '')[:90]!r}"
            )
        for j in extra:
            details.append(
                f"  EXTRA parsed #{j} ref={pa[j].get('ref')}: {pa[j].get('text', '')[:90]!r}"
            )
    result = {
        "gold": len(ga),
        "parsed": len(pa),
        "matched": n,
        "recall": round(recall, 3),
        "precision": round(precision, 3),
        **{k: round(v, 3) for k, v in acc.items()},
    }
    result["pairs"] = sorted((i, j) for i, j, _ in m)
    result["missed"] = missed
    result["extra"] = extra
    return result


def summary(result: dict) -> dict:
    """The result without the index lists: score.py's JSON line."""
    return {k: v for k, v in result.items() if k not in ("pairs", "missed", "extra")}


def parse_seed(path: Path | str) -> dict:
    """Read a seed file the way the importer does and return the reading in the gold shape."""
    path = Path(path)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    try:
        from importers.reading.parse import read_plan
    except ImportError:  # pragma: no cover - before the top-level entry point exists
        read_plan = None
    data = path.read_bytes()
    if read_plan is not None:
        plan = read_plan(data, path.name)
    else:  # pragma: no cover
        from importers.reading.layout import layout_plan
        from importers.reading.readers.text import read_text

        plan = layout_plan(read_text(data, path.name))
        plan.source = path.name
    return plan.as_schema()


def expected_for(seed: Path) -> Path:
    """A seed's expected file drops its extension; a corpus file's keeps it."""
    if seed.parent == CORPUS:
        return seed.parent / "expected" / (seed.name + ".json")
    return seed.parent / "expected" / (seed.stem + ".json")


def documents() -> list[Path]:
    """The seeds, then the corpus plans (every file with an expected reading)."""
    corpus = [p for p in sorted(CORPUS.glob("*.*")) if expected_for(p).exists()]
    return sorted(SEEDS.glob("*.txt")) + corpus


def run_all(verbose: bool = False) -> int:
    rows = []
    for seed in documents():
        expected = json.loads(expected_for(seed).read_text(encoding="utf-8"))
        try:
            parsed = parse_seed(seed)
        except Exception as exc:  # report and carry on with the other seeds
            print(f"{seed.stem}: {type(exc).__name__}: {exc}")
            continue
        details: list[str] | None = [] if verbose else None
        result = score(expected, parsed, details)
        name = seed.stem[:3] if seed.parent == SEEDS else "_".join(seed.stem.split("_")[:3])
        rows.append((name, summary(result), len(parsed.get("warnings", []))))
        if verbose:
            print(f"== {seed.name}")
            print("\n".join(details or []))
    columns = ["gold", "parsed", "recall", "precision", *FIELDS]
    print(f"{'plan':<16} " + " ".join(f"{c[:9]:>9}" for c in columns) + "  warnings")
    for name, result, warnings in rows:
        cells = []
        for c in columns:
            value = result.get(c)
            cells.append(f"{'-' if value is None else value:>9}")
        print(f"{name:<16} " + " ".join(cells) + f"  {warnings:>8}")
    return 0


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    args = [a for a in argv if not a.startswith("--")]
    if "--all" in argv:
        return run_all(verbose)
    if len(args) != 2:
        print(__doc__)
        return 2
    expected = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    parsed = json.loads(Path(args[1]).read_text(encoding="utf-8"))
    details: list[str] | None = [] if verbose else None
    result = score(expected, parsed, details)
    if details:
        print("\n".join(details))
    print(json.dumps(summary(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
