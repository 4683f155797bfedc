"""Voilà configured to hold a classroom (see the package docstring).

``python -m simsuite.server notebooks/ --port 8866`` starts it; ``--help`` lists the limits.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_server.utils import url_path_join
from tornado import web
from traitlets import Integer, Unicode
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

from simsuite.i18n import gettext
from simsuite.server.page import PAGE_KEY, page_info, page_language
from simsuite.server.pool import WarmPoolKernelManager

SHARE = Path(__file__).resolve().parent / "share" / "jupyter"
TEMPLATE = "simsuite"

#: Defaults for ``make run``: measured in docs/benchmarks.md ("The classroom").
DEFAULT_MAX_KERNELS = 40
DEFAULT_MEMORY_MB = 2048
DEFAULT_CULL_IDLE_SECONDS = 600
DEFAULT_CULL_INTERVAL_SECONDS = 60
DEFAULT_WARM_KERNELS = 2
IOPUB_TIMEOUT_SECONDS = 120
#: Lab extensions of the environment that serve JupyterLab, not a Voilà page.
JUPYTERLAB_ONLY_EXTENSIONS = [
    "@jupyter/nbgrader",
    "@jupyter-notebook/lab-extension",
    "@voila-dashboards/jupyterlab-preview",
    "nbdime-jupyterlab",
]


class ServerFull(web.HTTPError):
    """The kernel cap is reached: the visitor gets a page in their language, status 503."""

    def __init__(self, lang: str, limit: int) -> None:
        super().__init__(503, "kernel limit of %d reached", limit)
        self.lang = lang
        self.heading = gettext("The training server is full right now", lang)
        self.text = gettext(
            "All {limit} places are taken by other learners. Wait a minute or two and reload "
            "this page; places free up as others close their apps. If it keeps happening, "
            "tell your instructor.",
            lang,
        ).format(limit=limit)


class LimitedKernelSpecManager(KernelSpecManager):
    """Python kernels start through :mod:`simsuite.server.kernel`: a memory limit, and the
    guard that keeps tracebacks and server paths away from visitors."""

    memory_mb = Integer(
        DEFAULT_MEMORY_MB, config=True, help="Address-space limit of each kernel, in MB (0: none)."
    )

    def get_kernel_spec(self, kernel_name: str):
        spec = super().get_kernel_spec(kernel_name)
        if spec.language.lower() == "python" and "simsuite.server.kernel" not in spec.argv:
            command = list(spec.argv)
            if command and command[0] in {"python", "python3"}:
                command[0] = sys.executable  # what jupyter_client does for a bare "python"
            spec.argv = [
                sys.executable,
                "-m",
                "simsuite.server.kernel",
                f"--memory-mb={self.memory_mb}",
                "--",
                *command,
            ]
        return spec


class StartPageRedirect(web.RequestHandler):
    """``/`` opens the curriculum's start page (keeping ``?lang=``), not the file list."""

    def initialize(self, target: str) -> None:
        self.target = target

    def get(self) -> None:
        query = self.request.query
        self.redirect(self.target + (f"?{query}" if query else ""))


class ShutdownOnLeave(VoilaShutdownKernelHandler):
    """The page sends a beacon when the learner leaves it (close, reload, navigate away).

    A beacon carries no XSRF header; the kernel id in the address (a random UUID only that
    page knows) is the capability, so the XSRF check is skipped for this one action."""

    def check_xsrf_cookie(self) -> None:
        return None

    async def post(self, kernel_id: str) -> None:
        if kernel_id not in self.kernel_manager.list_kernel_ids():
            self.set_status(204)
            self.finish()
            return
        await super().post(kernel_id)


class PageHook:
    """Voilà's pre-launch hook: refuse a new kernel past the cap, and hand the template the
    page's language, title and loading messages (from the request's ``?lang=``)."""

    def __init__(self, max_kernels: int) -> None:
        self.max_kernels = max_kernels

    def __call__(self, handler, notebook, cwd):  # noqa: ARG002 - Voilà's hook signature
        lang = page_language(handler.get_argument("lang", ""))
        manager = handler.kernel_manager
        visitors = getattr(manager, "visitor_kernel_ids", manager.list_kernel_ids)
        running = len(visitors())
        if self.max_kernels and running >= self.max_kernels:
            handler.log.warning("kernel limit reached: %d of %d", running, self.max_kernels)
            raise ServerFull(lang, self.max_kernels)
        info = page_info(notebook, handler.request.path, lang)
        notebook.metadata[PAGE_KEY] = info
        notebook.metadata["title"] = info["title"]
        return notebook


class SimsuiteVoila(Voila):
    """Voilà with the ``simsuite`` template, a start page, limits and culling defaults."""

    name = "simsuite-server"
    max_kernels = Integer(
        DEFAULT_MAX_KERNELS,
        config=True,
        help="Most kernels running at once (one per open app page); 0 for no limit.",
    )
    start_page = Unicode("00_start_here.ipynb", config=True, help="What / opens.")

    def initialize(self, argv=None):
        # the template lives in this package: put it on Jupyter's data path before Voilà looks
        paths = [str(SHARE), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
        os.environ["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
        config = self.config
        config.VoilaConfiguration.template = TEMPLATE
        config.VoilaConfiguration.show_tracebacks = False
        # JupyterLab's own extensions installed beside Voilà (the course's nbgrader, nbdime, the
        # notebook's): a page that loads them logs failed modules, and the file list now and
        # then never rendered; an app page needs none of them
        config.VoilaConfiguration.extension_denylist = JUPYTERLAB_ONLY_EXTENSIONS
        config.VoilaConfiguration.kernel_spec_manager_class = LimitedKernelSpecManager
        config.VoilaConfiguration.multi_kernel_manager_class = WarmPoolKernelManager
        config.MappingKernelManager.cull_idle_timeout = DEFAULT_CULL_IDLE_SECONDS
        config.MappingKernelManager.cull_interval = DEFAULT_CULL_INTERVAL_SECONDS
        # an open page keeps its kernel; a closed one is shut down by its beacon or culled
        config.MappingKernelManager.cull_connected = False
        # after a cell's reply, how long to wait for its output (the app's widget): nbclient's
        # 4 s lost the widget of one page in seven when a class opened pages at once
        config.VoilaExecutor.iopub_timeout = IOPUB_TIMEOUT_SECONDS
        self.update_config(config)
        super().initialize(argv)
        self.voila_configuration.prelaunch_hook = PageHook(self.max_kernels)

    def start(self):
        from tornado.ioloop import IOLoop

        # warm the pool once the server runs (the kernel manager exists by then)
        IOLoop.current().add_callback(self._fill_pool)
        super().start()

    async def _fill_pool(self) -> None:
        fill = getattr(self.kernel_manager, "fill_pool", None)
        if fill is not None:
            await fill()

    def init_handlers(self):
        handlers = super().init_handlers()
        kernel_id = r"(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)"
        shutdown = url_path_join(self.server_url, r"/voila/api/shutdown/" + kernel_id)
        ours: list[tuple] = [(shutdown, ShutdownOnLeave)]
        if not self.notebook_path:
            target = url_path_join(self.server_url, "voila/render", self.start_page)
            ours.append(
                (url_path_join(self.server_url, r"/?"), StartPageRedirect, {"target": target})
            )
        return ours + handlers


def parse_args(argv: list[str] | None = None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="python -m simsuite.server",
        description="Serve the lessons of a folder as apps, with the limits a classroom needs.",
    )
    parser.add_argument("folder", nargs="?", default="notebooks", help="folder of notebooks")
    parser.add_argument("--ip", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument(
        "--max-kernels",
        type=int,
        default=DEFAULT_MAX_KERNELS,
        help="most app pages open at once; past it a visitor is asked to retry (0: no limit)",
    )
    parser.add_argument(
        "--memory-mb",
        type=int,
        default=DEFAULT_MEMORY_MB,
        help="address-space limit of each kernel in MB (0: none)",
    )
    parser.add_argument(
        "--cull-idle-seconds",
        type=int,
        default=DEFAULT_CULL_IDLE_SECONDS,
        help="shut down a kernel whose page is closed after this many idle seconds",
    )
    parser.add_argument(
        "--cull-interval-seconds",
        type=int,
        default=DEFAULT_CULL_INTERVAL_SECONDS,
        help="how often to look for idle kernels",
    )
    parser.add_argument(
        "--warm-kernels",
        type=int,
        default=DEFAULT_WARM_KERNELS,
        help="kernels kept started, with the apps' modules imported, for the next visitors",
    )
    return parser.parse_known_args(argv)


def voila_argv(args: argparse.Namespace, extra: list[str]) -> list[str]:
    return [
        args.folder,
        "--no-browser",
        f"--Voila.ip={args.ip}",
        f"--port={args.port}",
        f"--SimsuiteVoila.max_kernels={args.max_kernels}",
        f"--LimitedKernelSpecManager.memory_mb={args.memory_mb}",
        f"--MappingKernelManager.cull_idle_timeout={args.cull_idle_seconds}",
        f"--MappingKernelManager.cull_interval={args.cull_interval_seconds}",
        f"--WarmPoolKernelManager.pool_size={args.warm_kernels}",
        *extra,
    ]


def main(argv: list[str] | None = None) -> int:
    args, extra = parse_args(argv)
    if not Path(args.folder).is_dir():
        print(f"error: {args.folder}: no such folder of notebooks", file=sys.stderr)
        return 2
    SimsuiteVoila.launch_instance(argv=voila_argv(args, extra))
    return 0
