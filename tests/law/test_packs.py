"""Law packs: every pack validates, sources and verify flags are present, custom packs load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from simsuite.errors import ContentError, UserInputError
from simsuite.law import available_jurisdictions, load_pack, load_pack_file
from simsuite.law.lawpack import pack_schema

REPO = Path(__file__).resolve().parents[2]
PACKS = REPO / "simsuite" / "law" / "packs"


def test_the_four_packs_are_available():
    assert set(available_jurisdictions()) >= {"KG", "AZ", "UZ", "PALERMO"}


@pytest.mark.parametrize("code", ["KG", "AZ", "UZ", "PALERMO"])
def test_pack_loads_and_every_unverified_item_says_so(code: str):
    pack = load_pack(code)
    raw = pack.raw
    for article in raw["articles"]:
        assert article["source"]
        if not article["verified"]:
            assert article.get("note")
    for rule in raw["rules"]:
        assert rule["source"]
        if not rule["verified"]:
            assert rule.get("note")


def test_kg_penalties_are_those_of_the_brief():
    pack = load_pack("KG")
    assert (
        pack.articles["166"].penalty["min_years"],
        pack.articles["166"].penalty["max_years"],
    ) == (3, 11)
    assert (
        pack.articles["167"].penalty["min_years"],
        pack.articles["167"].penalty["max_years"],
    ) == (5, 15)
    assert pack.articles["166"].penalty["confiscation"] is True


def test_unquoted_texts_are_flagged_unverified():
    kg = load_pack("KG")
    assert kg.articles["166"].verified is False  # the manual paraphrases, never quotes
    assert all(not p["verified"] for p in kg.articles["166"].parts)
    for code, article in (("AZ", "144-1"), ("UZ", "135")):
        pack = load_pack(code)
        assert pack.articles[article].verified is False
        assert "verify against the official text" in pack.articles[article].note


def test_unknown_jurisdiction_is_a_user_error():
    with pytest.raises(UserInputError) as caught:
        load_pack("XX")
    assert "KG" in caught.value.allowed


def test_an_academy_can_add_its_own_country(tmp_path: Path):
    data = yaml.safe_load((PACKS / "palermo.yaml").read_text("utf-8"))
    data["id"] = "XA"
    data["name"] = {"en": "Example Republic"}
    path = tmp_path / "xa.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert load_pack_file(path).id == "XA"


def test_a_bad_pack_is_a_content_error_naming_the_place(tmp_path: Path):
    data = yaml.safe_load((PACKS / "kg.yaml").read_text("utf-8"))
    data["rules"][0]["when"] = "full_moon"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(ContentError) as caught:
        load_pack_file(path)
    assert "rules.0.when" in caught.value.where


def test_unverified_without_note_is_rejected(tmp_path: Path):
    data = yaml.safe_load((PACKS / "kg.yaml").read_text("utf-8"))
    del data["articles"][0]["note"]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(ContentError):
        load_pack_file(path)


def test_schemas_are_valid_json_schema():
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(pack_schema())
    facts_schema = json.loads(
        (REPO / "simsuite" / "law" / "schemas" / "case-facts.schema.json").read_text("utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(facts_schema)


def test_docs_schema_is_the_package_schema():
    package = (REPO / "simsuite" / "law" / "schemas" / "case-facts.schema.json").read_text("utf-8")
    docs = (REPO / "docs" / "case-facts.schema.json").read_text("utf-8")
    assert json.loads(docs) == json.loads(package)


@pytest.mark.parametrize("code", available_jurisdictions())
def test_every_shipped_pack_satisfies_the_schema(code):
    """load_pack skips the schema at run time for speed; this is where shipped packs meet it."""
    from importlib import resources

    from simsuite.law.lawpack import schema_errors

    entry = resources.files("simsuite.law").joinpath("packs", f"{code.lower()}.yaml")
    assert schema_errors(yaml.safe_load(entry.read_text("utf-8"))) == []
