"""Idle servers are stopped by jupyterhub-idle-culler, the hub's managed service."""

from __future__ import annotations

import pytest
from hub_session import wait_for

pytestmark = [pytest.mark.classroom, pytest.mark.slow]


def test_an_idle_server_is_stopped_and_its_user_kept(hub_factory):
    hub = hub_factory(SIMSUITE_HUB_CULL_TIMEOUT="60", SIMSUITE_HUB_CULL_EVERY="10")
    name = hub.name("idle")
    assert hub.api("POST", f"/users/{name}").status == 201
    hub.spawn(name)
    assert hub.api("GET", f"/users/{name}").json()["servers"]
    wait_for(
        lambda: not hub.api("GET", f"/users/{name}").json()["servers"],
        "the idle culler to stop the unused server",
        timeout=600,
        every=2,
    )
    assert f"DELETE /hub/api/users/{name}/server (idle-culler@" in hub.log_text()
    assert hub.api("GET", f"/users/{name}").status == 200  # the user stays
