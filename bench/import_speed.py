#!/usr/bin/env python
"""How long reading a plan takes, and its peak memory: each seed, its Word/Excel versions,
and a synthetic text plan near the 5 MB limit. Prints numbers; never fails on time.

usage: python bench/import_speed.py
"""

import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from importers.reading.parse import read_plan  # noqa: E402

SEEDS = ROOT / "fixtures" / "seeds"
DOCUMENTS = ROOT / "fixtures" / "documents"


def synthetic_text_plan(target_bytes: int) -> bytes:
    """Halton-style TAB rows repeated under numbered priorities until near the target size."""
    header = "Priorities for service improvement\tCommentary\tAction required\tTimescale\tLead\tOutcome\n"
    lines = ["SYNTHETIC ACTION PLAN", "", header]
    size, priority = 0, 0
    while size < target_bytes:
        priority += 1
        for row in range(5):
            first = (
                f"{priority // 10 + 1}.{priority % 10 + 1} Priority {priority}" if row == 0 else ""
            )
            line = (
                f"{first}\tCommentary about the service {priority}/{row} "
                + "and its context " * 6
                + f"\tReview and improve service element {priority}-{row} with partners"
                + "\tSept 2007\tR Vickers A Williamson\tBetter outcomes for service users\n"
            )
            lines.append(line)
            size += len(line)
    return "\n".join(lines).encode()


def measure(name: str, data: bytes) -> None:
    # Timed and measured in separate runs: tracemalloc slows Python code two- to threefold.
    started = time.perf_counter()
    parsed = read_plan(data, name)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    read_plan(data, name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{name:<34} {len(data) / 1024:>8.0f} KB {len(parsed.actions):>6} actions "
        f"{elapsed * 1000:>9.0f} ms  peak {peak / 1024 / 1024:>7.1f} MB"
    )


def main() -> None:
    print(f"{'file':<34} {'size':>11} {'actions':>13} {'time':>12}  {'memory':>12}")
    for path in sorted(SEEDS.glob("*.txt")) + sorted(DOCUMENTS.glob("*.*")):
        measure(path.name, path.read_bytes())
    measure("synthetic-1MB.txt", synthetic_text_plan(1024 * 1024))
    measure("synthetic-4.9MB.txt", synthetic_text_plan(int(4.9 * 1024 * 1024)))


if __name__ == "__main__":
    main()
