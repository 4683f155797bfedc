"""The ``simsuite`` command line.

Each area registers its own sub-commands (``register(subparsers)`` in its ``cli`` module), so
the trafficking engine, the mass-event simulator and the instructor pipeline grow without
touching this file. User errors exit with code 2 and a message, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from simsuite import __version__
from simsuite.errors import UserInputError
from simsuite.i18n import _, available_languages, set_language

#: Modules that contribute sub-commands, in the order they appear in ``--help``.
COMMAND_MODULES = (
    "simsuite.trafficking.cli",
    "simsuite.massevent.cli",
    "simsuite.course.cli",
    "simsuite.classroom.cli",
)

EXIT_USER_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in the project's format (exit code 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(_("error: {message}").format(message=message) + "\n")
        raise SystemExit(EXIT_USER_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="simsuite",
        description=_(
            "Training cases and simulations on trafficking in persons and public safety at "
            "mass events."
        ),
    )
    parser.add_argument("--version", action="version", version=f"simsuite {__version__}")
    parser.add_argument(
        "--ui-lang",
        default="en",
        choices=available_languages(),
        help=_("language of messages and reports (default: en)"),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        set_language(args.ui_lang)
        result = args.handler(args)
    except UserInputError as error:
        sys.stderr.write(_("simsuite: error: {message}").format(message=error.render()) + "\n")
        return EXIT_USER_ERROR
    except BrokenPipeError:
        return 0
    return int(result or 0)


if __name__ == "__main__":
    raise SystemExit(main())
