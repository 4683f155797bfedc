"""The seeded case generator: (params, seed) -> Case, deterministically.

Facts are drawn first (per form of exploitation or per near miss), then the story that tells
them: one template slot per sentence, observations as their own sentences so the indicators the
narrative shows are exactly those the facts hold. The answer key is the qualification engine's
verdict on the generated facts, never a second hand-written copy.

Plausibility: each jurisdiction has its own countries of destination (outbound), of origin
(inbound) and transit routes; people are named after the country they come from; one means of
transport carries a whole story, and a destination reached by air is reached by plane.
"""

from __future__ import annotations

import dataclasses
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
from simsuite.trafficking.render import TemplateSet, packaged

#: Home country per jurisdiction (the Palermo baseline tells stories in any of the three).
HOME = {"KG": ("KG",), "AZ": ("AZ",), "UZ": ("UZ",), "PALERMO": ("KG", "UZ", "AZ")}
#: Where each home country's victims are taken (outbound) and where victims brought into it come
#: from (inbound): countries of destination and origin that its cases plausibly involve.
OUTBOUND = {
    "KG": ("RU", "KZ", "TR", "AE"),
    "AZ": ("TR", "RU", "AE"),
    "UZ": ("RU", "KZ", "TR", "AE"),
}
INBOUND = {"KG": ("UZ", "TJ"), "AZ": ("UZ", "TJ", "KG"), "UZ": ("TJ", "KG")}
#: Journeys with a transit country: onward from home through a neighbour, or through home
#: between two other countries (004a [L169-179]: a country can be origin, transit, destination).
VIA = {
    "KG": {"onward": (("KZ", "RU"),), "through": (("UZ", "KZ"), ("TJ", "KZ"), ("TJ", "RU"))},
    "UZ": {"onward": (("KZ", "RU"),), "through": (("TJ", "KZ"),)},
    "AZ": {"onward": (("GE", "TR"),), "through": (("UZ", "TR"),)},
}
#: Countries with a land border between them (an illegal crossing needs one).
NEIGHBOURS = {
    frozenset(pair)
    for pair in (
        ("KG", "KZ"), ("KG", "UZ"), ("KG", "TJ"), ("UZ", "KZ"), ("UZ", "TJ"),
        ("AZ", "GE"), ("AZ", "RU"), ("GE", "TR"), ("KZ", "RU"),
    )
}  # fmt: skip
LAND_MODES = ("bus", "train")
#: Means each form's stories can tell (the pack decides which of them the law counts).
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
#: Means that can be used at the destination, after a first agreement (coercion at destination).
DESTINATION_MEANS = ("threat", "force", "blackmail", "other_coercion")
#: Means whose only telling can be left "not yet established" (the victim's word against the
#: suspect's).
OPEN_MEANS = (
    "deception",
    "fraud",
    "threat",
    "force",
    "blackmail",
    "other_coercion",
    "abuse_of_vulnerability",
)
ADULT_OBSERVATIONS = (
    "dependence_or_cruelty",
    "confined",
    "documents_withheld",
    "no_contact",
    "earnings_withheld",
    "unfit_housing",
)
CHILD_OBSERVATIONS = (
    "dependence_or_cruelty",
    "confined",
    "no_contact",
    "unfit_housing",
    "documents_withheld",
)
#: Story order of observation sentences.
OBSERVATIONS_ORDER = (
    "dependence_or_cruelty",
    "confined",
    "cannot_leave_country",
    "documents_withheld",
    "no_contact",
    "earnings_withheld",
    "wages_unpaid",
    "unfit_housing",
    "unaccompanied_foreign_child",
)
FORMS_WITHOUT_EARNINGS = ("organ_removal", "forced_marriage")
SEVERAL_VICTIM_FORMS = ("sexual_exploitation", "forced_labour", "forced_begging", "servitude")
#: Background vulnerabilities the stories tell (told before the recruitment, so they describe
#: the person's circumstances, never the dependence or cruelty the police list asks about).
ADULT_VULNERABILITIES = ("unemployment", "debt", "poverty", "intellectual_disability", "pregnancy")
CHILD_VULNERABILITIES = ("poverty", "youth", "intellectual_disability")
DISCOVERY_AT_HOME = ("raid", "neighbour", "hotline", "escape", "ngo", "family")
DISCOVERY_AFTER_RETURN = ("returned", "family")
DIFFICULTY_DISTRACTORS = {"easy": (0, 0), "medium": (0, 1), "hard": (1, 2)}
DIFFICULTY_SUBTLE = {"easy": 0.0, "medium": 0.4, "hard": 0.85}
ACT_ORDER = ("recruitment", "transportation", "transfer", "harbouring", "receipt")


@lru_cache(maxsize=64)
def _id_prefix(params: GeneratorParams) -> str:
    digest = hashlib.sha1(params.key().encode("utf-8")).hexdigest()[:6]
    return f"{params.jurisdiction}-{params.difficulty[0]}{params.age_band[0]}-{digest}"


#: where a person's name comes from when their country's pool is missing or used up
NAME_FALLBACK = ("KG", "KZ", "UZ", "RU")


class _Draw:
    """Collects the story while the facts are drawn."""

    def __init__(self, rng: random.Random, difficulty: str, tset: TemplateSet):
        self.rng = rng
        self.difficulty = difficulty
        self.tset = tset
        self.paragraphs: list[list[Segment]] = []
        self.pooled: dict[str, tuple[str, int]] = {}
        self.literals: dict[str, object] = {}

    def paragraph(self) -> None:
        self.paragraphs.append([])

    def say(self, slot: str, observation: str | None = None, distractor: bool = False) -> None:
        variant = self.rng.randrange(self.tset.slot_size(slot))
        self.paragraphs[-1].append(Segment(slot, variant, observation, distractor))

    def observe(self, observation: str, pending: bool = False) -> None:
        if pending:  # seen on the way, before any exploitation
            self.say(f"obs.{observation}.pending", observation)
            return
        subtle = self.rng.random() < DIFFICULTY_SUBTLE[self.difficulty]
        self.say(f"obs.{observation}.{'subtle' if subtle else 'explicit'}", observation)

    def fill(self, placeholder: str, pool: str) -> None:
        self.pooled[placeholder] = (pool, self.rng.randrange(self.tset.pool_size(pool)))

    def person(self, placeholder: str, country: str, sex: str | None = None) -> str:
        """A fictional name from ``country`` for a person of ``sex`` (drawn if None)."""
        sex = sex or self.rng.choice(("female", "male"))
        # distinct people never share a name: draw from the names not yet given; a small
        # national pool that is used up (three women of one family from a country with few
        # names in the templates) lends from the region's larger pools
        for pool in (f"names_{sex}_{country}", *(f"names_{sex}_{c}" for c in NAME_FALLBACK)):
            if not self.tset.has_pool(pool):
                continue
            taken = {index for name, index in self.pooled.values() if name == pool}
            free = [index for index in range(self.tset.pool_size(pool)) if index not in taken]
            if free:
                break
        self.pooled[placeholder] = (pool, self.rng.choice(free))
        self.literals[f"{placeholder}_sex"] = sex
        return sex

    def distractors(self) -> None:
        low, high = DIFFICULTY_DISTRACTORS[self.difficulty]
        count = self.rng.randint(low, high)
        used = {s.variant for p in self.paragraphs for s in p if s.distractor}
        for _ in range(count):
            choices = [i for i in range(self.tset.slot_size("distractor")) if i not in used]
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


def _mode(rng: random.Random, origin: str, destination: str, illegal: bool) -> str:
    """How the person travelled: overland only between neighbours or where roads run."""
    if illegal:
        return rng.choice(("lorry", "foot"))
    if destination == "AE":
        return "plane"
    if destination == "TR":
        return "bus" if origin in ("AZ", "GE") else "plane"
    if destination == "RU":
        return rng.choice(("plane", "bus") if origin == "AZ" else ("plane", "train", "bus"))
    if frozenset((origin, destination)) in NEIGHBOURS:
        return rng.choice(LAND_MODES)
    return "plane"


def _route(
    draw: _Draw,
    home: str,
    cross_border: bool,
    illegal: bool,
    inbound: bool,
    via: bool = False,
) -> Route:
    rng = draw.rng
    if not cross_border:
        draw.fill("home_town", f"towns_{home}")
        draw.fill("dest_town", f"towns_{home}")
        draw.literals.update(home_country=home, dest_country=home)
        if draw.pooled["home_town"] == draw.pooled["dest_town"]:
            pool, index = draw.pooled["dest_town"]
            draw.pooled["dest_town"] = (pool, (index + 1) % draw.tset.pool_size(pool))
        draw.literals["mode"] = rng.choice(("bus", "car"))
        return Route("domestic", "none", home, (), home)
    transit: tuple[str, ...] = ()
    options = VIA.get(home, {})
    if via and options:
        journeys = [("onward", j) for j in options.get("onward", ())]
        journeys += [("through", j) for j in options.get("through", ())]
        mode, (first, second) = rng.choice(journeys)
        if mode == "onward":
            origin, transit, destination = home, (first,), second
        else:
            origin, transit, destination = first, (home,), second
        draw.literals["via_country"] = transit[0]
        draw.literals["mode"] = "lorry" if illegal else "bus"
    else:
        if illegal:
            pool = INBOUND[home] if inbound else OUTBOUND[home]
            near = [c for c in pool if frozenset((home, c)) in NEIGHBOURS]
            abroad = rng.choice(near or pool)
            illegal = bool(near)
        else:
            abroad = rng.choice(INBOUND[home] if inbound else OUTBOUND[home])
        origin, destination = (abroad, home) if inbound else (home, abroad)
        draw.literals["mode"] = _mode(rng, origin, destination, illegal)
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


def _intro(draw: _Draw, child: bool, vulnerabilities, age_open: bool = False) -> None:
    draw.paragraph()
    if age_open:
        draw.say("intro.unknown_age")
    else:
        draw.say("intro.child" if child else "intro.adult")
    for vulnerability in vulnerabilities:
        draw.say(f"vuln.{vulnerability.id}")


def _travel_slot(route: Route, mode: str, status: str) -> str:
    if status == "planned":
        return "travel.planned"
    if status == "interrupted":
        if route.transit and route.crossed:
            return "travel.transit_stopped"
        scope = route.scope
        mode = mode if scope == "cross_border" else ("car" if mode == "car" else "bus")
        if scope == "cross_border" and mode not in ("plane", "bus", "car"):
            mode = "bus"
        return f"travel.pending.{scope}.{mode}"
    if route.transit:
        vehicle = "lorry" if route.border_crossing == "illegal" else "bus"
        return f"travel.via.{route.border_crossing}.{vehicle}"
    if route.scope == "domestic":
        return f"travel.domestic.{'car' if mode == 'car' else 'bus'}"
    return f"travel.cross_border.{route.border_crossing}.{mode}"


def _trafficking(draw: _Draw, pack: LawPack, form: str, child: bool, home: str, open_share: float):
    rng = draw.rng
    sex = "female" if form == "forced_marriage" else rng.choice(("female", "male", "female"))
    age = _age(rng, child)
    if form == "forced_marriage" and not child:
        age = rng.randint(18, 24)
    candidates = [
        m for m in FORM_MEANS[form] if m in pack.means or m == "payment_to_person_in_control"
    ]
    if child and rng.random() < 0.5:
        means: list[str] = []  # the child rule: no means needed (004a [L399-409])
    else:
        means = rng.sample(candidates, 2 if rng.random() < 0.3 else 1)
    if "abduction" in means and "deception" in means:
        means.remove("deception")
    abduction = "abduction" in means
    # Stopped before any exploitation (004a ex. 11): the offence is complete all the same;
    # some journeys never began at all.
    exploited = rng.random() < 0.75
    cross_border = not abduction and form != "forced_begging" and rng.random() < 0.6
    inbound = cross_border and rng.random() < 0.3
    # an interrupted journey is stopped before the border, so it crosses none illegally
    illegal = cross_border and exploited and rng.random() < 0.3
    via = cross_border and not inbound and rng.random() < 0.3
    route = _route(draw, home, cross_border, illegal, inbound, via)
    if route.transit and route.origin != home:
        # through the home country: its police meet the person on the way, in transit, after
        # the border into the home country was crossed (legally: the story says so)
        exploited = False
        route = dataclasses.replace(route, border_crossing="legal")
    elif route.transit:
        exploited = True  # onward through a neighbour: the journey was made
    status = "completed" if exploited else ("planned" if rng.random() < 0.25 else "interrupted")
    if (route.transit or abduction) and not exploited:
        status = "interrupted"  # an abduction is stopped on the way, never "planned"
    if abduction:
        draw.literals["mode"] = "car"
    if status != "completed":
        crossed = bool(route.transit) and route.origin != home and status == "interrupted"
        route = dataclasses.replace(route, status=status, border_crossed=crossed)
    mode = str(draw.literals["mode"])
    citizenship = route.origin or home
    destination = route.destination or home
    abused = "abuse_of_vulnerability" in means
    vulnerabilities: tuple[Vulnerability, ...] = ()
    if abused or rng.random() < 0.5:
        vulnerabilities = (_vulnerability(draw, child, abused, sex),)
    bride = abduction and form == "forced_marriage"
    draw.person("victim", citizenship, sex)
    draw.person("recruiter", citizenship, "male" if bride else None)
    same_person = (rng.random() < 0.35 or not exploited) and not bride
    if not exploited:
        same_person = True  # nobody has received the person yet
    if not same_person:
        draw.person("exploiter", destination)
    _boss(draw, "recruiter" if same_person else "exploiter")
    draw.fill("company", "companies")
    draw.fill("job", f"jobs_{form}")
    draw.literals["amount"] = rng.choice((300, 400, 500, 600, 800, 1000, 1200))

    # Coercion at the destination after a first agreement (means used there, consent withdrawn).
    destination_means = None
    if (
        exploited
        and not child
        and not abduction
        and form not in ("organ_removal", "forced_marriage")
        and rng.random() < 0.25
    ):
        destination_means = rng.choice(DESTINATION_MEANS)
        means = [m for m in means if m in ("deception", "fraud")] or ["deception"]
        means.append(destination_means)
    unreal_threat = (
        "threat" in means
        and len(means) > 1
        and destination_means != "threat"
        and rng.random() < 0.35
    )
    timing = {}
    for item in means:
        timing[item] = "transport" if item == "abduction" else "recruitment"
    if destination_means:
        timing[destination_means] = "destination"

    offenders: list[Offender] = []
    acts: list[str] = []
    recruiter_roles: list[str] = []
    if abduction:
        recruiter_roles.append("transporter")
        acts.append("transportation")
    else:
        acts.append("recruitment")
        recruiter_roles.append("recruiter")
        acts.append("transportation")
        if status != "planned":
            recruiter_roles.append("transporter")
    if same_person and exploited:
        recruiter_roles.append("exploiter")
    elif not same_person:
        acts += ["transfer", "receipt"]
        recruiter_roles.append("seller")
    offenders.append(Offender("recruiter", rng.randint(20, 55), tuple(recruiter_roles)))
    if not same_person:
        offenders.append(Offender("exploiter", rng.randint(25, 60), ("receiver", "exploiter")))

    # Who else is in the case: a helper under 14, a driver who did not know, an organiser.
    helper = not abduction and status != "planned" and rng.random() < 0.08
    if helper:
        draw.person("helper", citizenship)
        offenders.append(Offender("helper", 13, ("recruiter",)))
    driver = (
        not abduction
        and not route.transit
        and mode == "car"
        and status != "planned"
        and rng.random() < 0.5
    )
    if driver:
        draw.person("driver", citizenship)
        offenders.append(Offender("driver", rng.randint(25, 60), ("transporter",), False))
    organiser = cross_border and exploited and not bride and rng.random() < 0.15
    if organiser:
        draw.person("organiser", destination)
        offenders.append(Offender("organiser", rng.randint(30, 60), ("organiser",)))
    victim_count = 1
    if form in SEVERAL_VICTIM_FORMS and status != "planned" and rng.random() < 0.12:
        victim_count = rng.choice((2, 3))

    observations: list[str] = []
    pending_observations = False
    if exploited:
        pool = list(CHILD_OBSERVATIONS if child else ADULT_OBSERVATIONS)
        if form in FORMS_WITHOUT_EARNINGS and "earnings_withheld" in pool:
            pool.remove("earnings_withheld")
        if not child and destination != citizenship and "confined" in pool:
            # abroad, a person may go out freely and still not be able to go home
            pool.append("cannot_leave_country")
        observations = rng.sample(pool, rng.randint(1, min(3, len(pool))))
        if "confined" in observations and "cannot_leave_country" in observations:
            observations.remove("cannot_leave_country")
        if child and destination == home and citizenship != home:
            observations.append("unaccompanied_foreign_child")
    else:
        # stopped on the way or before it: what the officers saw at that moment (the recruiter
        # already holds the passport, or the phone once the trip has begun)
        seen = (
            ["documents_withheld"] if status == "planned" else ["documents_withheld", "no_contact"]
        )
        observations = [rng.choice(seen)]
        pending_observations = True
    observations.sort(key=OBSERVATIONS_ORDER.index)
    # Harbouring (hiding the person from relatives and police) is told only where the person
    # is also confined, or kept by a means at the destination.
    if destination_means or ("confined" in observations and rng.random() < 0.6):
        acts.append("harbouring")
    if "payment_to_person_in_control" in means:
        draw.person("relative", citizenship)
        offenders.append(Offender("relative", rng.randint(38, 60), ("person_in_control", "seller")))

    facts = Facts(
        victim=Victim(age, sex, citizenship, vulnerabilities),
        acts=tuple(a for a in ACT_ORDER if a in acts),
        means=tuple(means),
        purposes=(form,),
        travel="arranged_by_offender",
        route=route,
        exploitation_occurred=exploited,
        offenders=tuple(offenders),
        consent=bool({"deception", "fraud"} & set(means)) or (child and not means),
        threat_is_real=not unreal_threat,
        observations=tuple(observations),
        victim_count=victim_count,
        means_timing=tuple(timing.items()),
        consent_withdrawn=destination_means is not None,
        abduction_for_marriage=bride,
    )

    # A fact not yet established, kept only when it decides the qualification.
    open_item = None
    verdict = None
    if rng.random() < open_share:
        options = []
        if 16 <= age <= 19 or child:
            options.append("victim.age")
        single = [m for m in means if timing.get(m) == "recruitment" and m in OPEN_MEANS]
        if not child and len(means) == 1 and single and not abduction:
            options.append(f"means:{single[0]}")
        if not exploited:
            options.append(f"purposes:{form}")
        if driver:
            options.append("offender:driver.knows_purpose")
        if options:
            open_item = rng.choice(options)
            if open_item == "victim.age" and not 16 <= age <= 19:
                age = 17 if child else 18
                facts = dataclasses.replace(
                    facts, victim=dataclasses.replace(facts.victim, age=age)
                )
            candidate = dataclasses.replace(facts, open=(open_item,))
            weighed = qualify(candidate, pack)
            if weighed.is_open:
                facts, verdict = candidate, weighed
            else:
                open_item = None
    draw.literals["age"] = facts.victim.age

    # The story, paragraph by paragraph.
    _intro(draw, child, vulnerabilities, age_open=open_item == "victim.age")
    if open_item == "victim.age":
        draw.say("open.age")
    draw.paragraph()
    if abduction:
        draw.say(f"abduct.{form}")
    else:
        draw.say(f"recruit.{form}")
        if helper:
            draw.say("helper")
        if organiser:
            draw.say("organiser")
        for item in means:
            if timing.get(item) == "destination":
                continue
            if open_item == f"means:{item}":
                draw.say(f"open.means.{item}")
                continue
            if item == "threat" and unreal_threat:
                draw.say("means.threat.unreal")
                continue
            specific = f"means.{item}.{form}"  # e.g. a lie about an operation, not a salary
            draw.say(specific if draw.tset.has_slot(specific) else f"means.{item}")
        if not means:
            draw.say("recruit.child_no_means")
    draw.say(_travel_slot(route, mode, status))
    if driver:
        draw.say("driver.open" if open_item == "offender:driver.knows_purpose" else "driver")
        if open_item == "offender:driver.knows_purpose":
            draw.say("open.knowledge")
    if victim_count > 1:
        draw.say(f"victims.{victim_count}")
    if not same_person:
        draw.say("handover.bride" if bride else "handover")
    draw.paragraph()
    if exploited:
        draw.say(f"exploit.{form}")
        if destination_means:
            draw.say("withdrawn")
            draw.say(f"means.{destination_means}.destination")
        if "harbouring" in facts.acts:
            draw.say("harbour")
        for observation in observations:
            draw.observe(observation)
        draw.distractors()
        draw.paragraph()
        places = DISCOVERY_AFTER_RETURN if destination != home else DISCOVERY_AT_HOME
        draw.say(f"discovery.{rng.choice(places)}")
    else:
        if open_item == f"purposes:{form}":
            draw.say("open.purpose")
        else:
            draw.say(f"pending.{form}")
        for observation in observations:
            draw.observe(observation, pending=pending_observations)
        draw.distractors()
        draw.paragraph()
        draw.say("discovery.before_departure" if status == "planned" else "discovery.checkpoint")
    return facts, verdict


def _near_miss(draw: _Draw, pack: LawPack, kind: str, child: bool, home: str):
    rng = draw.rng
    sex = rng.choice(("female", "male"))
    if kind == "voluntary_prostitution":
        sex = rng.choice(("female", "female", "male"))
    if kind == "bride_kidnapping":
        sex = "female"
    age = _age(rng, child)
    if child and kind in ("independent_travel", "bride_kidnapping"):
        age = rng.randint(16, 17)  # a younger child travelling alone would be a different case
    if not child and kind == "bride_kidnapping":
        age = rng.randint(18, 24)
    vulnerabilities: tuple[Vulnerability, ...] = ()
    observations: list[str] = []
    offenders: tuple[Offender, ...]
    if kind == "migrant_smuggling":
        route = _route(draw, home, True, True, False)
    elif kind in ("labour_dispute", "workplace_coercion"):
        cross = rng.random() < 0.6
        route = _route(draw, home, cross, False, cross and rng.random() < 0.5)
    elif kind == "independent_travel":
        route = _route(draw, home, rng.random() < 0.6, False, False)
    else:
        route = _route(draw, home, False, False, False)
    citizenship = route.origin or home
    draw.person("victim", citizenship, sex)
    employer = kind in ("labour_dispute", "workplace_coercion")
    draw.person(
        "recruiter",
        (route.destination if employer else route.origin) or home,
        "male" if kind == "bride_kidnapping" else None,
    )
    _boss(draw, "recruiter")
    draw.fill("company", "companies")
    draw.fill("job", "jobs_forced_labour")
    draw.literals["amount"] = rng.choice((200, 300, 400, 500, 700))
    if kind == "migrant_smuggling":
        facts = Facts(
            Victim(age, sex, citizenship),
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
        if rng.random() < 0.6:
            vulnerabilities = (_vulnerability(draw, False, False, sex),)
        wage = rng.choice(("wages_unpaid", "earnings_withheld", None))
        pool = ["unfit_housing"] + ([wage] if wage else [])
        observations = rng.sample(pool, rng.randint(1, len(pool)))
        facts = Facts(
            Victim(age, sex, citizenship, vulnerabilities),
            ("recruitment",),
            (),
            (),
            "independent",
            route,
            False,
            (Offender("recruiter", rng.randint(25, 60), ()),),
            consent=True,
            labour_relation=True,
            observations=tuple(sorted(observations, key=OBSERVATIONS_ORDER.index)),
        )
    elif kind == "workplace_coercion":
        facts = Facts(
            Victim(age, sex, citizenship),
            ("recruitment",),
            ("threat",),
            ("forced_labour",),
            "independent",
            route,
            True,
            (Offender("recruiter", rng.randint(25, 60), ("recruiter",)),),
            consent=True,
            labour_relation=True,
            means_timing=(("threat", "destination"),),
        )
    elif kind == "independent_travel":
        facts = Facts(
            Victim(age, sex, citizenship),
            ("transportation",),
            (),
            (),
            "independent",
            route,
            False,
            (Offender("recruiter", rng.randint(20, 50), ()),),
            consent=True,
        )
    elif kind == "bride_kidnapping":
        observations = rng.sample(["confined", "no_contact"], rng.randint(1, 2))
        facts = Facts(
            Victim(age, sex, home),
            ("transportation",),
            ("abduction", "force"),
            (),
            "arranged_by_offender",
            route,
            False,
            (Offender("recruiter", rng.randint(20, 30), ("transporter",)),),
            abduction_for_marriage=True,
            observations=tuple(sorted(observations, key=OBSERVATIONS_ORDER.index)),
            means_timing=(("abduction", "transport"), ("force", "transport")),
        )
    else:  # kidnapping_ransom
        observations = rng.sample(["confined", "no_contact"], rng.randint(1, 2))
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
            observations=tuple(sorted(observations, key=OBSERVATIONS_ORDER.index)),
        )
    draw.literals["age"] = facts.victim.age
    _intro(draw, child, vulnerabilities)
    draw.paragraph()
    draw.say(f"near.{kind}.setup")
    draw.say(f"near.{kind}.travel")
    draw.paragraph()
    draw.say(f"near.{kind}.after")
    for observation in facts.observations:
        draw.observe(observation)
    draw.distractors()
    draw.paragraph()
    draw.say(f"near.{kind}.discovery")
    return facts


def generate_case(
    seed: int, params: GeneratorParams | None = None, templates: TemplateSet | None = None
) -> Case:
    """Generate one case: a pure function of ``(params, seed)`` (and the template set)."""
    params = params or GeneratorParams()
    tset = templates or packaged()
    pack = load_pack(params.jurisdiction)
    rng = random.Random(f"{params.key()}#{seed}")
    draw = _Draw(rng, params.difficulty, tset)
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
    draw.literals["police"] = home
    verdict = None
    if near:
        facts = _near_miss(draw, pack, kind, child, home)
    else:
        facts, verdict = _trafficking(draw, pack, kind, child, home, params.open_share)
    verdict = verdict or qualify(facts, pack)
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
        discovery_country=home,
        templates=tset,
    )
