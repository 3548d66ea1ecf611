"""The process pool that reads the files, and the signals around it.

One file a task; a worker that dies (a crash in a reader) takes its pool down, so the
files it held are retried one at a time to pin the crash on the file that caused it.
Ctrl-C is the parent's: the workers ignore SIGINT, and the parent stops them and removes
its temporary folder (:func:`no_interrupt` guards that cleanup).
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from cadrekit.batch.outcome import Failure, Outcome

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Future, ProcessPoolExecutor

    from cadrekit.batch.discover import Input

Progress = Callable[[str, Any], None]  # ("start", total) | ("file", FileStatus) | ("phase", text)
Call = tuple[Callable[..., Outcome], tuple[Any, ...]]


def init_worker() -> None:
    # Ctrl-C is the parent's to handle: it stops the pool and removes the temporary folder.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_all(
    calls: list[Call],
    inputs: list[Input],
    jobs: int | None,
    lang: str,
    say: Progress,
) -> list[Outcome]:
    """Run each call, in a process pool when there is more than one file and one job."""
    workers = min(jobs or os.cpu_count() or 1, len(calls))
    if workers <= 1:
        outcomes = []
        for (fn, args), item in zip(calls, inputs, strict=True):
            outcome = _guard(fn, args, item)
            say("file", outcome.status(lang))
            outcomes.append(outcome)
        return outcomes
    results: dict[int, Outcome] = {}
    crashed = _pool(calls, inputs, workers, lang, say, results)
    for i in crashed:  # one at a time, so that a crash is pinned on the file that caused it
        _pool([calls[i]], [inputs[i]], 1, lang, say, results, offset=i, last_try=True)
    return [results[i] for i in range(len(calls))]


def _guard(fn: Callable[..., Outcome], args: tuple[Any, ...], item: Input) -> Outcome:
    try:
        return fn(*args)
    except Exception as exc:  # a bug on one file must not stop the rest
        return _internal(item, exc)


def _internal(item: Input, exc: Exception) -> Outcome:
    """A bug met on one file: said as it is (for the report to us), exit EXIT_INTERNAL."""
    message = f"internal error: {type(exc).__name__}: {exc}"
    return Outcome(item.name, message=message, failure=Failure.INTERNAL)


def _pool(
    calls: list[Call],
    inputs: list[Input],
    workers: int,
    lang: str,
    say: Progress,
    results: dict[int, Outcome],
    *,
    offset: int = 0,
    last_try: bool = False,
) -> list[int]:
    """Fill ``results``; return the indexes whose worker process died (to retry alone)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    crashed: list[int] = []
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker)
    futures: dict[Future[Outcome], int] = {}
    try:
        with _sigint_blocked():  # the workers start as they are submitted to
            for n, (fn, args) in enumerate(calls):
                futures[executor.submit(fn, *args)] = offset + n
        for future in as_completed(futures):
            i = futures[future]
            item = inputs[i - offset]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                if not last_try:
                    crashed.append(i)
                    continue
                outcome = Outcome(
                    item.name,
                    failure=Failure.CRASHED,
                    message="reading this file crashed the worker process"
                    if lang == "en"
                    else "读取此文件时进程崩溃",
                )
            except Exception as exc:
                outcome = _internal(item, exc)
            results[i] = outcome
            say("file", outcome.status(lang))
    except BaseException:
        with no_interrupt():
            _stop(executor)
        raise
    executor.shutdown(wait=True)
    return sorted(crashed)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Stop now: drop queued files and end the workers (they only write into the temp dir).

    Private attributes, as there is no public API for this: the worker processes, the
    pool's manager thread and its result pipe. A worker ended while it was sending a result
    leaves half a message in that pipe, and the manager thread would wait for the rest
    forever (and Python with it, at exit): closing our end of the pipe once the workers are
    gone turns that wait into EOF, which the thread takes as a broken pool and ends.
    """
    processes = list((getattr(executor, "_processes", None) or {}).values())
    manager = getattr(executor, "_executor_manager_thread", None)
    results = getattr(executor, "_result_queue", None)
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)
    if results is not None:
        with contextlib.suppress(Exception):
            results._writer.close()
    if manager is not None:
        # joined here, not at exit: nothing may write to the workers' pipes once the CLI
        # has given SIGPIPE its deadly default back
        manager.join(10)


@contextlib.contextmanager
def no_interrupt() -> Iterator[None]:
    """Ctrl-C is ignored in the block: cleaning up, or moving the finished output in place.

    Only in the main thread (signal handlers can be set nowhere else); a library caller
    running batches in a thread keeps whatever it set up.
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT held back (not lost) while worker processes start: they inherit the mask, so
    Ctrl-C, sent to the whole process group, cannot interrupt one before init_worker has
    made it ignore SIGINT (a traceback from the worker on stderr)."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no process groups to worry about
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:  # a Ctrl-C held back is raised here, in the parent
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
