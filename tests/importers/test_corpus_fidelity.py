"""Each corpus plan (real layouts the seeds do not have) read with no hand mapping and scored.

fixtures/corpus/* against fixtures/corpus/expected/*.json, scored by bench/fidelity.py (the
maintainers' score.py). Acceptance: recall and precision >= 0.95, and ref, leads, due and rag
>= 0.9 where the expected file has them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.fidelity import CORPUS, expected_for, parse_seed, score, summary

DOCUMENTS = sorted(p.name for p in CORPUS.glob("*.*") if expected_for(p).exists())
AT_LEAST_95 = ("recall", "precision")
AT_LEAST_90 = ("ref", "leads", "due", "rag")


def test_every_corpus_plan_has_an_expected_reading():
    assert len(DOCUMENTS) == 4


@pytest.mark.parametrize("name", DOCUMENTS)
def test_corpus_fidelity(name):
    path = CORPUS / name
    expected = json.loads(expected_for(path).read_text(encoding="utf-8"))
    parsed = parse_seed(path)
    details: list[str] = []
    result = score(expected, parsed, details)
    shown = json.dumps(summary(result)) + "\n" + "\n".join(details)
    for field in AT_LEAST_95:
        assert result[field] >= 0.95, f"{name} {field}\n{shown}"
    for field in AT_LEAST_90:
        assert result.get(field, 1.0) >= 0.9, f"{name} {field}\n{shown}"


def _plan(name: str) -> dict:
    return parse_seed(Path(CORPUS / name))


def test_dfe_unlabelled_numbers_are_refs_and_terms_get_no_date():
    parsed = _plan("dfe_notre_dame_workload_wellbeing_action_plan.docx")
    refs = [a["ref"] for a in parsed["actions"]]
    assert refs == ["1", "2", "3", "4", "5"]
    first = parsed["actions"][0]
    assert (first["timescale_text"], first["due"]) == ("Summer term", None)
    # "Resources: ..." has no field of its own: kept, and said so once
    assert first["extra"]["Resources: Staffing, Time, Money, CPD"].startswith("1. Time made")
    kept = [w for w in parsed["warnings"] if "kept as an extra field" in w]
    assert len(kept) == 1


def test_fac_labelled_values_are_lifted_out_of_the_action_text():
    parsed = _plan("fac_cap_county_2021_134732.xlsx")
    action = parsed["actions"][0]
    assert action["ref"] == "2021-002"
    assert action["text"].startswith("CFS staff are all trained")
    assert "Tiffany Sewell" not in action["text"]
    assert (action["leads"], action["due"]) == (["Tiffany Sewell"], "2022-12")
    assert action["context"].startswith("We recommend that the County document")
    assert action["extra"]["Did Text Contain a Chart or Table?"] == "N"


def test_federal_plan_reads_one_action_per_heading_with_dated_milestones():
    parsed = _plan("us_federal_data_strategy_2020_action_plan.md")
    second = parsed["actions"][1]
    assert (second["ref"], second["text"]) == ("2", "Constitute a Diverse Data Governance Body")
    assert second["section"] == "Agency Actions"
    # the revised date (struck-through one dropped by the reader) is the latest target
    assert second["due"] == "2020-10"
    assert ("Document how the DGB receives its authority", "2020-09") in [
        (m["title"], m["due"]) for m in second["milestones"]
    ]
    sixth = parsed["actions"][5]
    assert sixth["due"] is None  # only "every 3 months" and "90 days after ..." are left
