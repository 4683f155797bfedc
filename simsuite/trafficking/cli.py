"""``simsuite case generate`` and ``simsuite case qualify``.

``generate`` prints one case (JSON structured data, or Markdown prose with the answer key at
the end); ``qualify`` reads a facts file (docs/case-facts.schema.json) and prints the verdict
with its reasoning trace as JSON. Bad input is a :class:`UserInputError`: message, exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simsuite.errors import UserInputError
from simsuite.i18n import _
from simsuite.law import available_jurisdictions, facts_from_dict, load_pack, qualify
from simsuite.trafficking.generator import generate_case
from simsuite.trafficking.model import (
    AGE_BANDS,
    DIFFICULTIES,
    GENERATED_FORMS,
    LANGUAGES,
    NEAR_MISSES,
    GeneratorParams,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    case = subparsers.add_parser(
        "case",
        help=_("generate trafficking cases and qualify case facts under national law"),
        description=_("Generate trafficking cases and qualify case facts under national law."),
    )
    commands = case.add_subparsers(dest="case_command", metavar="ACTION")
    commands.required = True

    generate = commands.add_parser(
        "generate",
        help=_("generate one case from a seed"),
        description=_("Generate one case: the same seed and options always give the same case."),
    )
    generate.add_argument("--jurisdiction", default="KG", help=_("law pack (default: KG)"))
    generate.add_argument("--seed", type=int, required=True, help=_("integer seed"))
    generate.add_argument("--format", choices=("json", "md"), default="json")
    generate.add_argument("--lang", default="en", help=_("language of the case: en or ru"))
    generate.add_argument("--age-band", default="any", help=", ".join(AGE_BANDS))
    generate.add_argument("--difficulty", default="medium", help=", ".join(DIFFICULTIES))
    generate.add_argument(
        "--non-trafficking-share",
        type=float,
        default=0.3,
        help=_("probability that the case is a near miss, 0 to 1 (default: 0.3)"),
    )
    generate.add_argument("--form", action="append", dest="forms", help=", ".join(GENERATED_FORMS))
    generate.add_argument(
        "--near-miss", action="append", dest="near_misses", help=", ".join(NEAR_MISSES)
    )
    generate.set_defaults(handler=run_generate)

    qualify_cmd = commands.add_parser(
        "qualify",
        help=_("qualify a facts file (JSON) and print the verdict with its reasoning"),
        description=_("Qualify case facts (docs/case-facts.schema.json) under a law pack."),
    )
    qualify_cmd.add_argument("file", help=_("facts file (JSON), or - for standard input"))
    qualify_cmd.add_argument("--jurisdiction", required=True, help=_("law pack, e.g. KG"))
    qualify_cmd.add_argument("--lang", default="en", help=_("language of the reasoning"))
    qualify_cmd.set_defaults(handler=run_qualify)


def _lang(value: str) -> str:
    if value not in LANGUAGES:
        raise UserInputError(
            _("unknown language {lang!r}.").format(lang=value),
            where="--lang",
            allowed=", ".join(LANGUAGES),
        )
    return value


def _jurisdiction(value: str) -> str:
    code = value.upper()
    if code not in available_jurisdictions():
        raise UserInputError(
            _("unknown jurisdiction {code!r}.").format(code=value),
            where="--jurisdiction",
            allowed=", ".join(available_jurisdictions()),
        )
    return code


def run_generate(args: argparse.Namespace) -> int:
    lang = _lang(args.lang)
    params = GeneratorParams(
        jurisdiction=_jurisdiction(args.jurisdiction),
        age_band=args.age_band,
        non_trafficking_share=args.non_trafficking_share,
        difficulty=args.difficulty,
        forms=tuple(args.forms) if args.forms else None,
        near_misses=tuple(args.near_misses) if args.near_misses else None,
    )
    case = generate_case(args.seed, params)
    if args.format == "md":
        sys.stdout.write(f"# {case.case_id}\n\n{case.render(lang)}\n")
        sys.stdout.write(_("## Answer key") + "\n\n" + case.verdict.summary(lang) + "\n")
        return 0
    data = case.to_dict(lang)
    data["narrative"] = case.render(lang)
    data["indicator_evidence"] = case.indicator_evidence(lang)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return 0


def run_qualify(args: argparse.Namespace) -> int:
    lang = _lang(args.lang)
    pack = load_pack(_jurisdiction(args.jurisdiction))
    name = "<stdin>" if args.file == "-" else args.file
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
    except OSError as error:
        raise UserInputError(
            _("cannot read the facts file ({reason}).").format(reason=error.strerror),
            where=name,
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserInputError(
            _("not valid JSON: {reason} (line {line}, column {column}).").format(
                reason=error.msg, line=error.lineno, column=error.colno
            ),
            where=name,
        ) from None
    facts = facts_from_dict(data, where=name)
    verdict = qualify(facts, pack)
    output = verdict.to_dict(lang)
    sys.stdout.write(json.dumps(output, ensure_ascii=False, indent=2) + "\n")
    return 0
