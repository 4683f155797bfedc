"""Uzbek case templates and the case suffixes of names and places (morph_uz)."""

from __future__ import annotations

import re

import pytest

from simsuite.trafficking import GeneratorParams, generate_case
from simsuite.trafficking.model import LANGUAGES
from simsuite.trafficking.morph_uz import dative, inflect
from simsuite.trafficking.render import render_story, templates


@pytest.mark.parametrize(
    ("phrase", "case", "expected"),
    [
        ("Sherzod Alimov", "nom", "Sherzod Alimov"),
        ("Sherzod Alimov", "gen", "Sherzod Alimovning"),
        ("Dilnoza Rahimova", "dat", "Dilnoza Rahimovaga"),
        ("Dilnoza Rahimova", "acc", "Dilnoza Rahimovani"),
        ("Dilnoza Rahimova", "loc", "Dilnoza Rahimovada"),
        ("Dilnoza Rahimova", "ins", "Dilnoza Rahimova bilan"),
        ("Yangiqishloq", "dat", "Yangiqishloqqa"),
        ("Chaykend-Bogʻ", "dat", "Chaykend-Bogʻqa"),
        ("Jelkent", "loc", "Jelkentda"),
        ("Ulugʻbek", "dat", "Ulugʻbekka"),
        ("«Karavan-9 Logistika» MChJ", "gen", "«Karavan-9 Logistika» MChJning"),
        ("Karavan-9", "loc", "Karavan-9-da"),
        ("Aida T.", "dat", "Aida T.-ga"),
    ],
)
def test_suffixes(phrase, case, expected):
    assert inflect(phrase, case) == expected


def test_dative_consonant_change():
    assert [dative(w) for w in ("Bank", "Tog", "Qishloq", "Togʻ", "Toshkent")] == [
        "ka", "ka", "qa", "qa", "ga"
    ]
    with pytest.raises(ValueError):
        inflect("Sherzod", "abl")


def test_uzbek_templates_are_parallel_to_english():
    en, uz = templates("en"), templates("uz")
    for part in ("slots", "pools", "countries", "police", "phrases"):
        assert set(en[part]) == set(uz[part]), part
    for slot, variants in en["slots"].items():
        assert len(variants) == len(uz["slots"][slot]), slot
    for pool, items in en["pools"].items():
        assert len(items) == len(uz["pools"][pool]), pool
    for jurisdiction, forms in uz["police"].items():
        assert set(forms) == set(en["police"][jurisdiction]), jurisdiction


def test_uzbek_templates_use_no_english_shortcuts_and_names_take_plain_suffixes():
    english = re.compile(r"\{(she|he|her|his|him|She|Her|He|His)\}")
    for slot, variants in templates("uz")["slots"].items():
        for text in variants:
            assert not english.search(text), slot
            assert "'" not in text, slot  # oʻ, gʻ and ʼ of the official alphabet
    # content texts join -ga, -ni, -ning straight to a person's name: no name ends in k, g, q
    for pool, names in templates("uz")["pools"].items():
        if pool.startswith("names_"):
            for name in names:
                assert not re.search(r"[kgq]ʻ?$", name), name


@pytest.mark.skipif("uz" not in LANGUAGES, reason="Uzbek case templates are not registered")
def test_uzbek_cases_render_with_every_slot_filled():
    english = re.compile(r"\b(the|and|with|she|he|her|his|him|was|from|police)\b")
    for jurisdiction in ("KG", "AZ", "UZ"):
        for band in ("adult", "child"):
            for seed in range(12):
                params = GeneratorParams(jurisdiction=jurisdiction, age_band=band, open_share=0.3)
                text = render_story(generate_case(seed, params), "uz")
                assert not re.search(r"\{[^}]*\}", text), (jurisdiction, band, seed)
                assert not english.search(text), (jurisdiction, band, seed, text)
