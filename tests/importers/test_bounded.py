"""Reading runs in a child process with a CPU-time and a memory limit (importers.reading.bounded)."""

import pytest

from importers.reading import bounded
from importers.reading.document import UnreadableDocument
from importers.reading.safety import Limits

SEED = "fixtures/seeds/003_1cff262c2fde3562.txt"


def _spin_forever():
    while True:
        pass


def _allocate_without_end():
    hoard = []
    while True:
        hoard.append(bytearray(50 * 1024 * 1024))


def test_a_file_is_read_and_laid_out_in_the_child():
    with open(SEED, "rb") as handle:
        reading = bounded.read_bounded(handle.read(), "bexley.txt")
    assert len(reading.plan["actions"]) == 30
    assert reading.plan["source"] == "bexley.txt"
    assert reading.document["blocks"], "the document read is returned for storing"


def test_a_stored_document_is_laid_out_again_without_the_file():
    with open(SEED, "rb") as handle:
        first = bounded.read_bounded(handle.read(), "bexley.txt")
    again = bounded.lay_out_bounded(first.document)
    assert again.plan["actions"] == first.plan["actions"]


def test_a_reading_over_its_cpu_time_is_stopped_with_a_clear_message():
    with pytest.raises(UnreadableDocument, match="took too long to read"):
        bounded._run(Limits(cpu_seconds=1), _spin_forever, ())


def test_a_reading_over_its_memory_is_stopped_with_a_clear_message():
    limits = Limits(memory_bytes=400 * 1024 * 1024)
    with pytest.raises(UnreadableDocument, match="needs more memory to read than allowed"):
        bounded._run(limits, _allocate_without_end, ())


def test_an_unreadable_file_gives_the_readers_own_message():
    with pytest.raises(UnreadableDocument, match="not a Word document"):
        bounded.read_bounded(b"not a zip", "plan.docx")
