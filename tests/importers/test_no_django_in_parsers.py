"""The parsers are plain Python: importing them must not need Django."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARSER_MODULES = [
    "importers.reading.document",
    "importers.reading.parsed",
    "importers.reading.dates",
    "importers.reading.leads",
    "importers.reading.objectives",
    "importers.reading.safety",
    "importers.reading.readers.text",
    "importers.reading.readers.docx",
    "importers.reading.readers.xlsx",
    "importers.reading.readers.csv",
    "importers.reading.readers.markdown",
    "importers.reading.mending",
    "importers.reading.directory",
    "importers.reading.narrative",
    "importers.reading.layout",
    "importers.reading.parse",
    "importers.reading.matching",
    "importers.reading.rating_workbook",
]


def test_parsers_import_and_read_a_seed_with_django_unavailable():
    script = (
        "import sys; sys.modules['django'] = None\n"  # any 'import django...' now fails
        + "".join(f"import {name}\n" for name in PARSER_MODULES)
        + "from importers.reading.parse import read_plan\n"
        + "data = open('fixtures/seeds/003_1cff262c2fde3562.txt', 'rb').read()\n"
        + "print(len(read_plan(data, 'bexley.txt').actions))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "30"
