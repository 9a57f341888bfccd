"""Reading a file in a child process with a CPU-time and a memory limit. Plain Python, no Django.

A hostile or merely huge file must never hold a web worker or exhaust the server: the reading
runs in a process of its own whose CPU time (`RLIMIT_CPU`) and address space (`RLIMIT_AS`) are
capped, with a wall-clock deadline on top in case it sleeps or blocks. The child is a fork of
the caller, so it starts in milliseconds with the readers already imported (imported here, so
that no import lock held by another thread at the fork can stall it); it touches nothing of
the caller's (no database) and ends with `os._exit`.

`read_bounded` reads bytes into a `Document` and lays it out; `lay_out_bounded` lays out a stored
`Document` again with an admin's `Mapping`. Both return plain JSON data (`to_dict()` forms).
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
from dataclasses import dataclass

# Everything the child runs, imported before any fork.
import importers.reading.layout  # noqa: E402, F401
import importers.reading.parse  # noqa: E402, F401
import importers.reading.rating_workbook  # noqa: E402, F401
from importers.reading.document import (
    Document,  # noqa: E402
    UnreadableDocument,
)
from importers.reading.mapping import Mapping  # noqa: E402
from importers.reading.safety import Limits, human_size

_context = multiprocessing.get_context("fork")


@dataclass
class BoundedReading:
    """What the child process sends back: the document read and the plan laid out from it."""

    document: dict
    plan: dict
    cpu_seconds: float = 0.0
    """CPU time the child spent (user and system)."""
    peak_memory_bytes: int = 0
    """The child's peak resident memory."""


def too_slow_message(limits: Limits) -> str:
    return (
        f"This file took too long to read (the limit is {limits.cpu_seconds} seconds of "
        "processing); save the plan table alone in a new file, or split it, and upload that."
    )


def too_big_message(limits: Limits) -> str:
    return (
        f"This file needs more memory to read than allowed ({human_size(limits.memory_bytes)}); "
        "save the plan table alone in a new file, or split it, and upload that."
    )


def read_bounded(
    data: bytes,
    filename: str,
    fmt: str | None = None,
    limits: Limits | None = None,
    mapping: dict | None = None,
) -> BoundedReading:
    """Read and lay out `data` in a bounded child; `UnreadableDocument` on any failure."""
    limits = limits or Limits()
    return _run(limits, _read_job, (data, filename, fmt, limits, mapping))


def lay_out_bounded(
    document: dict, mapping: dict | None = None, limits: Limits | None = None
) -> BoundedReading:
    """Lay out a stored document again (with an admin's mapping) in a bounded child."""
    limits = limits or Limits()
    return _run(limits, _layout_job, (document, mapping))


def run_bounded(job, *args, limits: Limits | None = None):
    """Run `job(*args)` in a bounded child and return what it returns (plain, picklable data
    with `cpu_seconds` and `peak_memory_bytes` attributes); `UnreadableDocument` on any
    failure. `job` must be a module-level function imported before the fork (above)."""
    return _run(limits or Limits(), job, args)


# --- inside the child -----------------------------------------------------------------------------


def _read_job(data: bytes, filename: str, fmt, limits: Limits, mapping) -> BoundedReading:
    document = importers.reading.parse.read_document(data, filename, fmt=fmt, limits=limits)
    return _lay_out(document, mapping, filename)


def _layout_job(document: dict, mapping) -> BoundedReading:
    restored = Document.from_dict(document)
    return _lay_out(restored, mapping, restored.source_name)


def _lay_out(document: Document, mapping, filename: str) -> BoundedReading:
    layout_plan = importers.reading.layout.layout_plan
    plan = layout_plan(document, Mapping.from_dict(mapping) if mapping else None)
    plan.source = filename
    return BoundedReading(document=document.to_dict(), plan=plan.to_dict())


def _child(connection, limits: Limits, job, args) -> None:
    cpu = max(1, int(limits.cpu_seconds))
    # The soft limit sends SIGXCPU (the process ends); the hard one a second later is a backstop.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    try:
        reading = job(*args)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        reading.cpu_seconds = usage.ru_utime + usage.ru_stime
        reading.peak_memory_bytes = usage.ru_maxrss * 1024  # kilobytes on Linux
        connection.send(("ok", reading))
    except UnreadableDocument as exc:
        connection.send(("unreadable", str(exc)))
    except MemoryError:
        connection.send(("unreadable", too_big_message(limits)))
    except RecursionError:
        connection.send(("unreadable", "This file is nested too deeply to read."))
    except Exception as exc:  # any other failure inside the libraries: a one-line message
        connection.send(
            ("unreadable", f"This file could not be read ({type(exc).__name__}); save it again.")
        )
    finally:
        connection.close()


# --- in the caller ----------------------------------------------------------------------------


def _run(limits: Limits, job, args) -> BoundedReading:
    receiver, sender = _context.Pipe(duplex=False)
    process = _context.Process(target=_child, args=(sender, limits, job, args), daemon=True)
    process.start()
    sender.close()
    # Wall clock: CPU time plus room for start-up and for waiting on the disk.
    deadline = limits.cpu_seconds * 2 + 10
    try:
        if not receiver.poll(deadline):
            raise UnreadableDocument(too_slow_message(limits))
        try:
            status, payload = receiver.recv()
        except (EOFError, OSError, MemoryError):
            # The child died before answering: over its CPU limit, or killed for memory.
            process.join(5)
            if process.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
                raise UnreadableDocument(too_slow_message(limits)) from None
            raise UnreadableDocument(too_big_message(limits)) from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if status != "ok":
        raise UnreadableDocument(payload)
    return payload
