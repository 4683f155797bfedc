"""The server a classroom uses (``python -m simsuite.server``, started by ``make run``):
limits, culling, kernels freed when a page is left, and nothing a visitor should not see."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
import websocket
from browser_support import BACKSTOP_MS, classroom_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SPOT = "/voila/render/10_spot_the_indicators.ipynb"
#: What must never reach a visitor: a Python traceback, a file of the server, this checkout.
LEAKS = re.compile(r"Traceback \(most recent call last\)|site-packages|/work/|\.py\", line")


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=BACKSTOP_MS / 1000) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def kernel_id(page_html: str) -> str:
    return re.search(r'"kernelId": "([0-9a-f-]+)"', page_html).group(1)


def wait_until_gone(base: str, kernel: str) -> None:
    """Wait for the server to forget a kernel (the condition, with a generous backstop)."""
    deadline = time.monotonic() + BACKSTOP_MS / 1000
    while get(f"{base}/api/kernels/{kernel}")[0] != 404:
        assert time.monotonic() < deadline, f"kernel {kernel} was never shut down"
        time.sleep(0.5)


def test_an_invalid_widget_state_over_the_websocket_returns_no_traceback(voila_url):
    status, page = get(f"{voila_url}{SPOT}?seed=5&lang=ru")
    assert status == 200
    kernel = kernel_id(page)
    ws = websocket.create_connection(
        f"{voila_url.replace('http', 'ws')}/api/kernels/{kernel}/channels"
        f"?session_id={uuid.uuid4().hex}",
        timeout=BACKSTOP_MS / 1000,
    )
    session = uuid.uuid4().hex

    def send(msg_type: str, content: dict) -> str:
        header = {"msg_id": uuid.uuid4().hex, "username": "visitor", "session": session,
                  "msg_type": msg_type, "version": "5.3", "date": ""}
        ws.send(json.dumps({"header": header, "parent_header": {}, "metadata": {},
                            "content": content, "channel": "shell", "buffers": []}))
        return header["msg_id"]

    def read_until_idle(request: str) -> list[dict]:
        """Messages up to the kernel's "idle" after ``request``: the kernel handles requests in
        order, so by then everything sent before it has been answered."""
        messages = []
        while True:
            message = json.loads(ws.recv())
            messages.append(message)
            if (message["msg_type"] == "status"
                    and message["parent_header"].get("msg_id") == request
                    and message["content"]["execution_state"] == "idle"):
                return messages

    try:
        replies = read_until_idle(send("comm_info_request", {"target_name": "jupyter.widget"}))
        comms = next(m for m in replies if m["msg_type"] == "comm_info_reply")["content"]["comms"]
        for comm in comms:
            state = {"value": {"not": "valid"}, "description": 5, "layout": "IPY_MODEL_nope"}
            send("comm_msg", {"comm_id": comm, "data": {"method": "update", "state": state,
                                                        "buffer_paths": []}})
        received = read_until_idle(send("comm_info_request", {"target_name": "jupyter.widget"}))
    finally:
        ws.close()
    errors = [m["content"] for m in received if m["msg_type"] == "error"]
    assert errors, "the invalid states raised no error at all: the probe did not probe"
    everything = "\n".join(json.dumps(m) for m in received)
    assert not LEAKS.search(everything), LEAKS.search(everything).group(0)
    assert errors[0]["evalue"].startswith("В приложении произошла ошибка")


@pytest.mark.parametrize("seed", ["²", "-5", "99999999999", "12abc", "%FF"])
def test_a_case_number_that_does_not_parse_is_ignored(voila_url, seed):
    status, page = get(f"{voila_url}{SPOT}?seed={urllib.request.quote(seed)}")
    assert status == 200
    assert not LEAKS.search(page)
    assert "There was an error when executing cell" not in page


def test_the_learner_is_told_which_parameter_was_ignored(page, voila_url):
    page.goto(f"{voila_url}{SPOT}?seed=%C2%B2&lang=ru")
    notice = page.locator(".simsuite-notice")
    notice.wait_for()
    assert "'²'" in notice.inner_text() and "новый случай" in notice.inner_text()
    page.locator(".simsuite-check").wait_for()


def test_errors_pages_show_no_server_path_and_use_no_cdn(voila_url):
    status, page = get(f"{voila_url}/voila/render/no_such_lesson.ipynb")
    assert status == 404
    assert not LEAKS.search(page) and "cdn" not in page


def test_a_full_server_says_so_in_the_visitors_language(tmp_path):
    with classroom_server(tmp_path, "--max-kernels=1") as base:
        status, _ = get(f"{base}{SPOT}?seed=1")  # the one place, kept: nobody left the page
        assert status == 200
        status, page = get(f"{base}{SPOT}?seed=2&lang=ru")
    assert status == 503
    assert '<html lang="ru">' in page and "Учебный сервер сейчас заполнен" in page
    assert not LEAKS.search(page)


def test_kernels_of_pages_nobody_looks_at_are_culled(tmp_path):
    with classroom_server(
        tmp_path, "--cull-idle-seconds=3", "--cull-interval-seconds=1"
    ) as base:
        status, page = get(f"{base}{SPOT}?seed=3")
        assert status == 200
        kernel = kernel_id(page)
        wait_until_gone(base, kernel)


def test_leaving_a_page_shuts_its_kernel_down(page, voila_url):
    page.goto(f"{voila_url}{SPOT}?seed=4")
    page.locator(".simsuite-check").wait_for()
    kernel = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    assert get(f"{voila_url}/api/kernels/{kernel}")[0] == 200
    page.goto(f"{voila_url}/voila/tree")  # navigate away: the page's beacon frees the kernel
    wait_until_gone(voila_url, kernel)


def test_kernels_run_under_a_memory_limit():
    from simsuite.server.app import LimitedKernelSpecManager

    spec = LimitedKernelSpecManager(memory_mb=1536).get_kernel_spec("python3")
    assert spec.argv[:4] == [sys.executable, "-m", "simsuite.server.kernel", "--memory-mb=1536"]
    # the wrapper's limit holds in the process it becomes
    grab = "bytearray(600 * 1024 * 1024)"
    limited = subprocess.run(
        [sys.executable, "-m", "simsuite.server.kernel", "--memory-mb=300", "--",
         sys.executable, "-c", grab],
        capture_output=True, text=True,
    )
    assert limited.returncode != 0 and "MemoryError" in limited.stderr
    free = subprocess.run(
        [sys.executable, "-m", "simsuite.server.kernel", "--memory-mb=0", "--",
         sys.executable, "-c", grab],
        capture_output=True, text=True,
    )
    assert free.returncode == 0, free.stderr
