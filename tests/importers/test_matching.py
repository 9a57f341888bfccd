"""Pairing a revised file's actions with a plan's, and finding the plan: plain Python."""

from importers.reading.matching import (
    Candidate,
    PlanCandidate,
    likely_plans,
    match_actions,
    plan_key,
    similarity,
)


def old(key, text, ref=None):
    return Candidate(key, ref, text)


def test_actions_pair_by_ref_first_even_when_reworded():
    matching = match_actions(
        [old(10, "Write the carers strategy", "1"), old(11, "Review crisis pathway", "2")],
        [old(0, "Review the crisis pathway with SSSFT", "2."), old(1, "Publish it", "1")],
    )
    assert [(m.incoming, m.existing, m.how) for m in matching.matches] == [
        (0, 11, "ref"),
        (1, 10, "ref"),
    ]
    assert matching.added == [] and matching.missing == []


def test_the_same_text_pairs_regardless_of_case_spacing_and_punctuation():
    matching = match_actions(
        [old(10, "Review  the crisis pathway.")], [old(0, "review the Crisis pathway")]
    )
    assert matching.matches[0].how == "text"


def test_repeated_texts_pair_in_order_one_to_one():
    matching = match_actions(
        [old(10, "Work with partner agencies"), old(11, "Work with partner agencies")],
        [old(0, "Work with partner agencies"), old(1, "Work with partner agencies")],
    )
    assert [(m.incoming, m.existing) for m in matching.matches] == [(0, 10), (1, 11)]


def test_a_reworded_action_pairs_by_similarity_and_an_unlike_one_is_new():
    matching = match_actions(
        [
            old(10, "Develop a single point of access at First Point Telford"),
            old(11, "Run a survey"),
        ],
        [
            old(0, "Develop a single point of access at First Point in Telford by 2012"),
            old(1, "Commission an advocacy service for carers"),
        ],
    )
    (match,) = matching.matches
    assert (match.incoming, match.existing, match.how) == (0, 10, "similar")
    assert 0.6 <= match.score < 1
    assert matching.added == [1]
    assert matching.missing == [11]


def test_the_best_similar_pair_wins():
    matching = match_actions(
        [
            old(10, "Review crisis pathway for adults"),
            old(11, "Review crisis pathway for children and young people"),
        ],
        [old(0, "Review the crisis pathway for children and young people in Bexley")],
    )
    assert matching.matches[0].existing == 11


def test_the_admins_choice_overrides_and_new_means_new():
    existing = [old(10, "Write the strategy", "1"), old(11, "Review the pathway", "2")]
    incoming = [old(0, "Write the strategy", "1"), old(1, "Something else entirely", "3")]
    matching = match_actions(existing, incoming, chosen={0: None, 1: 10})
    assert [(m.incoming, m.existing, m.how) for m in matching.matches] == [(1, 10, "chosen")]
    assert matching.added == [0]
    assert matching.missing == [11]


def test_a_choice_of_an_unknown_or_taken_action_is_ignored():
    existing = [old(10, "Write the strategy", "1")]
    incoming = [old(0, "Write the strategy", "1"), old(1, "Write the strategy again", "2")]
    matching = match_actions(existing, incoming, chosen={0: 10, 1: 10})
    assert [(m.incoming, m.existing) for m in matching.matches] == [(0, 10)]
    matching = match_actions(existing, incoming, chosen={0: 999})
    assert [(m.incoming, m.existing, m.how) for m in matching.matches] == [(0, 10, "ref")]


def test_similarity_ignores_small_words_and_is_symmetric():
    assert similarity("the review of the pathway", "Review pathway") == 1
    assert similarity("a", "") == 0
    assert similarity("crisis review", "review crisis care") == similarity(
        "review crisis care", "crisis review"
    )


def test_plan_identity_is_title_and_area_normalised():
    assert plan_key("APPENDIX TWO  Action Plan", "Telford and Wrekin") == plan_key(
        "Appendix two action plan.", "telford & wrekin".replace("&", "and")
    )


def test_likely_plans_put_the_same_title_and_area_first_and_skip_other_areas():
    plans = [
        PlanCandidate(1, "Dementia action plan 2015/16", "Bexley"),
        PlanCandidate(2, "Dementia Action Plan", "Telford and Wrekin"),
        PlanCandidate(3, "Dementia action plan 2015", "Telford and Wrekin"),
        PlanCandidate(4, "Carers strategy", "Telford and Wrekin"),
    ]
    found = likely_plans("Dementia action plan", "Telford and Wrekin", plans)
    assert [(p.key, exact) for p, _, exact in found] == [(2, True), (3, False)]


def test_words_every_plan_title_has_make_no_two_titles_alike():
    plans = [PlanCandidate(1, "Small action plan", "")]
    assert likely_plans("APPENDIX TWO Action Plan", "Telford and Wrekin", plans) == []
