"""The course on a real JupyterHub, end to end.

`make test-classroom` (root): the hub starts with `grading/classroom/start.sh` on 127.0.0.1;
an instructor and three trainees are added through the hub's REST API (`simsuite classroom`)
and their servers spawned. The instructor writes the roster and the per-trainee variants and
releases the identification case and the pre-test (nbgrader's CLI in a kernel of their own
server); each trainee fetches, answers and submits through nbgrader's assignment list in their
own server; the instructor collects, runs `simsuite course autograde` and `feedback` and
releases the feedback; each trainee fetches their own. Then: what a trainee cannot read or
reach, the limits on their server, Voila, and a first login in Chromium.
"""

from __future__ import annotations

import json
import os
import pwd
import stat
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from hub_session import PREFIX, REPO, Hub, UserServer, http, pids_of, wait_for

from simsuite.analytics.simulate import answer_cells

pytestmark = [pytest.mark.classroom, pytest.mark.slow]

COURSE_ID = "simsuite-tip-basic"
CASE, TEST = "identification_case", "pretest"
MEM_LIMIT = 2 * 1024**3


@dataclass
class Classroom:
    hub: Hub
    instructor: str
    trainees: list[str]
    servers: dict[str, UserServer]

    def home(self, name: str) -> Path:
        return Path(pwd.getpwnam(name).pw_dir)

    @property
    def course(self) -> Path:
        return self.home(self.instructor) / "simsuite-course"

    @property
    def course_root(self) -> Path:
        return self.course / "grading" / "course"

    @property
    def secret(self) -> bytes:
        return (self.course_root / "course_secret").read_text().strip().encode()


def instructor_shell(classroom: Classroom, *commands: list[str]) -> str:
    """Commands in the instructor's own server, as typed in its terminal, from the course."""
    code = (
        "import os, subprocess\n"
        "course = os.path.expanduser('~/simsuite-course')\n"
        f"for folder, command in {[(folder, cmd) for folder, *cmd in commands]!r}:\n"
        "    done = subprocess.run(command, cwd=os.path.join(course, folder),\n"
        "                          capture_output=True, text=True)\n"
        "    print('$', ' '.join(command), '->', done.returncode)\n"
        "    print(done.stdout[-3000:], done.stderr[-3000:])\n"
        "    if done.returncode:\n"
        "        raise SystemExit(done.returncode)\n"
    )
    return classroom.servers[classroom.instructor].run(code, timeout=900)


@pytest.fixture(scope="module")
def classroom(hub_factory) -> Classroom:
    hub = hub_factory(SIMSUITE_HUB_MEM_LIMIT="2G")
    instructor = hub.name("instr")
    trainees = [hub.name(f"tr{i}") for i in (1, 2, 3)]
    token = ["--hub-url", hub.url, "--token-file", str(hub.state / "admin-token")]
    added = hub.simsuite("classroom", "add-instructor", instructor, *token)
    assert added.returncode == 0, added.stderr
    added = hub.simsuite("classroom", "add-trainees", *trainees, *token)
    assert added.returncode == 0, added.stderr
    servers = {name: hub.spawn(name) for name in [instructor, *trainees]}
    return Classroom(hub, instructor, trainees, servers)


def test_users_are_hub_users_with_their_own_private_accounts(classroom):
    hub = classroom.hub
    groups = {
        name: hub.api("GET", f"/users/{name}").json()["groups"]
        for name in [classroom.instructor, *classroom.trainees]
    }
    assert groups[classroom.instructor] == [f"formgrade-{COURSE_ID}"]
    assert all(groups[t] == [f"nbgrader-{COURSE_ID}"] for t in classroom.trainees)
    for name in groups:
        account = pwd.getpwnam(name)
        assert account.pw_uid >= 1000
        home = os.stat(account.pw_dir)
        assert home.st_uid == account.pw_uid and stat.S_IMODE(home.st_mode) == 0o700
    course = classroom.course
    assert stat.S_IMODE(os.stat(course).st_mode) == 0o700
    assert (course / "grading" / "item_bank.yaml").is_file()
    assert (course / "exercises" / CASE / f"{CASE}.ipynb").is_file()
    lessons = classroom.home(classroom.trainees[0]) / "simsuite-lessons"
    assert (lessons / "00_start_here.ipynb").is_file()
    assert not (classroom.home(classroom.trainees[0]) / "simsuite-course").exists()


@pytest.fixture(scope="module")
def released(classroom) -> str:
    return instructor_shell(
        classroom,
        [".", "simsuite", "classroom", "roster", "--out", "grading/roster.txt"],
        [".", "simsuite", "course", "variants", "--roster", "grading/roster.txt"],
        ["grading", "nbgrader", "generate_assignment", CASE, "--force"],
        ["grading", "nbgrader", "release_assignment", CASE, "--force"],
        ["grading", "nbgrader", "generate_assignment", TEST, "--force"],
        ["grading", "nbgrader", "release_assignment", TEST, "--force"],
    )


def _action(server: UserServer, action: str, assignment: str):
    query = urllib.parse.urlencode({"assignment_id": assignment, "course_id": COURSE_ID})
    reply = server.post(f"/assignments/{action}?{query}")
    assert reply.status == 200, (server.name, action, reply.status, reply.text[:2000])
    answer = reply.json()
    assert answer["success"], (server.name, action, answer)
    return answer["value"]


@pytest.fixture(scope="module")
def fetched(classroom, released):
    for trainee in classroom.trainees:
        server = classroom.servers[trainee]
        listed = _action(server, "fetch", CASE)
        assert any(a["assignment_id"] == CASE and a["status"] == "fetched" for a in listed)
        _action(server, "fetch", TEST)
    return classroom


def test_roster_is_the_hubs_trainees(classroom, released):
    roster = (classroom.course / "grading" / "roster.txt").read_text().split()
    assert roster == sorted(classroom.trainees)


def test_each_trainee_sees_their_own_case_in_their_own_kernel(fetched):
    classroom = fetched
    shown = {}
    for trainee in classroom.trainees[:2]:
        shown[trainee] = classroom.servers[trainee].run(
            "import os\n"
            f"os.chdir(os.path.expanduser('~/{CASE}'))\n"
            "import sys\n"
            "sys.path.insert(0, '.')\n"
            "from simsuite_casefile import show_my_case\n"
            "show_my_case()\n"
        )
    first, second = classroom.trainees[:2]
    case = _scenario(classroom, CASE, first).public.narrative
    assert case in shown[first]
    assert case not in shown[second]
    assert "preview" not in shown[first].lower()


def _scenario(classroom, assignment: str, trainee: str):
    """The trainee's own scenario of an assignment, as the grader derives it."""
    from simsuite.course.course import load_course
    from simsuite.course.variants import variant_scenario

    course = load_course(classroom.course / "grading" / "course.yaml")
    return variant_scenario(course.assignment(assignment), classroom.secret, trainee, "en")


def _answers_for(classroom, trainee: str, notebook: dict, assignment: str) -> dict:
    """The trainee's answers: the first in full, the second in part, the third none."""
    first, second, _third = classroom.trainees
    notebook = nbformat.from_dict(notebook)
    cells = answer_cells(notebook)
    if assignment == CASE:
        key = _scenario(classroom, CASE, trainee).key
        ticked = sorted(key.present) if trainee == first else sorted(key.present)[:1]
        # the second is partial on any case: the decision wrong (a case may show one indicator)
        decision = key.presumed_victim if trainee == first else not key.presumed_victim
        if trainee in (first, second):
            answer = (
                f"indicators_seen = {set(ticked)!r}\n"
                f"presumed_victim = {decision!r}\n"
                f"next_steps = {set(key.next_steps)!r}"
            )
            cells["answer"].source = answer
    elif trainee == first:
        for number, item in enumerate(_scenario(classroom, TEST, trainee).key.items, start=1):
            if item["kind"] == "single":
                variable = f"answer_Q{number}"
                cells[variable].source = f"{variable} = {item['key']!r}"
    return nbformat.writes(notebook)


@pytest.fixture(scope="module")
def submitted(fetched):
    classroom = fetched
    for trainee in classroom.trainees:
        server = classroom.servers[trainee]
        for assignment in (CASE, TEST):
            path = f"/api/contents/{assignment}/{assignment}.ipynb"
            notebook = server.get(path)
            assert notebook.status == 200, notebook.text
            answered = _answers_for(classroom, trainee, notebook.json()["content"], assignment)
            saved = server.put(
                path, {"type": "notebook", "format": "json", "content": json.loads(answered)}
            )
            assert saved.status in (200, 201), saved.text
            _action(server, "submit", assignment)
    return classroom


@pytest.fixture(scope="module")
def graded(submitted):
    classroom = submitted
    steps = []
    for assignment in (CASE, TEST):
        steps += [
            ["grading", "nbgrader", "collect", assignment],
            ["grading", "simsuite", "course", "autograde", assignment, "--grading-dir", "."],
            ["grading", "simsuite", "course", "feedback", assignment, "--grading-dir", "."],
            ["grading", "nbgrader", "release_feedback", assignment],
        ]
    output = instructor_shell(classroom, *steps)
    log = json.loads((classroom.course_root / "autograde_log.json").read_text())
    return classroom, log, output


def test_autograde_scores_each_trainee_against_their_own_key(graded):
    classroom, log, _ = graded
    first, second, third = classroom.trainees
    case = log[CASE]
    assert set(case) == set(classroom.trainees)
    assert case[first]["score"] == 5
    assert 0 < case[second]["score"] < 5
    assert case[third]["score"] == 0
    test = log[TEST]
    assert test[first]["score"] > 0
    assert test[second]["score"] == test[third]["score"] == 0


def test_each_trainee_fetches_only_their_own_feedback(graded):
    classroom, log, _ = graded
    for trainee in classroom.trainees:
        server = classroom.servers[trainee]
        _action(server, "fetch_feedback", CASE)
        folder = server.get(f"/api/contents/{CASE}/feedback").json()
        stamps = [entry["name"] for entry in folder["content"]]
        assert len(stamps) == 1, stamps
        stamp = urllib.parse.quote(stamps[0])
        page = server.get(f"/api/contents/{CASE}/feedback/{stamp}/{CASE}.html")
        assert page.status == 200
        mine = (classroom.course_root / "feedback" / trainee / CASE / f"{CASE}.html").read_text()
        assert page.json()["content"] == mine
        for other in classroom.trainees:
            if other != trainee:
                theirs = classroom.course_root / "feedback" / other / CASE / f"{CASE}.html"
                assert page.json()["content"] != theirs.read_text()
        for marker in ("BEGIN HIDDEN", "BEGIN SOLUTION", classroom.secret.decode()):
            assert marker not in page.json()["content"]


PROBE = """
import json, os
tried = {}
for label, path in PATHS.items():
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            open(path).read(1)
        tried[label] = "read"
    except PermissionError:
        tried[label] = "denied"
    except FileNotFoundError:
        tried[label] = "missing"
print(json.dumps(tried))
"""


def test_a_trainee_cannot_read_other_trainees_the_course_or_the_keys(graded):
    classroom, _, _ = graded
    first, second, _third = classroom.trainees
    course = classroom.course
    paths = {
        "another trainee's home": str(classroom.home(second)),
        "another trainee's notebook": str(classroom.home(second) / CASE / f"{CASE}.ipynb"),
        "the instructor's home": str(classroom.home(classroom.instructor)),
        "the course folder": str(course),
        "the course secret": str(classroom.course_root / "course_secret"),
        "the gradebook": str(classroom.course_root / "gradebook.db"),
        "the item bank": str(course / "grading" / "item_bank.yaml"),
        "the source notebooks": str(course / "exercises" / CASE),
        "the checkout's item bank": str(REPO / "grading" / "item_bank.yaml"),
        "the checkout's sources": str(REPO / "exercises"),
        "the exchange's submissions": str(classroom.hub.exchange / COURSE_ID / "inbound"),
        "the exchange's feedback": str(classroom.hub.exchange / COURSE_ID / "feedback"),
    }
    for path in paths.values():  # each one is there, for root
        assert os.path.exists(path), path
    seen = json.loads(
        classroom.servers[first].run(f"PATHS = {paths!r}\n{PROBE}").strip().splitlines()[-1]
    )
    assert seen == {label: "denied" for label in paths}
    # the classroom software is readable, not writable, and simsuite in it is a plain package
    where = (
        classroom.servers[first]
        .run(
            "import os, simsuite\n"
            "print(simsuite.__file__)\n"
            "print(os.access(simsuite.__file__, os.W_OK))\n"
        )
        .split()
    )
    assert where[0].startswith(str(PREFIX / "venv")) and where[1] == "False"


def test_a_trainee_cannot_reach_other_servers_or_the_instructor_tools(graded):
    classroom, _, _ = graded
    first, second, _third = classroom.trainees
    mine = classroom.servers[first]
    for other in (second, classroom.instructor):
        reply = http("GET", f"{classroom.servers[other].url}/api/contents", mine.token)
        assert reply.status == 403, (other, reply.status)
    assert mine.get("/formgrader").status == 404
    assert mine.get("/formgrader/api/assignments").status == 404
    # the instructor's formgrader finds the course (its configuration in the course folder)
    listed = classroom.servers[classroom.instructor].get("/formgrader/api/assignments")
    assert listed.status == 200, listed.text[:500]
    assert {CASE, TEST} <= {a["name"] for a in listed.json()}
    # their server's own token cannot list the hub's users
    roster = mine.run(
        "import subprocess\n"
        "done = subprocess.run(['simsuite', 'classroom', 'roster'], capture_output=True,"
        " text=True)\n"
        "print(done.returncode, done.stdout.count(chr(10)))\n"
    ).split()
    assert roster[0] == "2", roster


def test_a_trainees_server_runs_as_their_account_within_its_memory_limit(classroom):
    trainee = classroom.trainees[2]
    seen = json.loads(
        classroom.servers[trainee]
        .run(
            "import json, os, resource\n"
            "try:\n"
            "    hog = bytearray(3 * 1024**3)\n"
            "    stopped = False\n"
            "except MemoryError:\n"
            "    stopped = True\n"
            "print(json.dumps({'uid': os.getuid(), 'user': os.environ['JUPYTERHUB_USER'],\n"
            "    'limit': resource.getrlimit(resource.RLIMIT_AS)[0], 'stopped': stopped}))\n"
        )
        .strip()
        .splitlines()[-1]
    )
    assert seen["uid"] == pwd.getpwnam(trainee).pw_uid and seen["user"] == trainee
    assert seen["limit"] == MEM_LIMIT and seen["stopped"]


def test_voila_apps_are_served_from_a_trainees_server(classroom):
    server = classroom.servers[classroom.trainees[0]]
    for lesson in ("00_start_here", "10_spot_the_indicators", "20_mass_event_planner"):
        page = server.get(f"/voila/render/simsuite-lessons/{lesson}.ipynb")
        assert page.status == 200, page.text[:500]
        # the app ran in a kernel of the trainee's server; the browser draws its widgets
        assert "application/vnd.jupyter.widget-view+json" in page.text
        assert "Traceback" not in page.text and "There was an error" not in page.text


def test_a_trainee_logs_in_for_the_first_time_and_opens_the_start_page(classroom, page):
    """In Chromium: the first password becomes the trainee's; a wrong one is refused."""
    trainee = classroom.trainees[1]
    hub = classroom.hub
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", trainee)
    page.fill("#password_input", "first-login-password")
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{trainee}/**", timeout=120_000)
    page.goto(f"{hub.url}/user/{trainee}/voila/render/simsuite-lessons/00_start_here.ipynb")
    # the learning path: tracks, then the modules with their activities
    page.locator(".simsuite-path-modules").wait_for(timeout=120_000)
    assert "Choose your track" in page.locator(".simsuite-path-page").inner_text()
    assert "Spot the indicators" in page.locator(".simsuite-path-modules").inner_text()
    page.context.clear_cookies()
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", trainee)
    page.fill("#password_input", "not-the-first-password")
    page.click("#login_submit")
    page.locator(".login_error, .alert-danger").first.wait_for()
    assert "/user/" not in page.url


def test_a_hub_user_named_like_a_system_account_gets_no_server(classroom):
    """`daemon` exists on every Debian system (uid 1): its server would run as that account."""
    hub = classroom.hub
    assert hub.api("POST", "/users/daemon").status == 201
    hub.api("POST", "/users/daemon/server")  # refused at once, or after the hub's 10 s
    wait_for(lambda: not hub.api("GET", "/users/daemon").json()["servers"], "the refusal")
    assert "Refusing to start a server as the system account 'daemon'" in hub.log_text()
    daemon = pwd.getpwnam("daemon").pw_uid
    assert not any(
        b"jupyterhub-singleuser" in Path(f"/proc/{pid}/cmdline").read_bytes()
        for pid in pids_of(daemon)
        if Path(f"/proc/{pid}").exists()
    )
    assert hub.api("DELETE", "/users/daemon").status == 204
