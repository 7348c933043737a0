"""How long the explorer takes to show a 2,000-node graph, in a headless Chromium.

    python -m tests.bench.page_bench [--actors 2000] [--runs 3]

Builds a synthetic store (hand-made records, no model), serves it with the real
app on 127.0.0.1 and prints, in seconds:

* server: GET /api/graph?max_nodes=N, first (NetworkX layout computed) and
  again (layout cached);
* page: navigation to the network being drawn and at rest (``actorgraph.ready``:
  physics off, first complete drawing), first and warm, and how much of that is
  the browser (from the page's script starting to ready).

The figure that matters is "page, first": the budget is 3 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.test_page import LiveServer, launch, synthetic_store, watch

VIEWPORT = {"width": 1400, "height": 860}


def _get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as response:
        response.read()
    return time.perf_counter() - started


def _page(browser, base: str, path: str) -> tuple[float, float]:
    context = browser.new_context(viewport=VIEWPORT)
    watched = watch(context, base)
    watched.page.add_init_script("window.__benchStart = performance.now()")
    started = time.perf_counter()
    watched.goto(path)
    total = time.perf_counter() - started
    browser_part = watched.eval(
        """() => {
            const script = performance.getEntriesByName(location.origin + '/static/explorer.js')[0];
            return (window.actorgraph.readyAt - script.responseEnd) / 1000;
        }"""
    )
    count = watched.eval("() => window.actorgraph.nodes.length")
    assert not watched.blocked and not watched.errors, (watched.blocked, watched.errors)
    context.close()
    assert count > 0
    return total, browser_part


def measure(actors: int = 2000, runs: int = 3) -> dict[str, float]:
    """The timings in seconds (medians of ``runs`` for the warm figures)."""
    from playwright.sync_api import sync_playwright

    import graph.view

    with tempfile.TemporaryDirectory() as folder:
        db = synthetic_store(Path(folder) / "bench.db", actors=actors)
        path = f"/?max_nodes={actors}"
        with LiveServer(db) as live, sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                results = {"server, first": _get(f"{live.url}/api/graph?max_nodes={actors}")}
                results["server, warm"] = statistics.median(
                    _get(f"{live.url}/api/graph?max_nodes={actors}") for _ in range(runs)
                )
                graph.view._LAYOUTS.clear()
                results["page, first"], results["browser part, first"] = _page(browser, live.url, path)
                warm = [_page(browser, live.url, path) for _ in range(runs)]
                results["page, warm"] = statistics.median(w[0] for w in warm)
                results["browser part, warm"] = statistics.median(w[1] for w in warm)
            finally:
                browser.close()
    return results


def main(argv: list[str] | None = None) -> None:
    """Print the figures (``argv`` defaults to none: ``make bench`` calls ``main()``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv or [])
    results = measure(args.actors, args.runs)
    for name, seconds in results.items():
        label = f"{args.actors:,}-node explorer, {name} (s)"
        print(f"{'page':<7} {label:<58} {seconds:.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
