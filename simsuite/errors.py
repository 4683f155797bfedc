"""Errors that mean "the user gave us something wrong", as opposed to bugs.

The CLI turns a :class:`UserInputError` into a one-paragraph message and exit code 2,
never a traceback. Messages say what was wrong, where, and what is allowed.
"""

from __future__ import annotations


class UserInputError(ValueError):
    """Bad input from a user or a data file: shown as a message, never as a traceback."""

    def __init__(self, message: str, *, where: str | None = None, allowed: str | None = None):
        self.what = message
        self.where = where
        self.allowed = allowed
        super().__init__(self.render())

    def render(self) -> str:
        from simsuite.i18n import _

        parts = []
        if self.where:
            parts.append(_("{where}:").format(where=self.where))
        parts.append(self.what)
        if self.allowed:
            parts.append(_("Allowed: {allowed}.").format(allowed=self.allowed))
        return " ".join(parts)


class ContentError(UserInputError):
    """A content data file (law pack, indicator list, template, item bank) is invalid."""
