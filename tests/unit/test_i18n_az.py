"""Azerbaijani: catalogue, Babel formats, name suffixes and case stories."""

import datetime
import re

import pytest

from simsuite.i18n import (
    _,
    available_languages,
    format_date,
    format_number,
    format_percent,
    language,
    ngettext,
)
from simsuite.trafficking.morph_az import inflect, inflect_name, suffix

pytestmark = pytest.mark.skipif(
    "az" not in available_languages(), reason="the Azerbaijani catalogue is not installed"
)


def test_interface_strings_are_in_azerbaijani():
    with language("az"):
        assert _("Check") == "Yoxla"
        assert _("Allowed: {allowed}.") == "İcazə verilənlər: {allowed}."


def test_plural_forms_follow_cldr_for_azerbaijani():
    # CLDR: one (n = 1) and other; a noun after a numeral stays singular ("5 sual").
    rest = (
        " You can take this test once: answer what you can, then submit. You will see which"
        " answers were right and where to study the others."
    )
    one, other = "{n} question." + rest, "{n} questions." + rest
    for n in (1, 2, 5, 21):
        text = ngettext(one, other, n, "az").format(n=n)
        assert text.startswith(f"{n} sual. ")


def test_dates_and_numbers_in_azerbaijani():
    assert format_date(datetime.date(2026, 11, 29), "az") == "29 noy 2026"
    assert format_number(12345.5, "az", digits=1) == "12.345,5"
    assert format_percent(0.45, "az") == "45%"


@pytest.mark.parametrize(
    ("word", "gen", "dat", "acc", "ins", "loc"),
    [
        ("Məmmədova", "Məmmədovanın", "Məmmədovaya", "Məmmədovanı", "Məmmədovayla", "Məmmədovada"),
        ("Hüseynov", "Hüseynovun", "Hüseynova", "Hüseynovu", "Hüseynovla", "Hüseynovda"),
        ("Yıldız", "Yıldızın", "Yıldıza", "Yıldızı", "Yıldızla", "Yıldızda"),
        ("Tsereteli", "Tseretelinin", "Tsereteliyə", "Tseretelini", "Tsereteliylə", "Tseretelidə"),
        ("Həmdan", "Həmdanın", "Həmdana", "Həmdanı", "Həmdanla", "Həmdanda"),
        ("Koç", "Koçun", "Koça", "Koçu", "Koçla", "Koçda"),
        ("Türkü", "Türkünün", "Türküyə", "Türkünü", "Türküylə", "Türküdə"),
        ("İsmayıl", "İsmayılın", "İsmayıla", "İsmayılı", "İsmayılla", "İsmayılda"),
    ],
)
def test_suffixes_follow_vowel_harmony(word, gen, dat, acc, ins, loc):
    assert [inflect(word, c) for c in ("gen", "dat", "acc", "ins", "loc")] == [
        gen,
        dat,
        acc,
        ins,
        loc,
    ]
    assert inflect(word, "nom") == word


def test_a_full_name_takes_the_suffix_on_its_last_word_and_an_abbreviation_after_a_hyphen():
    assert inflect_name("Leyla Məmmədova", "gen") == "Leyla Məmmədovanın"
    assert inflect("QHT", "gen") == "QHT-nin"
    assert inflect("M.", "dat") == "M.-ə"
    with pytest.raises(ValueError):
        suffix("Leyla", "abl")


def test_the_templates_are_parallel_to_english():
    from simsuite.trafficking.render import templates

    en, az = templates("en"), templates("az")
    for key in ("slots", "pools", "countries", "police", "phrases"):
        assert set(en[key]) == set(az[key]), key
    for slot, variants in en["slots"].items():
        assert len(variants) == len(az["slots"][slot]), slot
    for pool, items in en["pools"].items():
        assert len(items) == len(az["pools"][pool]), pool
        assert len(set(az["pools"][pool])) == len(items), pool


def test_generated_cases_render_in_azerbaijani():
    from simsuite.law.lawpack import available_jurisdictions
    from simsuite.trafficking.generator import generate_case
    from simsuite.trafficking.model import GeneratorParams

    english = re.compile(r"\b(the|and|of|was|his|her|she|he|with|police|dollars)\b")
    for i, jurisdiction in enumerate(available_jurisdictions()):
        for band in ("adult", "child"):
            for seed in range(6):
                params = GeneratorParams(jurisdiction=jurisdiction, age_band=band)
                text = generate_case(100 * i + seed, params).render("az")
                assert "{" not in text and "}" not in text and ".." not in text, text
                assert not english.search(text), text
