"""The project's own settings, plus one middleware that reports what a request cost the server.

The benchmark serves the app with these settings: identical to `chidao.settings` except for
`bench.settings.ServerTiming` at the top of the middleware, which adds a `Server-Timing` header
with the wall time and the CPU time the worker spent on the request. The client records both:
the wall time as seen over HTTP is the measure the targets are about; the server's CPU time leaves
out the waiting for a CPU when other programs compete for the machine's two, so it helps tell a
slow page from a busy machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from chidao.settings import *  # noqa: F403
from chidao.settings import MIDDLEWARE

MIDDLEWARE = ["bench.settings.ServerTiming", *MIDDLEWARE]


class ServerTiming:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.headers.get("X-Bench-Cold") == "1":
            # The *_cold scenarios: this worker computes the page's figures again, as after a change.
            caches["figures"].clear()
        wall, cpu = time.perf_counter(), time.process_time()
        response = self.get_response(request)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        response["Server-Timing"] = f"app;dur={wall * 1000:.2f}, cpu;dur={cpu * 1000:.2f}"
        return response
