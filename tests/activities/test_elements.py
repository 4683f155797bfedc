"""Find the elements: every case it draws has elements to find and a right yes or no to "are
all the elements there?", and its feedback always cites the law it applies. The shared contract
test covers the rest of the type."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from simsuite.activities.elements.activity import TYPE
from simsuite.trafficking import GeneratorParams, generate_case

case_params = st.fixed_dictionaries(
    {
        "jurisdiction": st.sampled_from(("KG", "AZ", "UZ")),
        "age_band": st.sampled_from(("any", "adult", "child")),
        "difficulty": st.sampled_from(("easy", "medium", "hard")),
        "non_trafficking_share": st.sampled_from((0.0, 0.3, 1.0)),
        "open_share": st.sampled_from((0.0, 0.1, 0.5, 1.0)),
    }
)


@settings(max_examples=150, deadline=None)
@given(params=case_params, seed=st.integers(0, 2**31 - 1))
def test_every_case_states_its_facts_and_the_feedback_cites_the_law(params, seed):
    scenario = TYPE.generate(params, seed, "en")
    key = scenario.key
    # no fact left open: "all elements?" has a right yes or no, and the trace says why
    assert key.complete in (True, False)
    assert not any(step.key.startswith("open") for step in key.trace)
    # the seed names the story the other modules show for it, unless that one is still open
    shared = generate_case(seed, GeneratorParams(**params))
    assert (scenario.public.narrative == shared.render("en")) is (not shared.verdict.is_open)
    # whatever the learner gets wrong, the feedback explains it and names its sources
    blank = TYPE.blank_answer(scenario.public)
    wrong = {**blank, "means_needed": not key.means_needed, "complete": not key.complete}
    evaluation = TYPE.evaluate(key, wrong, "en")
    assert evaluation.score < 1
    assert evaluation.sources, key.trace
