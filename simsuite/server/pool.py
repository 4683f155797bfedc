"""Warm kernels: a few kernels started and with the apps' modules imported before anyone asks.

Starting a Python kernel and importing ipywidgets, the widget helpers and the content packs
is most of the wait before an app appears. The pool does that ahead of time; a page takes a
warm kernel, which is then given the page's request (its ``QUERY_STRING``, so ``?seed=`` and
``?lang=`` still reach :func:`simsuite.widgets.common.page_parameters`) and working folder
before the notebook runs. The pool refills in the background.

Unlike Voilà's own pre-heating, nothing of the notebook runs before the request, so the page
shell still knows the visitor's language and the kernel cap still applies. Pooled kernels
are neither counted against the cap nor culled.
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import json
import os
import uuid

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Integer, TraitError, Unicode

#: What a warm kernel imports: the costly part of every app's first cell.
DEFAULT_WARM_UP = "from simsuite.widgets.warm import warm_up; warm_up()"


class WarmPoolKernelManager(AsyncMappingKernelManager):
    pool_size = Integer(2, config=True, help="Kernels kept started and warm (0: no pool).")
    pool_kernel_name = Unicode("python3", config=True, help="Kernel spec of the pool.")
    warm_up = Unicode(DEFAULT_WARM_UP, config=True, help="Code a pooled kernel runs first.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._pool: list[str] = []
        self._warming = 0
        self._warming_ids: set[str] = set()

    # -- the pool ---------------------------------------------------------------------------

    def pooled_kernel_ids(self) -> list[str]:
        return list(self._pool)

    def visitor_kernel_ids(self) -> list[str]:
        """Kernels serving a page (what the cap counts): not those pooled or warming up."""
        spare = set(self._pool) | self._warming_ids
        return [k for k in self.list_kernel_ids() if k not in spare]

    async def fill_pool(self) -> None:
        while len(self._pool) + self._warming < self.pool_size:
            self._warming += 1
            # the id is known before the kernel is registered, so it is never counted as a visitor
            kernel_id = str(uuid.uuid4())
            self._warming_ids.add(kernel_id)
            try:
                await super().start_kernel(kernel_name=self.pool_kernel_name, kernel_id=kernel_id)
                await self._run(kernel_id, self.warm_up)
                self._pool.append(kernel_id)
            except Exception:  # a kernel that fails to warm is not pooled; pages start their own
                self.log.exception("could not warm a pooled kernel")
                if kernel_id in self.list_kernel_ids():
                    await self.shutdown_kernel(kernel_id, now=True)
                return
            finally:
                self._warming -= 1
                self._warming_ids.discard(kernel_id)

    def _refill_later(self) -> None:
        asyncio.ensure_future(self.fill_pool())

    async def _run(self, kernel_id: str, code: str) -> None:
        client = self.get_kernel(kernel_id).client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=300)
            msg_id = client.execute(code, silent=True, store_history=False)
            while True:
                reply = await client.get_shell_msg(timeout=300)
                if reply["parent_header"].get("msg_id") == msg_id:
                    if reply["content"]["status"] != "ok":
                        raise RuntimeError(f"warm-up failed: {reply['content'].get('ename')}")
                    return
        finally:
            client.stop_channels()

    # -- the kernel manager's interface --------------------------------------------------------

    async def start_kernel(self, *args, **kwargs):
        kernel_name = kwargs.get("kernel_name") or self.default_kernel_name
        if self._pool and kernel_name == self.pool_kernel_name and not kwargs.get("kernel_id"):
            kernel_id = self._pool.pop(0)
            try:
                await self._hand_over(kernel_id, kwargs.get("path"), kwargs.get("env") or {})
            except Exception:
                self.log.exception("a pooled kernel could not be handed over; starting a new one")
                await self.shutdown_kernel(kernel_id, now=True)
            else:
                self._refill_later()
                return kernel_id
        kernel_id = await super().start_kernel(*args, **kwargs)
        self._refill_later()
        return kernel_id

    async def _hand_over(self, kernel_id: str, path: str | None, env: dict[str, str]) -> None:
        """Give a warm kernel what a fresh one would have had: the request's environment
        (only what differs from the server's) and the notebook's folder."""
        request_env = {k: str(v) for k, v in env.items() if os.environ.get(k) != v}
        folder = self.cwd_for_path(path) if path is not None else self.root_dir
        code = (
            "import os as _os, json as _json\n"
            f"_os.environ.update(_json.loads({json.dumps(json.dumps(request_env))}))\n"
            f"_os.chdir({json.dumps(folder)})\n"
            "del _os, _json\n"
        )
        await self._run(kernel_id, code)

    async def cull_kernel_if_idle(self, kernel_id):
        if kernel_id in self._pool or kernel_id in self._warming_ids:
            return None  # waiting for a visitor is what a pooled kernel is for
        kernel = self._kernels.get(kernel_id)
        try:
            if kernel is None or kernel.last_activity is None:
                return None  # its page closed meanwhile, or it is still starting
        except TraitError:  # no activity recorded yet: still starting
            return None
        return await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id, now=False, restart=False):
        if kernel_id in self._pool:
            self._pool.remove(kernel_id)
        result = await super().shutdown_kernel(kernel_id, now=now, restart=restart)
        release_memory()
        return result


def release_memory() -> None:
    """Give the memory a closed page's kernel used in the server back to the system: what its
    channels and messages held is freed, but the C allocator keeps freed pages unless asked
    (glibc only; elsewhere nothing to do)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
