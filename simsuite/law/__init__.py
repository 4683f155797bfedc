"""Law packs and the qualification engine: facts in, verdict with a cited reasoning trace out."""

from simsuite.law.engine import Step, Verdict, qualify
from simsuite.law.facts import Facts, Offender, Route, Victim, Vulnerability, facts_from_dict
from simsuite.law.lawpack import LawPack, available_jurisdictions, load_pack, load_pack_file

__all__ = [
    "Facts",
    "LawPack",
    "Offender",
    "Route",
    "Step",
    "Verdict",
    "Victim",
    "Vulnerability",
    "available_jurisdictions",
    "facts_from_dict",
    "load_pack",
    "load_pack_file",
    "qualify",
]
