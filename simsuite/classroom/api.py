"""The hub's REST API, as the classroom needs it: add instructors and trainees, list a roster,
start a server and wait for it. Standard library only, so it runs anywhere simsuite does."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from simsuite.errors import UserInputError
from simsuite.i18n import _


class HubError(UserInputError):
    """The hub refused a request (``status``: its HTTP status) or is not there (``status`` 0)."""

    def __init__(self, message: str, *, where: str, status: int = 0):
        super().__init__(message, where=where)
        self.status = status


class HubClient:
    def __init__(self, hub_url: str, token: str, timeout: float = 30):
        """``hub_url``: the hub's address (``http://host:port``) or its API's (``…/hub/api``)."""
        hub_url = hub_url.rstrip("/")
        if hub_url.endswith("/hub/api"):
            self.api = hub_url
        elif hub_url.endswith("/hub"):
            self.api = hub_url + "/api"
        else:
            self.api = hub_url + "/hub/api"
        self.hub_url = hub_url
        self.token = token
        self.timeout = timeout

    def request(self, method: str, path: str, body: Any = None, ok=(200, 201, 202, 204)) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.api + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, text = response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        except OSError as error:
            reason = getattr(error, "reason", None) or error
            if isinstance(reason, OSError):
                reason = reason.strerror or type(reason).__name__
            raise HubError(
                _("Cannot reach the hub at {url} ({reason}).").format(
                    url=self.hub_url, reason=reason
                ),
                where="--hub-url",
            ) from None
        if status not in ok:
            try:
                message = json.loads(text).get("message", text)
            except ValueError:
                message = text
            raise HubError(
                _("The hub answered {status}: {message}").format(status=status, message=message),
                where=f"{method} {path}",
                status=status,
            )
        try:
            return json.loads(text) if text.strip() else None
        except ValueError:
            raise HubError(
                _("The answer is not from the hub's API: is {url} the hub?").format(
                    url=self.hub_url
                ),
                where="--hub-url",
                status=status,
            ) from None

    # --- users and groups ---------------------------------------------------------------------
    def user(self, name: str) -> dict | None:
        try:
            return self.request("GET", f"/users/{_q(name)}")
        except HubError as error:
            if error.status == 404:
                return None
            raise

    def ensure_user(self, name: str) -> dict:
        """Create the hub user (and so their Unix account) unless it exists."""
        return self.user(name) or self.request("POST", f"/users/{_q(name)}")

    def users(self) -> list[dict]:
        return self.request("GET", "/users")

    def add_to_group(self, group: str, names: list[str]) -> None:
        self.request("POST", f"/groups/{_q(group)}/users", {"users": list(names)})

    def group_members(self, group: str) -> list[str]:
        return sorted(self.request("GET", f"/groups/{_q(group)}")["users"])

    def new_token(self, name: str, note: str, expires_in: int = 3600) -> str:
        reply = self.request(
            "POST", f"/users/{_q(name)}/tokens", {"note": note, "expires_in": expires_in}
        )
        return reply["token"]

    # --- servers -----------------------------------------------------------------------------
    def start_server(self, name: str) -> None:
        self.request("POST", f"/users/{_q(name)}/server", ok=(201, 202, 400))

    def stop_server(self, name: str) -> None:
        self.request("DELETE", f"/users/{_q(name)}/server", ok=(202, 204, 400))

    def server_ready(self, name: str) -> bool:
        server = (self.user(name) or {}).get("servers", {}).get("")
        return bool(server and server.get("ready"))

    def server_running(self, name: str) -> bool:
        return bool((self.user(name) or {}).get("servers", {}).get(""))

    def wait(self, condition, what: str, timeout: float = 300, every: float = 0.5) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise HubError(_("Gave up waiting: {what}.").format(what=what), where=self.api)
            time.sleep(every)


def _q(name: str) -> str:
    return urllib.parse.quote(name, safe="")
