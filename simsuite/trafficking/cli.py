"""``simsuite case generate`` and ``simsuite case qualify``.

``generate`` prints one case (JSON structured data, or Markdown prose with the answer key at
the end); ``qualify`` reads a facts file (docs/case-facts.schema.json) and prints the verdict
with its reasoning trace as JSON. ``--output FILE`` writes the result to a file instead, all at
once (a file that cannot be written is left as it was). Bad input of any kind (a file that is
missing, binary, not JSON, nested too deep, of the wrong types, with NaN, infinite or huge
numbers; an output that cannot be written) is a :class:`UserInputError`: one line, exit 2.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from pathlib import Path

from simsuite.errors import UserInputError
from simsuite.i18n import _, language
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
    generate.add_argument("--seed", required=True, help=_("integer seed, 0 or more"))
    generate.add_argument("--format", choices=("json", "md"), default="json")
    generate.add_argument("--lang", default="en", help=_("language of the case: en or ru"))
    generate.add_argument("--age-band", default="any", help=", ".join(AGE_BANDS))
    generate.add_argument("--difficulty", default="medium", help=", ".join(DIFFICULTIES))
    generate.add_argument(
        "--non-trafficking-share",
        default="0.3",
        help=_("probability that the case is a near miss, 0 to 1 (default: 0.3)"),
    )
    generate.add_argument(
        "--open-share",
        default="0.1",
        help=_(
            "probability that a decisive fact is left not yet established, 0 to 1 (default: 0.1)"
        ),
    )
    generate.add_argument("--form", action="append", dest="forms", help=", ".join(GENERATED_FORMS))
    generate.add_argument(
        "--near-miss", action="append", dest="near_misses", help=", ".join(NEAR_MISSES)
    )
    generate.add_argument("--output", "-o", help=_("write to this file instead of the screen"))
    generate.set_defaults(handler=run_generate)

    qualify_cmd = commands.add_parser(
        "qualify",
        help=_("qualify a facts file (JSON) and print the verdict with its reasoning"),
        description=_("Qualify case facts (docs/case-facts.schema.json) under a law pack."),
    )
    qualify_cmd.add_argument("file", help=_("facts file (JSON), or - for standard input"))
    qualify_cmd.add_argument("--jurisdiction", required=True, help=_("law pack, e.g. KG"))
    qualify_cmd.add_argument("--lang", default="en", help=_("language of the reasoning"))
    qualify_cmd.add_argument("--output", "-o", help=_("write to this file instead of the screen"))
    qualify_cmd.set_defaults(handler=run_qualify)


#: Largest facts file read (a facts file is a few kilobytes).
MAX_FACTS_BYTES = 1_000_000
#: Largest seed (Python would take any integer; a seed is a 64-bit number).
MAX_SEED = 2**63 - 1


def _seed(text: str) -> int:
    """Options are read as text and checked here, so that a bad one gets a one-line message."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_SEED:
        raise UserInputError(
            _("{value!r} is not a whole number in range.").format(value=text),
            where="--seed",
            allowed=f"0 … {MAX_SEED}",
        )
    return value


def _share(option: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 1:  # NaN and infinities fail too
        raise UserInputError(
            _("{value!r} is not a number from 0 to 1.").format(value=text),
            where=option,
            allowed="0 … 1",
        )
    return value


def _write(text: str, output: str | None) -> None:
    """Print, or write ``output`` at once: a write that fails leaves the old file as it was."""
    if output is None:
        sys.stdout.write(text)
        return
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UserInputError(
            _("is a folder, not a file."), where=f"--output {output}", allowed=_("a file path")
        )
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise UserInputError(
            _("cannot write there ({reason}).").format(reason=error.strerror or error),
            where=f"--output {output}",
            allowed=_("a file in an existing folder you can write to"),
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UserInputError(
            _("cannot write there ({reason}).").format(reason=error.strerror or error),
            where=f"--output {output}",
            allowed=_("a file in an existing folder you can write to"),
        ) from None


def _read_facts(name: str, file: str) -> object:
    """The facts file as JSON data; every way it can be unreadable is a user error."""
    try:
        if file == "-":
            raw = sys.stdin.buffer.read(MAX_FACTS_BYTES + 1)
        else:
            with open(file, "rb") as stream:
                raw = stream.read(MAX_FACTS_BYTES + 1)
    except FileNotFoundError:
        raise UserInputError(
            _("no such file."), where=name, allowed=_("the path of a facts file (JSON), or -")
        ) from None
    except IsADirectoryError:
        raise UserInputError(
            _("is a folder, not a file."), where=name, allowed=_("a facts file (JSON)")
        ) from None
    except OSError as error:
        raise UserInputError(
            _("cannot read the facts file ({reason}).").format(reason=error.strerror or error),
            where=name,
        ) from None
    if len(raw) > MAX_FACTS_BYTES:
        raise UserInputError(
            _("the file is larger than {size} bytes: not a facts file.").format(
                size=MAX_FACTS_BYTES
            ),
            where=name,
            allowed=_("a facts file (JSON) of a few kilobytes"),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserInputError(
            _("not a text file (binary data, or not UTF-8)."),
            where=name,
            allowed=_("a facts file in JSON, UTF-8"),
        ) from None

    def refuse_constant(value: str) -> float:
        raise UserInputError(
            _("{value} is not a number JSON allows.").format(value=value),
            where=name,
            allowed=_("finite numbers"),
        )

    try:
        return json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as error:
        raise UserInputError(
            _("not valid JSON: {reason} (line {line}, column {column}).").format(
                reason=error.msg, line=error.lineno, column=error.colno
            ),
            where=name,
        ) from None
    except RecursionError:
        raise UserInputError(
            _("the JSON is nested too deeply to be a facts file."),
            where=name,
            allowed=_("the structure of docs/case-facts.schema.json"),
        ) from None
    except UserInputError:
        raise
    except ValueError as error:  # e.g. an integer with thousands of digits
        raise UserInputError(
            _("a number in the file is too large ({reason}).").format(reason=error),
            where=name,
            allowed=_("numbers of the sizes the schema gives"),
        ) from None


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
        non_trafficking_share=_share("--non-trafficking-share", args.non_trafficking_share),
        difficulty=args.difficulty,
        open_share=_share("--open-share", args.open_share),
        forms=tuple(args.forms) if args.forms else None,
        near_misses=tuple(args.near_misses) if args.near_misses else None,
    )
    case = generate_case(_seed(args.seed), params)
    if args.format == "md":
        with language(lang):
            heading = _("Answer key")
        text = f"# {case.case_id}\n\n{case.render(lang)}\n"
        text += f"## {heading}\n\n{case.verdict.summary(lang, case.names(lang))}\n"
        _write(text, args.output)
        return 0
    data = case.to_dict(lang)
    data["narrative"] = case.render(lang)
    data["indicator_evidence"] = case.indicator_evidence(lang)
    _write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", args.output)
    return 0


def run_qualify(args: argparse.Namespace) -> int:
    lang = _lang(args.lang)
    pack = load_pack(_jurisdiction(args.jurisdiction))
    name = "<stdin>" if args.file == "-" else args.file
    data = _read_facts(name, args.file)
    try:
        facts = facts_from_dict(data, where=name)
    except RecursionError:
        raise UserInputError(
            _("the JSON is nested too deeply to be a facts file."),
            where=name,
            allowed=_("the structure of docs/case-facts.schema.json"),
        ) from None
    verdict = qualify(facts, pack)
    output = verdict.to_dict(lang)
    _write(json.dumps(output, ensure_ascii=False, indent=2) + "\n", args.output)
    return 0
