"""A real classroom hub for a test: started by the same script as `make classroom`, on
127.0.0.1 and free ports, with its own state and exchange, and users it removes afterwards.

Users' servers are driven as their owner would drive them: the Jupyter server API with the
user's own hub token, through the hub's proxy (contents, nbgrader's assignment list, kernels).
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PREFIX = Path(os.environ.get("SIMSUITE_CLASSROOM_PREFIX", "/opt/simsuite-classroom"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, what: str, timeout: float = 300, every: float = 0.5):
    """Wait for a condition (the machine is busy: no fixed sleeps, a generous bound)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(every)


@dataclass
class Response:
    status: int
    text: str

    def json(self):
        return json.loads(self.text)


def http(method: str, url: str, token: str | None = None, body=None, timeout: float = 120):
    data = None
    headers = {}
    if token:
        headers["Authorization"] = f"token {token}"
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return Response(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read().decode("utf-8", "replace"))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect (to the login page) is an answer
        return None


@dataclass
class UserServer:
    """A user's server as its owner reaches it: through the hub, with their own token."""

    name: str
    url: str  # http://127.0.0.1:<port>/user/<name>
    token: str

    def get(self, path: str) -> Response:
        return http("GET", self.url + path, self.token)

    def post(self, path: str, body=None) -> Response:
        return http("POST", self.url + path, self.token, body if body is not None else {})

    def put(self, path: str, body) -> Response:
        return http("PUT", self.url + path, self.token, body)

    def run(self, code: str, timeout: float = 600) -> str:
        """Run code in a new kernel of this server; its printed output (raises on an error)."""
        return asyncio.run(_run_in_kernel(self, code, timeout))


async def _run_in_kernel(server: UserServer, code: str, timeout: float) -> str:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    started = server.post("/api/kernels", {"name": "python3"})
    assert started.status == 201, (started.status, started.text)
    kernel = started.json()["id"]
    ws_url = server.url.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
    connection = await websocket_connect(
        HTTPRequest(ws_url, headers={"Authorization": f"token {server.token}"}),
        max_message_size=64 * 1024 * 1024,
    )
    msg_id = uuid.uuid4().hex
    session = uuid.uuid4().hex
    await connection.write_message(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": server.name,
                    "session": session,
                    "date": "",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": False,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    output, error, replied, idle = [], None, False, False
    try:
        async with asyncio.timeout(timeout):
            while not (replied and idle):
                message = await connection.read_message()
                if message is None:
                    raise AssertionError(f"kernel connection closed: {''.join(output)}")
                message = json.loads(message)
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = message["header"]["msg_type"]
                content = message["content"]
                if kind == "stream":
                    output.append(content["text"])
                elif kind in ("display_data", "execute_result"):
                    data = content.get("data", {})
                    output.append(data.get("text/markdown") or data.get("text/plain", ""))
                elif kind == "error":
                    error = f"{content['ename']}: {content['evalue']}"
                elif kind == "execute_reply":
                    replied = True
                elif kind == "status" and content["execution_state"] == "idle":
                    idle = True
    finally:
        connection.close()
        http("DELETE", server.url + f"/api/kernels/{kernel}", server.token)
    if error:
        raise AssertionError(f"{error}\n{''.join(output)}")
    return "".join(output)


@dataclass
class Hub:
    url: str
    admin_token: str
    base: Path
    state: Path
    exchange: Path
    process: subprocess.Popen
    log: Path
    prefix: str  # every user the test makes starts with it
    users: list[str] = field(default_factory=list)

    def name(self, role: str) -> str:
        name = f"{self.prefix}{role}"
        self.users.append(name)
        return name

    def api(self, method: str, path: str, body=None) -> Response:
        return http(method, self.url + "/hub/api" + path, self.admin_token, body)

    def simsuite(self, *args: str) -> subprocess.CompletedProcess:
        """``simsuite`` of the classroom environment, as root on the hub's machine."""
        return subprocess.run(
            [str(PREFIX / "venv" / "bin" / "simsuite"), *args],
            capture_output=True,
            text=True,
            env={**os.environ, "SIMSUITE_CLASSROOM_REPO": str(REPO)},
        )

    def spawn(self, name: str) -> UserServer:
        reply = self.api("POST", f"/users/{name}/server")
        assert reply.status in (201, 202), (reply.status, reply.text)

        def ready():
            user = self.api("GET", f"/users/{name}").json()
            server = user.get("servers", {}).get("")
            return server if server and server.get("ready") else None

        wait_for(ready, f"{name}'s server", timeout=300)
        token = self.api(
            "POST", f"/users/{name}/tokens", {"note": "classroom test", "expires_in": 3600}
        ).json()["token"]
        return UserServer(name, f"{self.url}/user/{name}", token)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def start_hub(**settings: str) -> Hub:
    base = Path(tempfile.mkdtemp(prefix="simsuite-classroom-test-"))
    os.chmod(base, 0o755)  # the exchange inside must be reachable by every account
    state, exchange = base / "state", base / "exchange"
    state.mkdir(mode=0o700)
    admin_token = secrets.token_hex(32)
    (state / "admin-token").write_text(admin_token + "\n")
    port = free_port()
    env = {
        **os.environ,
        "SIMSUITE_CLASSROOM_PREFIX": str(PREFIX),
        "SIMSUITE_CLASSROOM_STATE": str(state),
        "SIMSUITE_EXCHANGE_ROOT": str(exchange),
        "SIMSUITE_HUB_IP": "127.0.0.1",
        "SIMSUITE_HUB_PORT": str(port),
        "SIMSUITE_HUB_API_PORT": str(free_port()),
        "SIMSUITE_PROXY_API_PORT": str(free_port()),
        "SIMSUITE_HUB_INSTRUCTOR": "",  # the test adds its users itself
        **settings,
    }
    for name in ("SIMSUITE_COURSE_ROOT", "SIMSUITE_COURSE_SECRET", "SIMSUITE_EXERCISES_DIR"):
        env.pop(name, None)
    log = base / "hub.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            ["bash", str(REPO / "grading" / "classroom" / "start.sh")],
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    hub = Hub(
        url=f"http://127.0.0.1:{port}",
        admin_token=admin_token,
        base=base,
        state=state,
        exchange=exchange,
        process=process,
        log=log,
        prefix="c" + secrets.token_hex(3),
    )

    def answers():
        if process.poll() is not None:
            raise AssertionError(f"the hub stopped:\n{hub.log_text()[-5000:]}")
        try:
            return hub.api("GET", "/users").status == 200
        except OSError:
            return False

    try:
        wait_for(answers, "the hub", timeout=600)
    except BaseException:
        stop_hub(hub)
        raise
    return hub


def stop_hub(hub: Hub) -> None:
    """Stop the hub (it stops every server), then remove what the test made."""
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)  # the hub itself (start.sh exec'd it)
        try:
            hub.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(hub.process.pid, signal.SIGKILL)
            hub.process.wait()
    proxy_pid = hub.state / "proxy.pid"
    if proxy_pid.exists():
        _kill(int(proxy_pid.read_text().strip() or 0))
    for name in hub.users:
        try:
            uid = pwd.getpwnam(name).pw_uid
        except KeyError:
            continue
        for pid in pids_of(uid):  # anything a server of the test's user left behind
            _kill(pid)
        subprocess.run(["userdel", "--remove", name], capture_output=True)
        shutil.rmtree(f"/home/{name}", ignore_errors=True)
    shutil.rmtree(hub.base, ignore_errors=True)


def pids_of(uid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def _kill(pid: int) -> None:
    if pid <= 1:
        return
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
