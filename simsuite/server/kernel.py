"""Start an app kernel under a memory limit and with the traceback guard.

``python -m simsuite.server.kernel --memory-mb=2048 -- python -m ipykernel_launcher -f …``:
the limit (``RLIMIT_AS``) is set in this process and kept by the kernel it becomes, so one
runaway page cannot take the memory of a whole classroom; an IPython kernel also loads
:mod:`simsuite.server.guard`.
"""

from __future__ import annotations

import os
import resource
import sys

# The guard, and the kernel's own stderr kept for the server's log: by default ipykernel
# forwards everything written to file descriptor 2 to the browser.
GUARD = (
    "--InteractiveShellApp.extensions=simsuite.server.guard",
    "--IPKernelApp.capture_fd_output=False",
)


def limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def kernel_command(argv: list[str]) -> tuple[int, list[str]]:
    """Split ``[--memory-mb=N, --, command…]`` and add the guard to an IPython kernel."""
    megabytes = 0
    rest = list(argv)
    while rest and rest[0] != "--":
        option = rest.pop(0)
        if option.startswith("--memory-mb="):
            megabytes = int(option.split("=", 1)[1])
    command = rest[1:]
    if not command:
        raise SystemExit("usage: python -m simsuite.server.kernel --memory-mb=N -- command …")
    if any("ipykernel" in part for part in command):
        command.extend(GUARD)
    return megabytes, command


def main(argv: list[str] | None = None) -> None:
    megabytes, command = kernel_command(sys.argv[1:] if argv is None else argv)
    limit_memory(megabytes)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
