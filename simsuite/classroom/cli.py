"""``simsuite classroom …``: add instructors and trainees to the classroom hub, list the roster.

Run as root on the hub's machine (the hub's administration token is readable by root only);
``docs/classroom.md`` shows the whole course on the hub.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from simsuite.i18n import _


def _client(args: argparse.Namespace):
    """The hub, with the administration token (root on the hub's machine) or, in a user's
    server, that server's own token (an instructor's may list users and groups)."""
    import os

    from simsuite.classroom.api import HubClient
    from simsuite.classroom.settings import load_settings
    from simsuite.errors import UserInputError

    settings = load_settings()
    token_file = args.token_file or settings.admin_token_file
    try:
        token = Path(token_file).read_text(encoding="utf-8").strip()
        url = args.hub_url or settings.hub_url
    except OSError as error:
        if args.token_file is None and os.environ.get("JUPYTERHUB_API_TOKEN"):
            token = os.environ["JUPYTERHUB_API_TOKEN"]
            url = args.hub_url or os.environ.get("JUPYTERHUB_API_URL", settings.hub_url)
        else:
            raise UserInputError(
                _("Cannot read the hub's administration token ({reason}).").format(
                    reason=error.strerror
                ),
                where=str(token_file),
                allowed=_("run as root on the hub's machine, after `make classroom` started it"),
            ) from None
    return HubClient(url, token), settings


def _names(args: argparse.Namespace) -> list[str]:
    from simsuite.classroom.settings import USERNAME_PATTERN
    from simsuite.course.variants import read_roster
    from simsuite.errors import UserInputError

    names = list(args.names)
    if args.roster:
        names += read_roster(args.roster)
    if not names:
        raise UserInputError(_("Name at least one user, or give --roster."))
    for name in names:
        if not re.match(USERNAME_PATTERN, name):
            raise UserInputError(
                _("Not a valid classroom user name: {name!r}.").format(name=name),
                allowed=_("2 to 32 lower-case letters, digits, - or _, starting with a letter"),
            )
    return names


def _add_instructor(args: argparse.Namespace) -> int:
    client, settings = _client(args)
    for name in _names(args):
        client.ensure_user(name)
        client.add_to_group(settings.instructors_group, [name])
        print(_("instructor {name}: added").format(name=name))
    return 0


def _add_trainees(args: argparse.Namespace) -> int:
    client, settings = _client(args)
    names = _names(args)
    for name in names:
        client.ensure_user(name)
        print(_("trainee {name}: added").format(name=name))
    client.add_to_group(settings.trainees_group, names)
    return 0


def _roster(args: argparse.Namespace) -> int:
    client, settings = _client(args)
    # a trainee is anyone who is not an instructor, however they were added
    names = sorted(
        user["name"]
        for user in client.users()
        if settings.instructors_group not in user.get("groups", [])
    )
    text = "".join(name + "\n" for name in names)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    classroom = subparsers.add_parser(
        "classroom", help=_("the classroom hub: add instructors and trainees, list the roster")
    )
    commands = classroom.add_subparsers(dest="classroom_command", metavar="ACTION", required=True)

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--hub-url", help=_("the hub's address (default: from SIMSUITE_HUB_IP and _PORT)")
        )
        parser.add_argument(
            "--token-file",
            type=Path,
            help=_("the hub's administration token (default: in the hub's state folder)"),
        )

    def people(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("names", nargs="*", help=_("user names"))
        parser.add_argument(
            "--roster", type=Path, help=_("file of user names, one per line (# comments)")
        )

    instructor = commands.add_parser(
        "add-instructor",
        help=_("add an instructor: manages trainees, has their own course folder"),
    )
    people(instructor)
    common(instructor)
    instructor.set_defaults(handler=_add_instructor)

    trainees = commands.add_parser(
        "add-trainees", help=_("add trainees; each sets a password at first login")
    )
    people(trainees)
    common(trainees)
    trainees.set_defaults(handler=_add_trainees)

    roster = commands.add_parser(
        "roster", help=_("the trainees on the hub, one per line: the roster for course variants")
    )
    roster.add_argument("--out", type=Path, help=_("write to this file (default: print)"))
    common(roster)
    roster.set_defaults(handler=_roster)
