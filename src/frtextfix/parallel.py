"""Worker processes that keep the input order: shared by ``Repairer.repair_many`` and the
command line's ``--workers``.

A repairer is pure Python, so threads do not run it in parallel; processes do. Each worker
builds what it needs once, in its initializer (a repairer is rebuilt from its configuration,
never sent with its models), and then takes chunks of work. Only a few chunks per worker are
in flight at a time, so memory stays bounded whatever the input's size, and results come
back in input order.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

# Chunks in flight per worker: enough that no worker waits for the next one, few enough that
# memory stays bounded.
IN_FLIGHT_PER_WORKER = 3


def cpu_count() -> int:
    """The CPUs this process may run on (what ``workers=0`` means)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def resolve_workers(workers: object) -> int:
    """The number of processes ``workers`` asks for (0: one per CPU); ``ValueError`` for
    anything but a whole number from 0 up."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise ValueError(f"workers must be a whole number, 1 or more (0: one per CPU), "
                         f"got {workers!r}")
    return workers or cpu_count()


def ordered_map(fn: Callable[[T], R], chunks: Iterable[T], workers: int,
                initializer: Callable[..., object], initargs: tuple[Any, ...]) -> Generator[R, None, None]:
    """``fn(chunk)`` for each chunk, in order, computed by ``workers`` processes, each set up
    by ``initializer(*initargs)`` (SIGINT ignored, SIGTERM at its default). Closing the
    iterator early, or an error (in a worker or while reading ``chunks``), stops the workers
    and drops the queued chunks."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               initargs=(initializer, *initargs))
    pending: deque[Future[R]] = deque()
    window = IN_FLIGHT_PER_WORKER * workers
    try:
        for chunk in chunks:
            pending.append(pool.submit(fn, chunk))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:  # GeneratorExit and KeyboardInterrupt too: no worker is left behind
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def _start_worker(initializer: Callable[..., object], *initargs: Any) -> None:
    """Every worker's start: Ctrl-C reaches the whole process group, and the caller alone
    handles it and stops us; a caller's SIGTERM handler, inherited through fork, would let
    stopping us fail. Then the caller's own set-up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    initializer(*initargs)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop now: drop the queued chunks and end the worker processes."""
    # Both taken before the shutdown, which forgets them: without the processes the pool would
    # let each finish its chunk, and the pool's own thread reaps them too, so it is waited for
    # (two threads reaping one process can leave it looking alive to the other).
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        try:
            proc.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    if manager is not None:
        manager.join(timeout=5)
    for proc in processes:
        try:
            proc.join(timeout=5)
        except (OSError, ValueError, AttributeError, AssertionError):
            pass
