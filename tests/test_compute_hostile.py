"""Hostile input for the compute additions of chapter 02 and the answer readers of chapters 01 and 02.

``current_generations``, ``on_demand_usd_per_hour`` and ``storage_options`` refuse bad input with a
rule error or a TypeError, quickly; the exercises' answer readers (placement, Region code, volume,
bucket policy, number) never raise, whatever a learner types, and read only bounded input. Each
call runs in a forked, memory-limited child (``_hostile.run_limited``).
"""

import re

import pytest
from _hostile import run_limited

from awsbasics.chapters._graded import parse_number
from awsbasics.chapters.foundational_services import parse_volume
from awsbasics.chapters.global_infrastructure import parse_placement, parse_region
from awsbasics.chapters.storage_s3 import parse_policy
from awsbasics.compute import (
    InstanceStateError,
    current_generations,
    on_demand_usd_per_hour,
    simulate_lifecycle,
    storage_options,
)

LONG = "x" * 10**6
SURROGATE = "\ud800"

CASES = []
for value in (None, 1, b"large", ["large"], 2.0):
    CASES += [
        (f"generations size {value!r}", lambda v=value: current_generations(v), TypeError, r"size must be str"),
        (f"price name {value!r}", lambda v=value: on_demand_usd_per_hour(v), TypeError, r"must be str"),
    ]
for value in ("", LONG, SURROGATE, "medium", "3xlarge", "LARGE", " large", "\u0662xlarge"):
    CASES.append(
        (
            f"generations size {value!r:.20}",
            lambda v=value: current_generations(v),
            Exception,
            r"price table covers the sizes",
        )
    )
for value in ("", LONG, SURROGATE, "m7g", "m6i.large", "m7g.medium", "M7G.LARGE", "m7g.large ", "t3.micro"):
    CASES.append(
        (
            f"price name {value!r:.20}",
            lambda v=value: on_demand_usd_per_hour(v),
            Exception,
            r"InstanceType|instance|price table|size|not",
        )
    )
CASES.append(("storage_options extra arg", lambda: storage_options("x"), TypeError, r"positional argument"))
CASES += [
    ("lifecycle seed negative", lambda: simulate_lifecycle(["launch"], seed=-1), InstanceStateError, r"seed=-1"),
    ("lifecycle seed huge", lambda: simulate_lifecycle(["launch"], seed=2**70), InstanceStateError, r"71 bits"),
    ("lifecycle seed bool", lambda: simulate_lifecycle(["launch"], seed=True), TypeError, r"seed must be int"),
]


@pytest.mark.parametrize(("call", "error", "pattern"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused(call, error, pattern):
    kind, message = run_limited(call)
    if error is Exception:  # a rule error: an InstanceTypeError
        assert kind == "InstanceTypeError", (kind, message)
    else:
        assert kind == error.__name__, (kind, message)
    assert re.search(pattern, message), message


class _Hostile:
    __hash__ = None

    def __eq__(self, other):
        raise RuntimeError("__eq__ raises")

    def __repr__(self):
        raise RuntimeError("__repr__ raises")


ANSWERS = [
    None,
    10**400,
    float("nan"),
    float("inf"),
    LONG,
    "1," * 10**5,
    "9" * 10**5,
    SURROGATE,
    _Hostile(),
    [_Hostile()],
    [10**400] * 3,
    [True, False],
    [1] * 10**5,
    b"4,4,4",
    {"a": 1},
    object(),
    (1, 2),
    "",
    " , , ",
    "-1, 2",
    "1.5, 2",
    "\u0663, \u0663",
]
READERS = [
    ("placement", parse_placement),
    ("region", parse_region),
    ("volume", parse_volume),
    ("policy", parse_policy),
    ("number", parse_number),
]


@pytest.mark.parametrize(("name", "reader"), READERS, ids=[r[0] for r in READERS])
@pytest.mark.parametrize("answer", ANSWERS, ids=range(len(ANSWERS)))
def test_answer_readers_never_raise(name, reader, answer):
    kind, message = run_limited(lambda: reader(answer))
    assert kind == "returned", (kind, message)


def test_answer_readers_refuse_what_they_cannot_read():
    assert parse_placement("1," * 10**5) is None and parse_placement([1] * 100) is None
    assert parse_placement("-1, 2") is None and parse_placement([True, 2]) is None
    assert parse_region(LONG) is None and parse_policy(LONG) is None
    assert parse_volume("gp3 " + "9" * 100) is None and parse_volume("io9 100") is None
    assert parse_number(10**400) is None and parse_number("9" * 100) is None and parse_number(float("nan")) is None
