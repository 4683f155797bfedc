"""One test per qualification rule, built from the exercise sets with answer keys in the
digests 004a (section 4) and 004b (section 4). The fact patterns are the digests'; the expected
answers are their keys, which cite the Kyrgyz manual (seed 004)."""

from __future__ import annotations

from typing import Any

import pytest

from simsuite.law import facts_from_dict, qualify
from simsuite.law.facts import Route, country_role, vocabulary
from simsuite.trafficking.indicators import police_indicator_ids


def facts(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "victim": {"age": 22, "sex": "female", "citizenship": "KG"},
        "offenders": [{"id": "B", "age": 35, "roles": ["recruiter"]}],
        "acts": ["recruitment"],
        "means": ["deception"],
        "purposes": ["forced_labour"],
        "travel": "none",
        "route": {"scope": "none", "border_crossing": "none"},
        "exploitation_occurred": False,
    }
    for key, value in overrides.items():
        base[key] = value
    return base


def kg(data: dict[str, Any]):
    return qualify(facts_from_dict(data), "KG")


def rules(verdict) -> set[str]:
    return {step.rule for step in verdict.trace}


def numbers(refs) -> set[str | None]:
    return {ref.article for ref in refs}


# --- 004a section 4 ----------------------------------------------------------------------


def test_004a_ex1_tickets_bought_is_transportation_and_fraud_is_a_means():
    verdict = kg(
        facts(
            acts=["recruitment", "transportation"],
            means=["fraud", "deception"],
            travel="arranged_by_offender",
            route={
                "scope": "cross_border",
                "origin": "KG",
                "destination": "KZ",
                "border_crossing": "legal",
            },
        )
    )
    assert verdict.is_trafficking
    assert verdict.offence.number == "166"
    assert verdict.acts == ("recruitment", "transportation")
    assert "kg_formal_composition" in rules(verdict)  # complete before any work


def test_004a_ex2_recruitment_complete_even_if_refused():
    verdict = kg(facts(purposes=["sexual_exploitation"], consent=False))
    assert verdict.is_trafficking
    assert verdict.offence.number == "166"
    assert any(s.key == "completion_pending" for s in verdict.trace)


def test_004a_ex3_voluntary_prostitution_without_means_is_159_160_by_art_22():
    verdict = kg(
        facts(
            means=[],
            purposes=["sexual_exploitation"],
            consent=True,
            exploitation_occurred=True,
            offenders=[{"id": "E", "age": 30, "roles": ["intermediary"]}],
        )
    )
    assert not verdict.is_trafficking
    assert verdict.failed_element == "means"
    assert verdict.neighbour.number == "159"
    assert {r.number for r in verdict.neighbour_also} == {"160", "22"}
    assert "kg_art22_prostitution" in rules(verdict)


def test_004a_ex4_blackmail_and_threat_make_it_166_with_exploitation_cumulative():
    verdict = kg(
        facts(
            means=["blackmail", "threat"],
            purposes=["sexual_exploitation"],
            exploitation_occurred=True,
            observations=["documents_withheld"],
        )
    )
    assert verdict.is_trafficking and verdict.offence.number == "166"
    assert "exploitation_offence" in numbers(verdict.cumulative)
    assert "139" in numbers(verdict.absorbed)


def test_004a_ex5_child_begging_without_means_is_167():
    verdict = kg(
        facts(
            victim={"age": 13, "sex": "male", "citizenship": "KG"},
            acts=["recruitment", "transportation", "harbouring"],
            means=[],
            purposes=["forced_begging"],
            travel="arranged_by_offender",
            route={
                "scope": "domestic",
                "origin": "KG",
                "destination": "KG",
                "border_crossing": "none",
            },
            consent=True,
            exploitation_occurred=True,
        )
    )
    assert verdict.is_trafficking and verdict.child_rule_applied
    assert verdict.offence.number == "167"
    assert "kg_child_rule" in rules(verdict)
    assert "kg_consent_irrelevant" in rules(verdict)


SMUGGLING_ROUTE = {
    "scope": "cross_border",
    "origin": "KG",
    "destination": "KZ",
    "border_crossing": "illegal",
}


def test_004a_ex6a_smuggling_without_exploitative_purpose_is_not_trafficking():
    verdict = kg(
        facts(
            acts=["transportation"],
            means=[],
            purposes=[],
            consent=True,
            travel="arranged_by_offender",
            route=SMUGGLING_ROUTE,
            offenders=[{"id": "G", "age": 40, "roles": ["transporter"]}],
        )
    )
    assert not verdict.is_trafficking
    assert verdict.failed_element == "purpose"
    assert verdict.neighbour.article == "illegal_border_crossing"
    assert "kg_smuggling_not_tip" in rules(verdict)


def test_004a_ex6b_illegal_crossing_with_purpose_is_cumulative():
    verdict = kg(
        facts(
            acts=["transportation"],
            means=["deception"],
            purposes=["forced_labour"],
            travel="arranged_by_offender",
            route=SMUGGLING_ROUTE,
        )
    )
    assert verdict.is_trafficking
    assert "illegal_border_crossing" in numbers(verdict.cumulative)
    assert "kg_cumulate_illegal_crossing" in rules(verdict)


def test_004a_ex7_abduction_is_absorbed_no_art_165_and_a_domestic_move_stays_in_part_1():
    verdict = kg(
        facts(
            acts=["transportation", "transfer"],
            means=["abduction"],
            purposes=["sexual_exploitation"],
            travel="arranged_by_offender",
            route={
                "scope": "domestic",
                "origin": "KG",
                "destination": "KG",
                "border_crossing": "none",
            },
            offenders=[
                {"id": "H", "age": 30, "roles": ["transporter"]},
                {"id": "I", "age": 28, "roles": ["transporter"]},
            ],
        )
    )
    assert verdict.is_trafficking
    assert "165" in numbers(verdict.absorbed)
    assert "165" not in numbers(verdict.cumulative)
    # 300 km within Kyrgyzstan: no border crossed, so no 166(2)(5) (issue 9)
    assert (verdict.offence.number, verdict.offence.part, verdict.offence.point) == (
        "166",
        "1",
        None,
    )
    assert any(step.key == "part_basic" for step in verdict.trace)


def test_004a_ex8_consent_obtained_by_deception_and_threats_and_knowledge_of_each_participant():
    verdict = kg(
        facts(
            victim={
                "age": 34,
                "sex": "male",
                "citizenship": "KG",
                "vulnerabilities": [{"id": "debt", "kind": "circumstantial"}],
            },
            acts=["recruitment", "transportation"],
            means=["deception", "threat"],
            purposes=["organ_removal"],
            travel="arranged_by_offender",
            route={
                "scope": "cross_border",
                "origin": "KG",
                "destination": "TR",
                "border_crossing": "legal",
            },
            consent=True,
            offenders=[
                {"id": "K", "age": 45, "roles": ["recruiter"]},
                {"id": "L", "age": 30, "roles": ["transporter"], "knows_purpose": False},
            ],
        )
    )
    assert verdict.is_trafficking
    assert verdict.liable == ("K",)
    assert verdict.not_liable == ("L",)
    assert "kg_consent_irrelevant" in rules(verdict)


EX9_VICTIM = {
    "age": 29,
    "sex": "female",
    "citizenship": "UZ",
    "vulnerabilities": [
        {"id": "irregular_status", "kind": "situational"},
        {"id": "isolation_abroad", "kind": "situational"},
        {"id": "debt", "kind": "circumstantial"},
    ],
}


def test_004a_ex9_vulnerability_alone_is_not_enough():
    verdict = kg(
        facts(
            victim=EX9_VICTIM,
            means=["abuse_of_vulnerability"],
            labour_relation=True,
            route={
                "scope": "cross_border",
                "origin": "UZ",
                "destination": "KG",
                "border_crossing": "legal",
            },
            travel="independent",
        )
    )
    assert not verdict.is_trafficking
    assert verdict.failed_element == "means"
    assert "kg_abuse_of_vulnerability_proof" in rules(verdict)
    assert verdict.neighbour.article == "labour_law"


def test_004a_ex9_variant_threat_of_denunciation_proves_the_abuse():
    victim = dict(EX9_VICTIM)
    victim["vulnerabilities"] = [dict(v, abuse_proven=True) for v in EX9_VICTIM["vulnerabilities"]]
    verdict = kg(facts(victim=victim, means=["abuse_of_vulnerability"], labour_relation=True))
    assert verdict.is_trafficking and verdict.means == ("abuse_of_vulnerability",)


def test_004a_ex10_harbouring_workers_living_in_the_field():
    verdict = kg(
        facts(
            acts=["harbouring", "receipt"],
            means=["fraud"],
            exploitation_occurred=True,
            observations=["no_contact", "unfit_housing"],
        )
    )
    assert verdict.is_trafficking
    assert verdict.acts == ("harbouring", "receipt")


def test_004a_ex11_no_exploitation_yet_is_still_complete():
    verdict = kg(
        facts(
            acts=["transportation"],
            means=["deception"],
            purposes=["sexual_exploitation"],
            travel="arranged_by_offender",
            route={
                "scope": "domestic",
                "origin": "KG",
                "destination": "KG",
                "border_crossing": "none",
            },
        )
    )
    assert verdict.is_trafficking
    assert any(s.key == "completion_pending" for s in verdict.trace)
    assert verdict.cumulative == ()


def test_004a_ex12_subject_is_14_or_older():
    verdict = kg(
        facts(
            victim={"age": 15, "sex": "female", "citizenship": "KG"},
            means=[],
            purposes=["sexual_exploitation"],
            offenders=[
                {"id": "P", "age": 15, "roles": ["recruiter"]},
                {"id": "Q", "age": 13, "roles": ["recruiter"]},
            ],
        )
    )
    assert verdict.offence.number == "167"
    assert verdict.liable == ("P",)
    assert verdict.not_liable == ("Q",)


@pytest.mark.parametrize(
    ("item", "kind"),
    [
        ("intellectual_disability", "personal"),
        ("isolation_abroad", "situational"),
        ("unemployment", "circumstantial"),
        ("debt", "circumstantial"),
        ("pregnancy", "personal"),
    ],
)
def test_004a_ex13_vulnerability_classification(item: str, kind: str):
    assert vocabulary()["vulnerabilities"][item]["kind"] == kind


def test_004a_ex13_drug_dependence_is_created_by_the_trafficker():
    assert vocabulary()["vulnerabilities"]["addiction_fostered"]["kind"] == "personal"
    assert "trafficker" in vocabulary()["vulnerabilities"]["addiction_fostered"]["en"]


def test_004a_ex14_origin_transit_destination():
    assert country_role(Route("cross_border", "legal", "KG", (), "RU"), "KG") == "origin"
    assert country_role(Route("cross_border", "legal", "UZ", ("KG",), "RU"), "KG") == "transit"
    assert country_role(Route("cross_border", "legal", "UZ", (), "KG"), "KG") == "destination"


def test_004a_independent_travel_is_not_transportation():
    verdict = kg(
        facts(
            acts=["transportation"],
            means=["deception"],
            travel="independent",
            offenders=[{"id": "X", "age": 30, "roles": []}],
        )
    )
    assert not verdict.is_trafficking
    assert verdict.failed_element == "act" and verdict.independent_travel
    assert "kg_independent_travel" in rules(verdict)


# --- 004b section 4 ----------------------------------------------------------------------


def test_004b_ex1_abduction_at_a_bus_stop_no_cumulative_165():
    verdict = kg(
        facts(
            acts=["transportation", "transfer", "receipt"],
            means=["abduction"],
            purposes=["sexual_exploitation"],
            travel="arranged_by_offender",
            route={
                "scope": "domestic",
                "origin": "KG",
                "destination": "KG",
                "border_crossing": "none",
            },
        )
    )
    assert verdict.is_trafficking
    assert "kg_absorb_abduction" in rules(verdict)
    assert "165" in numbers(verdict.absorbed)


def test_004b_ex2_real_threat_is_absorbed_no_art_139():
    verdict = kg(
        facts(
            acts=["harbouring"],
            means=["threat", "force"],
            exploitation_occurred=True,
            observations=["dependence_or_cruelty"],
        )
    )
    assert verdict.is_trafficking
    assert "139" in numbers(verdict.absorbed)
    assert "kg_absorb_threat" in rules(verdict)


def test_004b_threat_must_be_real():
    verdict = kg(facts(means=["threat"], threat_is_real=False))
    assert not verdict.is_trafficking and verdict.failed_element == "means"
    assert "kg_threat_must_be_real" in rules(verdict)
    assert verdict.absorbed == ()


def test_004b_ex3_blackmail_with_the_secret_of_adoption():
    verdict = kg(
        facts(victim={"age": 19, "sex": "female", "citizenship": "KG"}, means=["blackmail"])
    )
    assert verdict.is_trafficking and verdict.means == ("blackmail",)


def test_004b_ex4_partial_deception_and_its_indicators():
    verdict = kg(
        facts(
            means=["deception"],
            exploitation_occurred=True,
            observations=["confined", "earnings_withheld", "unfit_housing"],
        )
    )
    assert verdict.is_trafficking
    shown = police_indicator_ids(("confined", "earnings_withheld", "unfit_housing"), "adult")
    assert set(shown) == {"held_against_will", "no_use_of_earnings", "unfit_living_place"}


def test_004b_ex6_foreign_child_in_a_container_indicators():
    shown = police_indicator_ids(
        ("no_contact", "unfit_housing", "unaccompanied_foreign_child"), "child"
    )
    assert set(shown) == {
        "unaccompanied_foreign_child",
        "unfit_living_place",
        "no_contact_with_relatives",
    }


def test_004b_ex7_foreign_worker_indicators():
    shown = police_indicator_ids(("confined", "documents_withheld", "earnings_withheld"), "adult")
    assert set(shown) == {"no_documents_or_contact", "no_use_of_earnings", "held_against_will"}


def test_004b_ex12_child_rented_out_for_begging_and_beaten_is_167():
    verdict = kg(
        facts(
            victim={"age": 12, "sex": "female", "citizenship": "KG"},
            acts=["transfer"],
            means=["force"],
            purposes=["forced_begging"],
            exploitation_occurred=True,
            observations=["dependence_or_cruelty"],
            offenders=[{"id": "father", "age": 40, "roles": ["person_in_control", "exploiter"]}],
        )
    )
    assert verdict.is_trafficking and verdict.offence.number == "167"


# --- further rules -----------------------------------------------------------------------


def test_no_purpose_is_never_trafficking_even_with_means():
    verdict = kg(facts(means=["threat", "force"], purposes=[]))
    assert not verdict.is_trafficking and verdict.failed_element == "purpose"


def test_kidnapping_for_ransom_is_art_165():
    verdict = kg(
        facts(
            acts=["transportation", "harbouring"],
            means=["abduction", "threat"],
            purposes=[],
            ransom_demanded=True,
            travel="arranged_by_offender",
            route={
                "scope": "domestic",
                "origin": "KG",
                "destination": "KG",
                "border_crossing": "none",
            },
        )
    )
    assert not verdict.is_trafficking
    assert verdict.neighbour.number == "165"


def test_payment_to_person_in_control_is_not_in_the_kg_wording_but_is_in_palermo():
    data = facts(
        means=["payment_to_person_in_control"],
        offenders=[{"id": "R", "age": 50, "roles": ["person_in_control"]}],
    )
    assert not kg(data).is_trafficking
    assert any(s.key == "means_not_in_pack" for s in kg(data).trace)
    assert qualify(facts_from_dict(data), "PALERMO").is_trafficking


def test_trace_cites_a_source_for_every_step():
    verdict = kg(
        facts(
            means=["abduction"],
            acts=["transportation"],
            travel="arranged_by_offender",
            route={
                "scope": "domestic",
                "origin": "KG",
                "destination": "KG",
                "border_crossing": "none",
            },
        )
    )
    for step in verdict.trace:
        assert step.source, step.rule
        assert step.text("en") and step.text("ru")


@pytest.mark.parametrize("code", ["AZ", "UZ"])
def test_az_uz_articles_are_flagged_unverified(code: str):
    verdict = qualify(facts_from_dict(facts()), code)
    assert verdict.is_trafficking
    assert verdict.offence.number == {"AZ": "144-1", "UZ": "135"}[code]
    assert verdict.offence.verified is False


def test_summary_in_both_languages_names_the_article():
    verdict = kg(facts())
    assert "166" in verdict.summary("en") and "166" in verdict.summary("ru")
    assert "ст." in verdict.summary("ru")
