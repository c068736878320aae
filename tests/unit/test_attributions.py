"""Every tree cites a source only for what it says: an outcome that cites Working Together to
Safeguard Children 2023 says, in its own text, what Working Together 2023 says, so a local rule
cannot pass for national guidance by sitting beside a national citation."""

from __future__ import annotations

import pytest

from decision import get_tree, tree_ids

CITING = [(tree_id, outcome) for tree_id in tree_ids() for outcome in get_tree(tree_id).outcomes()
          if any(source.document == "wt-2023" for source in outcome.sources)]


@pytest.mark.parametrize("tree_id, outcome", CITING, ids=[f"{t}-{o.id}" for t, o in CITING])
def test_an_outcome_that_cites_working_together_2023_says_what_it_says(tree_id, outcome):
    text = " ".join((outcome.title, outcome.lead) + outcome.reasons + outcome.next_steps + outcome.notes)
    assert "Working Together 2023" in text, f"{tree_id}: {outcome.id} cites Working Together 2023 without saying what it says"


def test_no_outcome_credits_working_together_2023_with_the_social_worker_leading_a_child_in_need():
    # Working Together 2023 lets a social-work-qualified manager choose a lead practitioner other than
    # a social worker for a child in need; only section 47 enquiries are always a social worker's.
    for tree_id, outcome in CITING:
        sections = " ".join(s.section for s in outcome.sources if s.document == "wt-2023")
        if "children in need" in sections:
            text = " ".join(outcome.reasons + outcome.next_steps + outcome.notes)
            assert "social-work-qualified practice supervisor or manager" in text, f"{tree_id}: {outcome.id}"
            assert "other than a social worker" in text, f"{tree_id}: {outcome.id}"
