"""JupyterHub configuration of the simsuite classroom (docs/classroom.md).

Started by ``grading/classroom/start.sh`` (``make classroom``) as root, from the classroom
environment that ``setup.sh`` installs. Every setting comes from ``simsuite.classroom.settings``
(environment variables with defaults for one academy server).
"""

import sys
from pathlib import Path

from simsuite.classroom.hub import ClassroomAuthenticator, ClassroomSpawner, prepare_server
from simsuite.classroom.settings import USERNAME_PATTERN, load_settings

c = get_config()  # noqa: F821 - injected by traitlets when it loads this file
settings = load_settings(Path(__file__).resolve().parents[2])
state = settings.state

# --- addresses: the public one (through the proxy), the hub's own and the proxy's API --------
c.JupyterHub.ip = settings.ip
c.JupyterHub.port = settings.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.hub_api_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [
    str(settings.prefix / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy")
]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

# --- the hub's own files: root only ------------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")

# --- who may log in: users an administrator added; each sets a password at first login -------
c.JupyterHub.authenticator_class = ClassroomAuthenticator
c.FirstUseAuthenticator.dbm_path = str(state / "passwords.dbm")
c.FirstUseAuthenticator.create_users = False  # nobody adds themselves
c.FirstUseAuthenticator.min_password_length = 10
c.Authenticator.allow_existing_users = True  # a user added through the hub may log in
c.Authenticator.username_pattern = USERNAME_PATTERN
c.LocalAuthenticator.create_system_users = True
# a private home (0700) and a locked password: the account is for the server, not for a shell
c.LocalAuthenticator.add_user_cmd = [
    "useradd",
    "--create-home",
    "--user-group",
    "--shell",
    "/bin/bash",
    "--key",
    "HOME_MODE=0700",
]

# --- each user's server: their own account, with limits ----------------------------------------
c.JupyterHub.spawner_class = ClassroomSpawner
c.Spawner.cmd = [str(settings.venv / "bin" / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
c.Spawner.mem_limit = settings.mem_limit or None
c.ClassroomSpawner.nproc_limit = settings.nproc_limit
c.Spawner.http_timeout = 120  # a busy machine starts JupyterLab slowly
c.Spawner.start_timeout = 180
c.Spawner.pre_spawn_hook = lambda spawner: prepare_server(spawner, settings)
# A server's own token may also list users and their groups, as far as its owner may: an
# instructor's terminal can write the roster (`simsuite classroom roster`), a trainee's cannot.
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "access:servers!server",
    "list:users",
    "read:users:name",
    "read:users:groups",
]

# --- nbgrader's groups: formgrade-<course> (instructors) and nbgrader-<course> (trainees) ------
c.JupyterHub.load_groups = {
    settings.instructors_group: {"users": []},
    settings.trainees_group: {"users": []},
}

# --- services: idle culler, and the token `simsuite classroom` uses to add users ---------------
services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={settings.cull_timeout}",
            f"--cull-every={settings.cull_every}",
        ],
    }
]
roles = [
    {
        # Instructors add and remove trainees and start, stop and open their servers; they are
        # not hub administrators (they cannot make anyone an instructor or an administrator).
        "name": "classroom-instructor",
        "scopes": [
            "admin-ui",
            "admin:users",
            "admin:servers",
            "access:servers",
            "list:users",
            "read:users",
            "read:groups",
        ],
        "groups": [settings.instructors_group],
    },
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
]
if settings.admin_token_file.exists():
    services.append(
        {
            "name": "classroom-admin",
            "api_token": settings.admin_token_file.read_text().strip(),
        }
    )
    roles.append(
        {
            "name": "classroom-admin",
            "description": "Add instructors and trainees, start and stop their servers",
            "scopes": ["admin:users", "admin:groups", "admin:servers", "tokens", "access:servers"],
            "services": ["classroom-admin"],
        }
    )
c.JupyterHub.services = services
c.JupyterHub.load_roles = roles
