"""Lead cells split into leads as a human would, and the identity that merges them.

The seed tables pair Lead cells as printed in fixtures/seeds/*.txt with the leads of the same
action in fixtures/seeds/expected/*.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importers.reading.leads import lead_key, split_leads

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"


def expected_actions(seed: str) -> list[dict]:
    return json.loads((SEEDS / "expected" / f"{seed}.json").read_text(encoding="utf-8"))["actions"]


# --- separators -------------------------------------------------------------------------------


def test_an_empty_cell_has_no_leads() -> None:
    assert split_leads("") == []
    assert split_leads([]) == []


def test_a_cell_holding_only_a_non_breaking_space_has_no_leads() -> None:
    assert split_leads("\u00a0") == []
    assert split_leads(["\u00a0", ""]) == []


def test_commas_and_ampersands_separate_organisations() -> None:
    assert split_leads("JCT, SSSFT & Public Health") == ["JCT", "SSSFT", "Public Health"]


def test_a_slash_separates_leads_with_or_without_spaces() -> None:
    assert split_leads("CCG / LBB") == ["CCG", "LBB"]
    assert split_leads("L Williams/ A Hamilton") == ["L Williams", "A Hamilton"]


def test_and_after_a_bare_acronym_separates_leads() -> None:
    assert split_leads("JCT and Service Managers") == ["JCT", "Service Managers"]
    assert split_leads("JCT & appropriate local authority teams") == [
        "JCT",
        "appropriate local authority teams",
    ]


def test_and_before_a_bare_acronym_separates_leads() -> None:
    assert split_leads("JCT, Service Manager LA & SSSFT") == ["JCT", "Service Manager LA", "SSSFT"]
    assert split_leads("JCT, LA and SSSFT") == ["JCT", "LA", "SSSFT"]


def test_and_inside_a_team_name_does_not_separate() -> None:
    assert split_leads("JCT Mental Health and Physical Disabilities") == [
        "JCT Mental Health and Physical Disabilities"
    ]
    assert split_leads("Kent and Medway SCT") == ["Kent and Medway SCT"]
    assert split_leads("South London and Maudsley NHS FT") == ["South London and Maudsley NHS FT"]


def test_a_team_qualified_after_a_dash_stays_one_lead() -> None:
    assert split_leads("JCT - Older Adults") == ["JCT - Older Adults"]
    assert split_leads("JCT - Carers & Mental Health") == ["JCT - Carers & Mental Health"]
    assert split_leads("LBB- Community Safety Group") == ["LBB- Community Safety Group"]


def test_a_stray_comma_after_and_is_kept_inside_the_lead() -> None:
    assert split_leads("JCT, SSSFT, voluntary and, independent sector providers") == [
        "JCT",
        "SSSFT",
        "voluntary and, independent sector providers",
    ]


def test_a_single_team_name_with_an_acronym_stays_one_lead() -> None:
    assert split_leads("MH Commissioning CCG") == ["MH Commissioning CCG"]
    assert split_leads("Service Manager SSSFT") == ["Service Manager SSSFT"]
    assert split_leads("CCG - Senior Programme Lead PHB") == ["CCG - Senior Programme Lead PHB"]


def test_all_providers_followed_by_an_acronym_is_two_leads() -> None:
    assert split_leads("All providers JCT") == ["All providers", "JCT"]


def test_an_all_group_not_ending_in_an_acronym_stays_whole() -> None:
    assert split_leads("ALL MH Service Providers ") == ["ALL MH Service Providers"]
    assert split_leads("All") == ["All"]


# --- people -----------------------------------------------------------------------------------


def test_initial_and_surname_sequences_are_separate_people() -> None:
    assert split_leads("D Johnson A Williamson R Vickers") == [
        "D Johnson",
        "A Williamson",
        "R Vickers",
    ]


def test_initials_with_full_stops_are_kept_as_printed() -> None:
    assert split_leads("R. Vickers L. Marsden E Crisp") == ["R. Vickers", "L. Marsden", "E Crisp"]


def test_a_trailing_full_stop_is_dropped() -> None:
    assert split_leads("R Walker.") == ["R Walker"]
    assert split_leads("JCT & appropriate local authority teams.") == [
        "JCT",
        "appropriate local authority teams",
    ]


def test_words_after_people_form_one_lead() -> None:
    assert split_leads("M Kenny L Smith Team managers") == ["M Kenny", "L Smith", "Team managers"]


def test_a_lone_role_is_one_lead() -> None:
    assert split_leads("Team managers") == ["Team managers"]


def test_one_person_followed_by_other_words_stays_whole() -> None:
    # More likely a team than a person plus a remainder.
    assert split_leads("A Mental Health Team") == ["A Mental Health Team"]


def test_several_initials_and_titles_belong_to_one_person() -> None:
    assert split_leads("Dr J R Smith Mrs K.L. Jones") == ["Dr J R Smith", "Mrs K.L. Jones"]


def test_people_on_both_sides_of_a_slash_are_split() -> None:
    assert split_leads("J Cullen A Hughes L Williams/ A Hamilton") == [
        "J Cullen",
        "A Hughes",
        "L Williams",
        "A Hamilton",
    ]


def test_repeated_names_are_kept_for_the_caller_to_divide() -> None:
    assert split_leads("L Smith L Smith D Bertenshaw") == ["L Smith", "L Smith", "D Bertenshaw"]


# --- lines and paragraphs ---------------------------------------------------------------------


def test_each_line_names_its_own_lead() -> None:
    assert split_leads("Oxleas NHS FT\n\nKent and Medway SCT") == [
        "Oxleas NHS FT",
        "Kent and Medway SCT",
    ]


def test_a_list_of_paragraphs_reads_like_the_lines_of_a_cell() -> None:
    assert split_leads(["JCT, ", "", "Providers", "", "Public Health"]) == [
        "JCT",
        "Providers",
        "Public Health",
    ]
    assert split_leads(["CCG", "LBB", "All MH Providers"]) == ["CCG", "LBB", "All MH Providers"]


def test_a_line_ending_in_a_conjunction_carries_on_in_the_next() -> None:
    assert split_leads("JCT Mental Health and\nPhysical Disabilities") == [
        "JCT Mental Health and Physical Disabilities"
    ]
    assert split_leads(["JCT -", "Older Adults"]) == ["JCT - Older Adults"]


def test_non_breaking_spaces_are_whitespace() -> None:
    assert split_leads("\u00a0JCT, SSSFT") == ["JCT", "SSSFT"]
    assert split_leads("R\u00a0Vickers\u00a0A Williamson") == ["R Vickers", "A Williamson"]


# --- lead_key ---------------------------------------------------------------------------------


def test_names_differing_only_in_punctuation_spacing_or_case_share_a_key() -> None:
    assert lead_key("R. Vickers") == lead_key("R Vickers") == lead_key("r  vickers")
    assert lead_key("LBB- Community Safety Group") == lead_key("LBB - community safety group")
    assert lead_key("Team managers") == lead_key("Team Managers")
    assert lead_key("GP\u2019s") == lead_key("GPs")


def test_different_names_have_different_keys() -> None:
    assert lead_key("R Vickers") != lead_key("R Walker")
    assert lead_key("JCT - Older Adults") != lead_key("JCT")


def test_a_key_is_lower_case_words_separated_by_single_spaces() -> None:
    assert lead_key("  JCT -\u00a0Carers & Mental Health. ") == "jct carers mental health"


# --- the seeds --------------------------------------------------------------------------------

# (index of the action in expected/<seed>.json, line in the seed file, Lead cell as printed: a
# string, or a list of the cell's lines where the seed prints it over several lines)
SEED_LEAD_CELLS: dict[str, list[tuple[int, int, str | list[str]]]] = {
    "000_2c7d5c915c81b674": [
        (0, 19, "Public Health"),
        (1, 35, "Information Task Group"),
        (2, 47, "JCT, Providers"),
        (3, 59, "All"),
        (4, 69, ["JCT, ", "", "Providers", "", "Public Health"]),
        (5, 83, "JCT, Providers"),
        (6, 95, "Public Health"),
        (7, 107, "JCT, SSSFT & Public Health"),
        (8, 115, "All providers JCT"),
        (9, 123, "JCT and Service Managers"),
        (10, 141, ""),
        (11, 151, ""),
        (12, 163, "JCT & appropriate local authority teams."),
        (13, 177, ""),
        (14, 187, ""),
        (15, 195, "JCT, Service Manager LA & SSSFT"),
        (16, 205, "JCT Mental Health and Physical Disabilities"),
        (17, 213, "JCT, Providers"),
        (18, 221, "JCT & Assistive Technology Lead"),
        (19, 233, "JCT, Service Manager"),
        (20, 257, "JCT & Task Group"),
        (21, 273, "JCT, SSSFT, voluntary and, independent sector providers"),
        (22, 289, "JCT "),
        (23, 301, "JCT"),
        (24, 318, "\xa0JCT"),
        (25, 332, "\xa0"),
        (26, 350, "JCT "),
        (27, 368, "JCT, SSSFT & LA"),
        (28, 384, "JCT, SSSFT & LA"),
        (29, 394, "JCT, SSSFT and LA "),
        (30, 416, "JCT, Service Manager SSSFT"),
        (31, 426, "Service Manager SSSFT"),
        (32, 438, "JCT, SSSFT"),
        (33, 458, "JCT - Older Adults"),
        (34, 470, "JCT - Carers & Mental Health "),
        (35, 482, "\xa0"),
        (36, 502, "JCT, LA"),
        (37, 521, "JCT"),
        (38, 529, "JCT "),
        (39, 539, "JCT, Providers"),
        (40, 549, "JCT, Providers"),
        (41, 561, "JCT, LA and SSSFT"),
        (42, 573, "\xa0JCT, SSSFT"),
        (43, 583, "\xa0JCT, LA"),
    ],
    # Halton's split rows (1.5, 2.4, 6.2, 6.3) are in HALTON_RUN_TOGETHER below.
    "001_820319acd0f582be": [
        (0, 36, "D Johnson A Williamson R Vickers"),
        (1, 37, "A Williamson"),
        (2, 38, "R Vickers I Fairbrother J Cullen S Harris"),
        (3, 40, "E Crisp R Vickers A Williamson L Smith"),
        (4, 41, "J Cullen"),
        (5, 42, "R Vickers J Kelly"),
        (6, 43, "L Marsden"),
        (7, 44, "M Kenny"),
        (10, 47, "A Travis T Frith"),
        (11, 48, "M Kenny L Smith E Crisp"),
        (12, 49, "M Austin S Rothwell J Gibbon"),
        (13, 50, "M Kenny"),
        (14, 51, "E Crisp R Vickers J Kelly A Williamson"),
        (15, 53, "A Williamson R Vickers J. Kelly"),
        (16, 54, "A Williamson"),
        (17, 55, "E Crisp"),
        (18, 56, "E Crisp L Smith R Vickers"),
        (19, 57, "E Crisp R Vickers"),
        (20, 58, "E Crisp R Vickers L Smith"),
        (21, 59, "E Crisp"),
        (22, 62, "L Smith"),
        (23, 63, "R. Vickers L. Marsden E Crisp"),
        (24, 64, "R. Vickers L. Marsden E Crisp"),
        (25, 65, "E Crisp R Vickers"),
        (26, 70, "A Williamson R Vickers J Kelly J Cullen"),
        (27, 71, "A Williamson L Smith J Kelly"),
        (28, 72, "A Williamson"),
        (29, 74, "A Williamson"),
        (30, 75, "A. Williamson R. Vickers"),
        (33, 77, "R. Vickers A Williamson J. Kelly R Walker."),
        (34, 79, "E. Crisp L. Smith J. Kelly T. Frith"),
        (35, 80, "C Ashton J Cullen A Hughes T Frith"),
        (36, 81, "T Frith"),
        (37, 82, "J Gibbon"),
        (38, 83, "R Vickers I Fairbrother S Harris"),
        (39, 86, "L. Smith D Thompson A Hughes"),
        (40, 87, "L Smith S Rothwell"),
        (41, 88, "D Johnson"),
        (42, 89, "M Henderson D Dewar"),
        (43, 90, "M Henderson D Dewar J Gibbon"),
        (44, 93, "S Rothwell L Williams E Crisp"),
        (45, 94, "S Rothwell E Crisp"),
        (46, 95, "L Smith M Kenny"),
        (47, 96, "P Sturgeon B Hilton L Wormleighton"),
        (48, 97, "L Smith"),
        (49, 98, "N Lunt"),
        (50, 100, "J Cullen A Hughes E Crisp"),
        (51, 101, "J Gibbon"),
        (52, 102, "L Smith D Thompson"),
        (53, 103, "L Smith"),
        (54, 104, "R Vickers E Crisp"),
        (55, 108, "R Vickers I Fairbrother L Smith"),
        (56, 109, "L Smith M Kenny"),
        (57, 110, "M Kenny L Smith Team managers"),
        (58, 111, "M Kenny L Smith Team managers"),
        (59, 113, "L Smith M Kenny"),
        (60, 114, "L Smith M Kenny"),
        (61, 115, "L Smith M Kenny"),
        (62, 116, "L Smith M Kenny"),
        (63, 117, "L Smith M Kenny B Hilton"),
        # the row's continuation line 120 adds "B Hilton" as a second paragraph
        (64, 118, ["L Smith M Kenny P Sturgeon", "B Hilton"]),
        (65, 121, "L Smith M Kenny"),
        (66, 122, "L Smith M Kenny J Kelly"),
        (67, 123, "L Smith M Kenny"),
        (68, 127, "S Oliver R Vickers P Barron"),
        (69, 128, "S Oliver R Vickers P Barron"),
        (70, 129, "S Oliver R Vickers P Barron"),
        (71, 130, "S Oliver R Vickers P Barron"),
        (72, 131, "P Barron J Maguire"),
        (73, 133, "M Kenny L Smith L Marsden"),
        (74, 134, "E Crisp L Smith L Williams"),
        (75, 135, "J Cullen A Hughes L Williams/ A Hamilton"),
        (76, 136, "J Sweeney M Chaplin M Maguire L Smith"),
        (77, 137, "M Kenny J Maguire L Smith"),
        (78, 139, "L Smith"),
        (79, 143, ""),
        (82, 145, "L Smith M Kenny"),
        (85, 147, "Team Managers"),
        (86, 150, "Team managers"),
    ],
    "002_5f0a69547a7ca638": [
        (0, 6, "MH Commissioning CCG"),
        (1, 7, "MH Commissioning CCG"),
        (2, 8, "MH Commissioning CCG"),
        (3, 10, "CCG / Croydon Council"),
        (4, 11, "MH Commissioning CCG"),
        (5, 12, "Croydon Council"),
        (6, 17, "MH Commissioning CCG"),
        (7, 18, "MH Commissioning CCG"),
        (8, 19, "Public Health Croydon Council"),
        (9, 20, "Croydon Council"),
        (10, 22, "MH Commissioning CCG"),
        (11, 23, "MH Commissioning CCG / CCG Pharmacy Leads"),
        (12, 24, "MH Commissioning CCG"),
        (13, 29, "MH Commissioning CCG"),
        (14, 30, "MH Commissioning CCG"),
        (15, 35, "MH Commissioning CCG"),
        (16, 36, "MH Commissioning CCG"),
        (17, 37, "MH Commissioning CCG"),
        (18, 38, "MH Commissioning CCG"),
        (19, 39, "MH Commissioning CCG / Voluntary Sector"),
        (20, 41, "MH Commissioning CCG / Croydon Council"),
        (21, 47, "Croydon Council"),
        (22, 48, "MH Commissioning CCG"),
        (23, 49, "MH Commissioning CCG"),
        (24, 51, "Croydon Council"),
        (25, 52, "Croydon Council / London MET Police"),
        (26, 53, "MH Commissioning CCG / SLaM"),
        (27, 54, "CAMHS Commissioners"),
        (28, 59, "CCG - Senior Programme Lead PHB"),
        (29, 60, "MH Commissioning CCG"),
        (30, 61, "Croydon Council"),
        (31, 62, "MH Commissioning CCG"),
        (32, 63, "MH Commissioning CCG"),
    ],
    "003_1cff262c2fde3562": [
        (0, 22, "CCG"),
        (1, 41, "MHSPG"),
        (2, 57, "CCG"),
        (3, 73, "CCG / LBB"),
        (4, 100, "CCG"),
        (5, 115, "CCG / LBB"),
        (6, 128, "CCG / LBB"),
        (7, 145, "CCG"),
        (8, 155, "Oxleas NHS FT"),
        (9, 182, ["Oxleas NHS FT", "", "Kent and Medway SCT"]),
        (10, 194, "ALL MH Service Providers "),
        (11, 206, "Oxleas NHS FT"),
        (12, 224, ["LBB", "", "MCCH"]),
        (13, 250, "Oxleas NHS FT"),
        (14, 263, ["Oxleas NHS FT", "", "LBB"]),
        (15, 281, ["LBB", "", "Oxleas NHS FT", "", "MIND in Bexley"]),
        (16, 295, ["NHS England", "", "", "CCG"]),
        (17, 318, ["Oxleas NHS FT", "", "LBB- Community Safety Group"]),
        (18, 351, ["CCG", "LBB", "All MH Providers"]),
        (19, 366, ["Oxleas NHS FT", "LBB"]),
        (20, 396, "Oxleas NHS FT"),
        (21, 409, ["CCG", "Oxleas NHS FT", "All Providers"]),
        (22, 427, ["CCG", "Oxleas NHS FT", "All Providers"]),
        (23, 444, ["NHSE", "CCG", "MIND in Bexley"]),
        (24, 456, "CCG"),
        (25, 482, ["CCG", "LBB", "Oxleas NHS FT"]),
        (26, 495, ["CCG", "MCCH"]),
        (27, 508, ["CCG", "LBB", "All Providers"]),
        (28, 539, ["CCG", "MIND in Bexley"]),
        (29, 555, ["CCG", "Oxleas NHS FT", "", "All Providers"]),
    ],
}

SEED_CASES = [
    pytest.param(seed, index, line, cell, id=f"{seed[:3]}-line{line}")
    for seed, rows in SEED_LEAD_CELLS.items()
    for index, line, cell in rows
]


def test_the_seed_table_covers_at_least_forty_real_cells() -> None:
    assert len(SEED_CASES) >= 40


@pytest.mark.parametrize(("seed", "index", "line", "cell"), SEED_CASES)
def test_a_seed_lead_cell_splits_into_the_expected_leads(
    seed: str, index: int, line: int, cell: str | list[str]
) -> None:
    assert split_leads(cell) == expected_actions(seed)[index]["leads"]


@pytest.mark.parametrize(("seed", "index", "line", "cell"), SEED_CASES)
def test_a_seed_lead_cell_is_printed_on_its_line(
    seed: str, index: int, line: int, cell: str | list[str]
) -> None:
    text = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8").splitlines()[line - 1]
    first_line = cell[0] if isinstance(cell, list) else cell
    assert first_line in text


# Halton rows where two actions were run together in extraction: the Lead cell names both
# actions' leads (seed line, cell, expected index of the first half, of the second half).
HALTON_RUN_TOGETHER = [
    (46, "M Kenny L Smith J Kelly M Kenny", 8, 9),
    (76, "R Vickers A Williamson R Vickers A Williamson", 31, 32),
    (144, "L Smith L Smith D Bertenshaw", 80, 81),
    (146, "L Smith M Kenny L Smith J Cullen A Hughes", 83, 84),
]


@pytest.mark.parametrize(("line", "cell", "first", "second"), HALTON_RUN_TOGETHER)
def test_a_run_together_cell_keeps_every_name_for_the_importer_to_divide(
    line: int, cell: str, first: int, second: int
) -> None:
    actions = expected_actions("001_820319acd0f582be")
    assert split_leads(cell) == actions[first]["leads"] + actions[second]["leads"]


def test_every_halton_action_with_leads_is_covered_by_a_table() -> None:
    covered = {index for index, _, _ in SEED_LEAD_CELLS["001_820319acd0f582be"]}
    covered |= {i for _, _, first, second in HALTON_RUN_TOGETHER for i in (first, second)}
    assert covered == set(range(len(expected_actions("001_820319acd0f582be"))))


@pytest.mark.parametrize(
    "seed", ["000_2c7d5c915c81b674", "002_5f0a69547a7ca638", "003_1cff262c2fde3562"]
)
def test_every_action_of_a_seed_is_in_the_table(seed: str) -> None:
    covered = [index for index, _, _ in SEED_LEAD_CELLS[seed]]
    assert covered == list(range(len(expected_actions(seed))))
