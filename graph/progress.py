"""Progress of a long ingest: a bar on a terminal, log lines everywhere else.

Output to a file or a pipe gets one line when extraction starts, a line every
``ACTORGRAPH_PROGRESS_SECONDS`` while documents finish (done, rate, time
left), a line at that pace even while one long document keeps the extractor
busy (which document, for how long), and one line at the end::

    ingest: 2,000 documents to extract (0 unchanged)
    ingest: 240/2,000 documents (12 %), 1.9 doc/s, about 15 min 26 s left
    ingest: 241/2,000 documents (12 %), 1.8 doc/s, about 16 min 2 s left; d2000.jsonl:242 running for 40 s
    ingest: 2,000 documents extracted in 17 min 33 s (1.9 doc/s)
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

from graph import config


def duration(seconds: float) -> str:
    """A time span as a person says it.

    >>> duration(3725)
    '1 h 2 min'
    >>> duration(75.4)
    '1 min 15 s'
    """
    seconds = round(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds} s"


class Progress:
    """``update()`` after each document, ``working(label)`` before one starts, ``close()`` at the end.

    ``mode``: "bar" (tqdm), "log" (lines) or "silent"; ``clock`` is the time
    source, ``interval`` the seconds between log lines (0: a line per document).
    """

    def __init__(
        self,
        total: int,
        mode: str = "log",
        stream: TextIO | None = None,
        interval: float | None = None,
        skipped: int = 0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.total = total
        self.mode = mode if total else "silent"
        self.stream = stream or sys.stderr
        self.interval = config.get_float("ACTORGRAPH_PROGRESS_SECONDS") if interval is None else interval
        self.clock = clock
        self.done = 0
        self.started = self.last_line = clock()
        self.current: tuple[str, float] | None = None  # the document being extracted, since when
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.bar = None
        self.thread = None
        if self.mode == "bar":
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", desc="extracting", file=self.stream)
        elif self.mode == "log":
            self._write(f"ingest: {total:,} documents to extract ({skipped:,} unchanged)")
            if self.interval > 0:
                self.thread = threading.Thread(target=self._beat, name="ingest-progress", daemon=True)
                self.thread.start()

    def working(self, label: str) -> None:
        with self.lock:
            self.current = (label, self.clock())

    def update(self, count: int = 1) -> None:
        with self.lock:
            self.done += count
            self.current = None
            if self.bar is not None:
                self.bar.update(count)
            elif self.mode == "log" and self.clock() - self.last_line >= self.interval:
                self._write(self.line())

    def tick(self) -> None:
        """A line if none was written for ``interval`` seconds (called by the heartbeat thread)."""
        with self.lock:
            if (
                self.mode == "log"
                and self.done < self.total
                and self.clock() - self.last_line >= self.interval
            ):
                self._write(self.line())

    def line(self) -> str:
        now = self.clock()
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        text = f"ingest: {self.done:,}/{self.total:,} documents ({100 * self.done // self.total} %)"
        if self.done:
            text += f", {rate:.2f} doc/s, about {duration((self.total - self.done) / rate)} left"
        else:
            text += f" after {duration(elapsed)}"
        if self.current is not None and now - self.current[1] >= max(self.interval, 1):
            text += f"; {self.current[0]} running for {duration(now - self.current[1])}"
        return text

    def close(self) -> None:
        self.stopped.set()
        if self.thread is not None:
            self.thread.join()
        with self.lock:
            if self.bar is not None:
                self.bar.close()
            elif self.mode == "log":
                elapsed = self.clock() - self.started
                self._write(
                    f"ingest: {self.done:,} documents extracted in {duration(elapsed)} "
                    f"({self.done / max(elapsed, 1e-9):.2f} doc/s)"
                )
            self.mode = "silent"

    def _beat(self) -> None:
        while not self.stopped.wait(self.interval):
            self.tick()

    def _write(self, text: str) -> None:
        self.last_line = self.clock()
        print(text, file=self.stream, flush=True)


def progress_mode(progress: bool | None, stream: TextIO | None = None) -> str:
    """None: a bar on a terminal, log lines otherwise; True: the bar (or lines when not a terminal); False: nothing."""
    if progress is False:
        return "silent"
    stream = stream or sys.stderr
    return "bar" if stream.isatty() else "log"
