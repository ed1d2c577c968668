"""Shared by the hostile-input suites: run one call in a forked child with a time and memory limit.

A fresh interpreter per input would cost 0.3-1 s; a child forked from the test process
starts at once with the package already imported. The memory limit is counted on top of
what the test process already maps (numpy's thread pools map gigabytes up front), so it
holds however many tests ran before.
"""

from __future__ import annotations

import multiprocessing
import resource

EXTRA_BYTES = 2**30  # what a call may map beyond the forked process: 1 GiB
SECONDS = 2.0


def address_space_now() -> int:
    """This process's mapped address space in bytes (VmSize)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmSize:"))
    return int(line.split()[1]) * 1024


def limit_memory(extra_bytes: int = EXTRA_BYTES) -> None:
    """In a child: allow ``extra_bytes`` of address space beyond what is mapped now."""
    limit = address_space_now() + extra_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _child(call, connection) -> None:
    limit_memory()
    try:
        result = call()
    except BaseException as exc:  # report every kind, MemoryError included
        connection.send((type(exc).__name__, str(exc)[:500]))
    else:
        connection.send(("returned", repr(result)[:500]))
    connection.close()


def run_limited(call, *, seconds: float = SECONDS) -> tuple[str, str]:
    """``call()`` in a forked, memory-limited child: (exception name, message), ("returned", repr) or ("timeout", "")."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(call, sender))
    child.start()
    sender.close()
    finished = receiver.poll(seconds)
    outcome = receiver.recv() if finished else ("timeout", "")
    child.join(0.5)
    if child.is_alive():
        child.kill()
        child.join()
    return outcome


def _model_child(build, snapshot, call, connection) -> None:
    model = build()
    before = snapshot(model)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = address_space_now() + EXTRA_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        result = call(model)
    except BaseException as exc:  # report every kind, MemoryError included
        outcome = (type(exc).__name__, [c.__name__ for c in type(exc).__mro__], str(exc)[:500])
    else:
        outcome = ("returned", [], repr(result)[:500])
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))  # room to take the snapshot again
    connection.send((*outcome, snapshot(model) == before))
    connection.close()


def run_on_model(build, snapshot, call, *, seconds: float = SECONDS):
    """``call(build())`` in a forked, memory-limited child.

    Returns (kind, names of the exception's classes, message, whether ``snapshot`` of the model is
    unchanged), or ("timeout", [], "", False) when the call is still running after ``seconds``.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_model_child, args=(build, snapshot, call, sender))
    child.start()
    sender.close()
    finished = receiver.poll(seconds)
    outcome = receiver.recv() if finished else ("timeout", [], "", False)
    child.join(0.5)
    if child.is_alive():
        child.kill()
        child.join()
    return outcome
