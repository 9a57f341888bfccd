"""Paths to the seed fixtures (copies kept in the project; nothing here reads /work/shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "seeds"
EXPECTED = SEEDS / "expected"
SEED_NAMES = sorted(path.stem for path in SEEDS.glob("*.txt"))


def seed_path(prefix: str) -> Path:
    """The seed text whose name starts with `prefix` ("000", "003"...)."""
    (path,) = SEEDS.glob(f"{prefix}*.txt")
    return path


def expected_path(prefix: str) -> Path:
    (path,) = EXPECTED.glob(f"{prefix}*.json")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS
