"""The seeded case generator: (params, seed) -> Case, deterministically.

Facts are drawn first (per form of exploitation or per near miss), then the story that tells
them: one template slot per sentence, observations as their own sentences so the indicators the
narrative shows are exactly those the facts hold. The answer key is the qualification engine's
verdict on the generated facts, never a second hand-written copy.
"""

from __future__ import annotations

import hashlib
import random
from functools import lru_cache

from simsuite.law.engine import qualify
from simsuite.law.facts import Facts, Offender, Route, Victim, Vulnerability, vocabulary
from simsuite.law.lawpack import LawPack, load_pack
from simsuite.trafficking.indicators import ilo_indicator_ids, police_indicator_ids
from simsuite.trafficking.model import (
    ADULT_ONLY_FORMS,
    CHILD_NEAR_MISSES,
    GENERATED_FORMS,
    NEAR_MISSES,
    Case,
    GeneratorParams,
    Segment,
    Story,
)
from simsuite.trafficking.render import has_slot, pool_size, slot_size

#: Home country per jurisdiction, and the foreign countries its cases travel to or come from.
HOME = {"KG": ("KG",), "AZ": ("AZ",), "UZ": ("UZ",), "PALERMO": ("KG", "UZ", "AZ")}
ABROAD = {
    "KG": ("KZ", "RU", "TR", "AE"),
    "AZ": ("TR", "RU", "AE", "GE"),
    "UZ": ("KZ", "RU", "TR", "AE"),
}
#: Journeys with a transit country: onward from home through a neighbour, or through home
#: between two other countries (004a [L169-179]: a country can be origin, transit, destination).
VIA = {
    "KG": {"onward": (("KZ", "RU"),), "through": (("UZ", "KZ"), ("UZ", "RU"))},
    "UZ": {"onward": (("KZ", "RU"),), "through": ()},
    "AZ": {"onward": (("GE", "TR"),), "through": (("UZ", "TR"),)},
}
#: Means each form's stories can tell, before filtering by the pack's list.
FORM_MEANS = {
    "sexual_exploitation": (
        "deception",
        "fraud",
        "threat",
        "blackmail",
        "force",
        "abduction",
        "abuse_of_vulnerability",
    ),
    "forced_labour": ("deception", "fraud", "threat", "other_coercion", "abuse_of_vulnerability"),
    "forced_begging": ("deception", "threat", "force", "abuse_of_vulnerability"),
    "servitude": ("deception", "threat", "abuse_of_vulnerability", "other_coercion"),
    "organ_removal": ("deception", "threat", "abuse_of_vulnerability"),
    "forced_marriage": (
        "abduction",
        "threat",
        "force",
        "deception",
        "payment_to_person_in_control",
    ),
    "forced_criminality": ("deception", "threat", "blackmail", "other_coercion"),
}
#: Observations (evidence behind the police indicators) each form's stories can show.
ADULT_OBSERVATIONS = (
    "dependence_or_cruelty",
    "confined",
    "documents_withheld",
    "no_contact",
    "earnings_withheld",
    "unfit_housing",
)
CHILD_OBSERVATIONS = ("dependence_or_cruelty", "confined", "no_contact", "unfit_housing")
#: Story order of observation sentences.
ADULT_OBSERVATIONS_ORDER = ADULT_OBSERVATIONS + ("unaccompanied_foreign_child",)
FORMS_WITHOUT_EARNINGS = ("organ_removal", "forced_marriage")
#: Background vulnerabilities the stories tell (told before the recruitment, so they describe
#: the person's circumstances, never the dependence or cruelty the police list asks about).
ADULT_VULNERABILITIES = ("unemployment", "debt", "poverty", "intellectual_disability", "pregnancy")
CHILD_VULNERABILITIES = ("poverty", "youth", "intellectual_disability")
DISCOVERY_EXPLOITED = ("raid", "neighbour", "hotline", "escape", "ngo", "family")
DIFFICULTY_DISTRACTORS = {"easy": (0, 0), "medium": (0, 1), "hard": (1, 2)}
DIFFICULTY_SUBTLE = {"easy": 0.0, "medium": 0.4, "hard": 0.85}


@lru_cache(maxsize=64)
def _id_prefix(params: GeneratorParams) -> str:
    digest = hashlib.sha1(params.key().encode("utf-8")).hexdigest()[:6]
    return f"{params.jurisdiction}-{params.difficulty[0]}{params.age_band[0]}-{digest}"


class _Draw:
    """Collects the story while the facts are drawn."""

    def __init__(self, rng: random.Random, difficulty: str):
        self.rng = rng
        self.difficulty = difficulty
        self.paragraphs: list[list[Segment]] = []
        self.pooled: dict[str, tuple[str, int]] = {}
        self.literals: dict[str, object] = {}

    def paragraph(self) -> None:
        self.paragraphs.append([])

    def say(self, slot: str, observation: str | None = None, distractor: bool = False) -> None:
        variant = self.rng.randrange(slot_size(slot))
        self.paragraphs[-1].append(Segment(slot, variant, observation, distractor))

    def observe(self, observation: str) -> None:
        subtle = self.rng.random() < DIFFICULTY_SUBTLE[self.difficulty]
        self.say(f"obs.{observation}.{'subtle' if subtle else 'explicit'}", observation)

    def fill(self, placeholder: str, pool: str) -> None:
        self.pooled[placeholder] = (pool, self.rng.randrange(pool_size(pool)))

    def person(self, placeholder: str, sex: str | None = None) -> str:
        sex = sex or self.rng.choice(("female", "male"))
        pool = f"names_{sex}"
        # distinct people never share a name: draw from the names not yet given
        taken = {index for name, index in self.pooled.values() if name == pool}
        free = [index for index in range(pool_size(pool)) if index not in taken]
        self.pooled[placeholder] = (pool, self.rng.choice(free))
        self.literals[f"{placeholder}_sex"] = sex
        return sex

    def distractors(self) -> None:
        low, high = DIFFICULTY_DISTRACTORS[self.difficulty]
        count = self.rng.randint(low, high)
        used = {s.variant for p in self.paragraphs for s in p if s.distractor}
        for _ in range(count):
            choices = [i for i in range(slot_size("distractor")) if i not in used]
            if not choices:
                return
            variant = self.rng.choice(choices)
            used.add(variant)
            self.paragraphs[-1].append(Segment("distractor", variant, None, True))


def _boss(draw: _Draw, who: str) -> None:
    """``{boss}`` in templates: whoever controls the person at the destination."""
    draw.pooled["boss"] = draw.pooled[who]
    draw.literals["boss_sex"] = draw.literals[f"{who}_sex"]


def _age(rng: random.Random, child: bool) -> int:
    return rng.randint(12, 17) if child else rng.randint(18, 45)


def _route(
    draw: _Draw,
    jurisdiction: str,
    home: str,
    cross_border: bool,
    illegal: bool,
    inbound: bool,
    via: bool = False,
) -> Route:
    if not cross_border:
        draw.fill("home_town", f"towns_{home}")
        draw.fill("dest_town", f"towns_{home}")
        draw.literals.update(home_country=home, dest_country=home)
        if draw.pooled["home_town"] == draw.pooled["dest_town"]:
            pool, index = draw.pooled["dest_town"]
            draw.pooled["dest_town"] = (pool, (index + 1) % pool_size(pool))
        return Route("domestic", "none", home, (), home)
    transit: tuple[str, ...] = ()
    options = VIA.get(home, {})
    if via and (options.get("onward") or options.get("through")):
        journeys = [("onward", j) for j in options.get("onward", ())]
        journeys += [("through", j) for j in options.get("through", ())]
        mode, (first, second) = draw.rng.choice(journeys)
        if mode == "onward":
            origin, transit, destination = home, (first,), second
        else:
            origin, transit, destination = first, (home,), second
        draw.literals["via_country"] = transit[0]
    else:
        abroad = draw.rng.choice(ABROAD.get(jurisdiction, ABROAD["KG"]))
        origin, destination = (abroad, home) if inbound else (home, abroad)
    draw.fill("home_town", f"towns_{origin}")
    draw.fill("dest_town", f"towns_{destination}")
    draw.literals.update(home_country=origin, dest_country=destination)
    return Route("cross_border", "illegal" if illegal else "legal", origin, transit, destination)


def _vulnerability(draw: _Draw, child: bool, abused: bool, sex: str) -> Vulnerability:
    pool = CHILD_VULNERABILITIES if child else ADULT_VULNERABILITIES
    if sex != "female":
        pool = tuple(v for v in pool if v != "pregnancy")
    item = draw.rng.choice(pool)
    entry = vocabulary()["vulnerabilities"][item]
    origin = "created_by_trafficker" if item == "addiction_fostered" else "pre_existing"
    return Vulnerability(item, entry["kind"], origin, abused)


def _intro(draw: _Draw, child: bool, vulnerabilities: tuple[Vulnerability, ...]) -> None:
    draw.paragraph()
    draw.say("intro.child" if child else "intro.adult")
    for vulnerability in vulnerabilities:
        draw.say(f"vuln.{vulnerability.id}")


def _trafficking(draw: _Draw, pack: LawPack, form: str, child: bool, home: str):
    rng = draw.rng
    sex = "female" if form == "forced_marriage" else rng.choice(("female", "male", "female"))
    age = _age(rng, child)
    if form == "forced_marriage" and not child:
        age = rng.randint(18, 24)
    candidates = [m for m in FORM_MEANS[form] if m in pack.means]
    if child and rng.random() < 0.5:
        means: list[str] = []  # the child rule: no means needed (004a [L399-409])
    else:
        means = rng.sample(candidates, 2 if rng.random() < 0.3 else 1)
    if "abduction" in means and "deception" in means:
        means.remove("deception")
    abduction = "abduction" in means
    # Stopped before any exploitation (004a ex. 11): the offence is complete all the same.
    exploited = rng.random() < 0.75
    cross_border = not abduction and form not in ("forced_begging",) and rng.random() < 0.6
    inbound = cross_border and rng.random() < 0.3
    # an interrupted journey is stopped before the border, so it crosses none illegally
    illegal = cross_border and exploited and rng.random() < 0.3
    via = cross_border and exploited and not inbound and rng.random() < 0.3
    route = _route(
        draw, pack.id if pack.id in ABROAD else "KG", home, cross_border, illegal, inbound, via
    )
    citizenship = route.origin or home
    abused = "abuse_of_vulnerability" in means
    vulnerabilities: tuple[Vulnerability, ...] = ()
    if abused or rng.random() < 0.5:
        vulnerabilities = (_vulnerability(draw, child, abused, sex),)
    draw.person("victim", sex)
    draw.person("recruiter")
    same_person = rng.random() < 0.35 or not exploited
    if not same_person:
        draw.person("exploiter")
    _boss(draw, "recruiter" if same_person else "exploiter")
    draw.fill("company", "companies")
    draw.fill("job", f"jobs_{form}")
    draw.literals["amount"] = rng.choice((300, 400, 500, 600, 800, 1000, 1200))

    offenders = []
    acts = []
    if abduction:
        acts.append("transportation")
        offenders.append(Offender("recruiter", rng.randint(20, 50), ("transporter",)))
    else:
        acts.append("recruitment")
        roles = ["recruiter", "transporter"]
        offenders.append(Offender("recruiter", rng.randint(20, 55), tuple(roles)))
        acts.append("transportation")
    if not exploited:
        same_person = True  # nobody has received the person yet
    if same_person:
        if exploited:
            offenders[0] = Offender(
                "recruiter", offenders[0].age, offenders[0].roles + ("exploiter",)
            )
    else:
        acts.append("transfer" if "transfer" not in acts else "receipt")
        if "receipt" not in acts:
            acts.append("receipt")
        offenders.append(Offender("exploiter", rng.randint(25, 60), ("receiver", "exploiter")))
    observations: list[str] = []
    if exploited:
        pool = list(CHILD_OBSERVATIONS if child else ADULT_OBSERVATIONS)
        if form in FORMS_WITHOUT_EARNINGS and "earnings_withheld" in pool:
            pool.remove("earnings_withheld")
        observations = rng.sample(pool, rng.randint(1, min(3, len(pool))))
        if child and route.destination == home and citizenship != home:
            observations.append("unaccompanied_foreign_child")
    observations.sort(key=ADULT_OBSERVATIONS_ORDER.index)
    # Harbouring (hiding the person from relatives and police) is told only where the person
    # is also confined, so that its sentence never shows an indicator the facts do not hold.
    if "confined" in observations and rng.random() < 0.6:
        acts.append("harbouring")
    if "payment_to_person_in_control" in means:
        draw.person("relative")
        offenders.append(Offender("relative", rng.randint(38, 60), ("person_in_control",)))
    facts = Facts(
        victim=Victim(age, sex, citizenship, vulnerabilities),
        acts=tuple(
            a
            for a in ("recruitment", "transportation", "transfer", "harbouring", "receipt")
            if a in acts
        ),
        means=tuple(means),
        purposes=(form,),
        travel="arranged_by_offender",
        route=route,
        exploitation_occurred=exploited,
        offenders=tuple(offenders),
        consent=bool({"deception", "fraud"} & set(means)) or (child and not means),
        observations=tuple(observations),
    )
    # The story, paragraph by paragraph.
    _intro(draw, child, vulnerabilities)
    draw.paragraph()
    if abduction:
        draw.say(f"abduct.{form}")
    else:
        draw.say(f"recruit.{form}")
        for item in means:
            specific = f"means.{item}.{form}"  # e.g. a lie about an operation, not a salary
            draw.say(specific if has_slot(specific) else f"means.{item}")
        if not means:
            draw.say("recruit.child_no_means")
    if exploited and route.transit:
        draw.say(f"travel.via.{route.border_crossing}")
    elif exploited:
        draw.say(f"travel.{route.scope}.{route.border_crossing}")
    else:
        draw.say(f"travel.pending.{route.scope}")
    if not same_person:
        draw.say("handover")
    draw.paragraph()
    if exploited:
        draw.say(f"exploit.{form}")
        if "harbouring" in facts.acts:
            draw.say("harbour")
        for observation in observations:
            draw.observe(observation)
        draw.distractors()
        draw.paragraph()
        draw.say(f"discovery.{rng.choice(DISCOVERY_EXPLOITED)}")
    else:
        draw.say(f"pending.{form}")
        draw.distractors()
        draw.paragraph()
        draw.say("discovery.checkpoint")
    return facts


def _near_miss(draw: _Draw, pack: LawPack, kind: str, child: bool, home: str):
    rng = draw.rng
    sex = rng.choice(("female", "male"))
    if kind == "voluntary_prostitution":
        sex = rng.choice(("female", "female", "male"))
    age = _age(rng, child)
    if child and kind == "independent_travel":
        age = rng.randint(16, 17)  # a younger child travelling alone would be a different case
    draw.person("victim", sex)
    draw.person("recruiter")
    _boss(draw, "recruiter")
    draw.fill("company", "companies")
    draw.fill("job", "jobs_forced_labour")
    draw.literals["amount"] = rng.choice((200, 300, 400, 500, 700))
    jurisdiction = pack.id if pack.id in ABROAD else "KG"
    vulnerabilities: tuple[Vulnerability, ...] = ()
    observations: list[str] = []
    offenders: tuple[Offender, ...]
    if kind == "migrant_smuggling":
        route = _route(draw, jurisdiction, home, True, True, False)
        facts = Facts(
            Victim(age, sex, route.origin or home),
            ("transportation",),
            (),
            (),
            "arranged_by_offender",
            route,
            False,
            (Offender("recruiter", rng.randint(25, 55), ("transporter",)),),
            consent=True,
        )
    elif kind == "voluntary_prostitution":
        route = _route(draw, jurisdiction, home, False, False, False)
        facts = Facts(
            Victim(age, sex, home),
            ("recruitment",),
            (),
            ("sexual_exploitation",),
            "independent",
            route,
            True,
            (Offender("recruiter", rng.randint(25, 55), ("intermediary",)),),
            consent=True,
        )
    elif kind == "labour_dispute":
        cross = rng.random() < 0.6
        route = _route(draw, jurisdiction, home, cross, False, cross and rng.random() < 0.5)
        if rng.random() < 0.6:
            vulnerabilities = (_vulnerability(draw, False, False, sex),)
        pool = ["earnings_withheld", "unfit_housing"]
        observations = sorted(
            rng.sample(pool, rng.randint(1, 2)), key=ADULT_OBSERVATIONS_ORDER.index
        )
        facts = Facts(
            Victim(age, sex, route.origin or home, vulnerabilities),
            ("recruitment",),
            (),
            (),
            "independent",
            route,
            False,
            (Offender("recruiter", rng.randint(25, 60), ()),),
            consent=True,
            labour_relation=True,
            observations=tuple(observations),
        )
    elif kind == "independent_travel":
        cross = rng.random() < 0.6
        route = _route(draw, jurisdiction, home, cross, False, False)
        facts = Facts(
            Victim(age, sex, route.origin or home),
            ("transportation",),
            (),
            (),
            "independent",
            route,
            False,
            (Offender("recruiter", rng.randint(20, 50), ()),),
            consent=True,
        )
    else:  # kidnapping_ransom
        route = _route(draw, jurisdiction, home, False, False, False)
        observations = sorted(
            rng.sample(["confined", "no_contact"], rng.randint(1, 2)),
            key=ADULT_OBSERVATIONS_ORDER.index,
        )
        offenders = (Offender("recruiter", rng.randint(20, 45), ()),)
        facts = Facts(
            Victim(age, sex, home),
            ("transportation", "harbouring"),
            ("abduction", "threat"),
            (),
            "arranged_by_offender",
            route,
            False,
            offenders,
            ransom_demanded=True,
            observations=tuple(observations),
        )
    _intro(draw, child, vulnerabilities)
    draw.paragraph()
    draw.say(f"near.{kind}.setup")
    draw.say(f"near.{kind}.travel")
    draw.paragraph()
    draw.say(f"near.{kind}.after")
    for observation in observations:
        draw.observe(observation)
    draw.distractors()
    draw.paragraph()
    draw.say(f"near.{kind}.discovery")
    return facts


def generate_case(seed: int, params: GeneratorParams | None = None) -> Case:
    """Generate one case: a pure function of ``(params, seed)``."""
    params = params or GeneratorParams()
    pack = load_pack(params.jurisdiction)
    rng = random.Random(f"{params.key()}#{seed}")
    draw = _Draw(rng, params.difficulty)
    near = rng.random() < params.non_trafficking_share
    if near:
        kinds = params.near_misses or NEAR_MISSES
        child_kinds = tuple(k for k in kinds if k in CHILD_NEAR_MISSES)
    else:
        kinds = params.forms or GENERATED_FORMS
        child_kinds = tuple(k for k in kinds if k not in ADULT_ONLY_FORMS)
    if params.age_band == "any":
        child = bool(child_kinds) and rng.random() < 0.35
    else:
        child = params.age_band == "child"  # GeneratorParams checked child_kinds is not empty
    kind = rng.choice(child_kinds if child else kinds)
    home = rng.choice(HOME[params.jurisdiction])
    draw.literals["hotline"] = "1899" if home == "KG" else ""
    if near:
        facts = _near_miss(draw, pack, kind, child, home)
    else:
        facts = _trafficking(draw, pack, kind, child, home)
    draw.literals["age"] = facts.victim.age
    verdict = qualify(facts, pack)
    story = Story(
        sex=facts.victim.sex,
        paragraphs=tuple(tuple(p) for p in draw.paragraphs if p),
        pooled=tuple(sorted((k, v[0], v[1]) for k, v in draw.pooled.items())),
        literals=tuple(sorted(draw.literals.items())),
    )
    band = "child" if verdict.is_child else "adult"
    return Case(
        case_id=f"{_id_prefix(params)}-{seed}",
        seed=seed,
        params=params,
        kind=kind,
        facts=facts,
        story=story,
        police_indicators=police_indicator_ids(facts.observations, band),
        ilo_indicators=ilo_indicator_ids(facts),
        verdict=verdict,
    )
