#!/usr/bin/env python
"""How long reading a plan takes, and its peak memory: each seed, its Word/Excel versions,
a synthetic text plan near the 5 MB limit, and the small hostile files of issue 9
(tests/importers/hostile.py). Prints numbers; never fails on time.

Each hostile file is read (reader and lead directory, no layout) in a child process under the worker's
limits (`Limits.cpu_seconds`, `Limits.memory_bytes` of address space), so a regression shows
as a killed child rather than a machine out of memory. Peak memory is given twice: Python's
own allocations (tracemalloc) and the child's peak resident size, which includes lxml's.

The last table reads each file as an upload is read: through the worker's bounded child
(`importers.reading.bounded.read_bounded`: fork, read, lay out, send the reading back), with the
child's own CPU time and peak resident memory.

usage: python bench/import_speed.py [--hostile-only]
"""

import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from importers.reading.bounded import read_bounded  # noqa: E402
from importers.reading.directory import read_lead_directory  # noqa: E402
from importers.reading.document import UnreadableDocument  # noqa: E402
from importers.reading.parse import read_document, read_plan  # noqa: E402
from importers.reading.safety import Limits  # noqa: E402

SEEDS = ROOT / "fixtures" / "seeds"
DOCUMENTS = ROOT / "fixtures" / "documents"
CORPUS = ROOT / "fixtures" / "corpus"


def fixtures() -> list[tuple[str, bytes]]:
    paths = sorted(SEEDS.glob("*.txt")) + sorted(DOCUMENTS.glob("*.*"))
    paths += sorted(p for p in CORPUS.glob("*.*") if p.name != "README.md")
    files = [(path.name, path.read_bytes()) for path in paths]
    files.append(("synthetic-1MB.txt", synthetic_text_plan(1024 * 1024)))
    files.append(("synthetic-4.9MB.txt", synthetic_text_plan(int(4.9 * 1024 * 1024))))
    return files


def measure_worker(name: str, data: bytes) -> None:
    started = time.perf_counter()
    try:
        reading = read_bounded(data, name, limits=Limits())
    except UnreadableDocument as exc:
        print(f"{name:<34} refused: {exc}")
        return
    elapsed = time.perf_counter() - started
    print(
        f"{name:<34} {len(data) / 1024:>8.0f} KB {len(reading.plan['actions']):>6} actions "
        f"{elapsed * 1000:>9.0f} ms {reading.cpu_seconds * 1000:>9.0f} ms "
        f"{reading.peak_memory_bytes / 1024 / 1024:>9.0f} MB"
    )


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


def read_hostile(name: str) -> None:
    """In the child: build one hostile file, read it twice (timed, then traced), print a line."""
    from tests.importers.hostile import HOSTILE

    data = HOSTILE[name]()
    started = time.perf_counter()
    outcome = _read_outcome(data)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    _read_outcome(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(
        f"{name:<34} {len(data) / 1024:>8.1f} KB {elapsed * 1000:>8.0f} ms "
        f"{peak / 1024 / 1024:>7.1f} MB {rss:>7.0f} MB  {outcome}"
    )


def _read_outcome(data: bytes) -> str:
    try:
        document = read_document(data, "hostile")
    except UnreadableDocument as exc:
        return f"refused: {str(exc)[:70]}"
    read_lead_directory(document)  # scans every text with regexes (a long word was quadratic)
    cells = sum(len(row.cells) for table in document.tables for row in table.rows)
    longest = max((len(b.text) for b in document.blocks if not hasattr(b, "rows")), default=0)
    return f"read: {cells} cells, longest paragraph {longest:,} chars"


def _worker_limits() -> None:
    limits = Limits()
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))


def measure_hostile() -> None:
    from tests.importers.hostile import HOSTILE

    print(f"\n{'hostile file':<34} {'size':>11} {'time':>11} {'py peak':>10} {'rss':>10}  outcome")
    for name in HOSTILE:
        try:
            child = subprocess.run(
                [sys.executable, __file__, "--hostile", name],
                capture_output=True,
                text=True,
                timeout=Limits().cpu_seconds * 2,
                preexec_fn=_worker_limits,
            )
        except subprocess.TimeoutExpired:
            print(f"{name:<34} timed out after {Limits().cpu_seconds * 2} s")
            continue
        line = child.stdout.strip().splitlines()[-1:] or [""]
        if child.returncode:
            error = (child.stderr.strip().splitlines() or ["?"])[-1]
            print(f"{name:<34} child failed ({child.returncode}): {error[:90]}")
        else:
            print(line[0])


def main() -> None:
    if sys.argv[1:2] == ["--hostile"]:
        read_hostile(sys.argv[2])
        return
    if sys.argv[1:2] != ["--hostile-only"]:
        files = fixtures()
        print(f"{'file':<34} {'size':>11} {'actions':>13} {'time':>12}  {'memory':>12}")
        for name, data in files:
            measure(name, data)
    measure_hostile()
    if sys.argv[1:2] != ["--hostile-only"]:
        print(f"\n{'through the worker':<34} {'size':>11} {'actions':>13} {'wall':>12} "
              f"{'child cpu':>12} {'child rss':>12}")  # fmt: skip
        for name, data in files:
            measure_worker(name, data)


if __name__ == "__main__":
    main()
