"""The classroom server: JupyterHub for a course (see docs/classroom.md).

``settings`` (what the deployment is: paths, ports, limits) and ``api`` (the hub's REST API,
used by ``simsuite classroom …``) import nothing of JupyterHub; ``hub`` (the authenticator, the
spawner and what happens before a server starts) runs inside the hub only.
"""
