"""graph/progress.py: ingest progress as log lines when not a terminal, a bar on one."""

from __future__ import annotations

import io
import threading

import pytest

from graph.errors import InputError
from graph.progress import Progress, duration, progress_mode


class Clock:
    """Time that moves only when the test says so."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def lines(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def by_hand(progress: Progress) -> Progress:
    """Stop the heartbeat thread: the test calls tick() itself."""
    progress.stopped.set()
    progress.thread.join()
    return progress


def test_progress_log_lines_every_interval_with_rate_and_time_left():
    clock, out = Clock(), io.StringIO()
    progress = by_hand(Progress(100, "log", out, interval=10, skipped=5, clock=clock))
    clock.now += 4
    progress.update()  # within the interval: no line
    clock.now += 6
    progress.update()
    clock.now += 30
    progress.update(48)
    clock.now += 10
    progress.close()
    assert lines(out) == [
        "ingest: 100 documents to extract (5 unchanged)",
        "ingest: 2/100 documents (2 %), 0.20 doc/s, about 8 min 10 s left",
        "ingest: 50/100 documents (50 %), 1.25 doc/s, about 40 s left",
        "ingest: 50 documents extracted in 50 s (1.00 doc/s)",
    ]


def test_progress_heartbeat_names_a_long_document():
    """A 1.9 MB article that takes a minute is not a minute of silence."""
    clock, out = Clock(), io.StringIO()
    progress = by_hand(Progress(3, "log", out, interval=10, clock=clock))
    progress.working("d2000.jsonl:121 (1,923,004 characters)")
    clock.now += 5
    progress.tick()  # nothing new before the interval
    clock.now += 40
    progress.tick()
    assert lines(out)[1:] == [
        "ingest: 0/3 documents (0 %) after 45 s; d2000.jsonl:121 (1,923,004 characters) running for 45 s"
    ]
    progress.update()
    clock.now += 10
    progress.tick()
    assert lines(out)[-1] == "ingest: 1/3 documents (33 %), 0.02 doc/s, about 1 min 50 s left"
    progress.close()


class Signalling(io.StringIO):
    """A log that says when a heartbeat line arrives."""

    def __init__(self):
        super().__init__()
        self.beat = threading.Event()

    def write(self, text: str) -> int:
        if text.startswith("ingest: 0/2 documents (0 %) after"):
            self.beat.set()
        return super().write(text)


def test_progress_heartbeat_thread_writes_while_a_document_runs():
    out = Signalling()
    progress = Progress(2, "log", out, interval=0.05)
    progress.working("slow.txt (10 characters)")  # and no update() comes
    assert out.beat.wait(timeout=30)
    progress.close()


def test_progress_interval_zero_writes_a_line_per_document():
    out = io.StringIO()
    progress = Progress(3, "log", out, interval=0)
    for _ in range(3):
        progress.update()
    progress.close()
    assert [line.split(" documents")[0] for line in lines(out)[1:4]] == [
        "ingest: 1/3",
        "ingest: 2/3",
        "ingest: 3/3",
    ]


@pytest.mark.parametrize("mode", ["log", "bar", "silent"])
def test_progress_nothing_to_extract_is_silent(mode):
    out = io.StringIO()
    progress = Progress(0, mode, out)
    progress.close()
    assert out.getvalue() == ""


def test_progress_bar_mode_draws_tqdm():
    out = io.StringIO()
    progress = Progress(2, "bar", out)
    progress.update(2)
    progress.close()
    assert "extracting: 100%" in out.getvalue() and "ingest:" not in out.getvalue()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("progress", "stream", "mode"),
    [
        (None, io.StringIO(), "log"),
        (None, Terminal(), "bar"),
        (False, Terminal(), "silent"),
        (True, io.StringIO(), "log"),
    ],
)
def test_progress_mode(progress, stream, mode):
    assert progress_mode(progress, stream) == mode


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.4, "0 s"), (59, "59 s"), (61, "1 min 1 s"), (7322, "2 h 2 min")]
)
def test_progress_duration(seconds, text):
    assert duration(seconds) == text


@pytest.mark.parametrize("value", ["-1", "often", "nan"])
def test_progress_interval_setting_is_checked(monkeypatch, value):
    monkeypatch.setenv("ACTORGRAPH_PROGRESS_SECONDS", value)
    with pytest.raises(InputError, match="ACTORGRAPH_PROGRESS_SECONDS"):
        Progress(1, "log", io.StringIO())
