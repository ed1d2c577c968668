"""Hostile input for subnet planning and reachability: a rule error or a TypeError, quickly.

``plan``/``max_azs``/``report`` and ``reachability``/``network_graph`` with wrong kinds, None,
negative/NaN/inf/huge numbers, non-ASCII digits, lone surrogates, empty and 10^6-character
strings and unknown names. Inputs whose size drives a loop run in a forked, memory-limited child
(``_hostile.run_limited``).
"""

import re

import pytest
from _hostile import run_limited

from awsbasics.errors import AwsRuleError, CidrError, VpcError
from awsbasics.network import VPC, network_graph, reachability
from awsbasics.network.planning import MAX_LABEL_CHARS, MAX_TIERS, max_azs, plan, report

BIG = 10**400
LONG = "x" * 10**6
SURROGATE = "\ud800"


def _vpc() -> VPC:
    vpc = VPC("10.0.0.0/16", name="hostile", region="ap-northeast-2")
    subnet = vpc.add_subnet("10.0.0.0/24", az="ap-northeast-2a", name="s")
    vpc.add_instance("web", subnet)
    vpc.add_instance("app", subnet)
    return vpc


VPC_ = _vpc()


def _plan(**changes):
    args = {"vpc_cidr": "10.0.0.0/16", "azs": 2, "tiers": {"public": 24}} | changes
    return lambda: plan(args.pop("vpc_cidr"), **args)


CASES = [
    # plan: the VPC block
    ("plan cidr None", _plan(vpc_cidr=None), TypeError, r"str|Cidr"),
    ("plan cidr empty", _plan(vpc_cidr=""), CidrError, r"CIDR"),
    ("plan cidr long", _plan(vpc_cidr=LONG), CidrError, r"'x{100}"),
    ("plan cidr surrogate", _plan(vpc_cidr=SURROGATE), CidrError, r"CIDR"),
    ("plan cidr arabic digit", _plan(vpc_cidr="10.0.0.0/\u0661\u0666"), CidrError, r"CIDR"),
    ("plan cidr /8", _plan(vpc_cidr="10.0.0.0/8"), CidrError, r"/16"),
    # plan: azs
    ("plan azs None", _plan(azs=None), TypeError, r"azs"),
    ("plan azs bool", _plan(azs=True), TypeError, r"azs.*bool"),
    ("plan azs float", _plan(azs=2.0), TypeError, r"azs"),
    ("plan azs nan", _plan(azs=float("nan")), TypeError, r"azs"),
    ("plan azs 0", _plan(azs=0), CidrError, r"azs=0"),
    ("plan azs negative", _plan(azs=-1), CidrError, r"azs=-1"),
    ("plan azs huge", _plan(azs=BIG), CidrError, r"Availability Zones"),
    ("plan azs str", _plan(azs="az-a"), TypeError, r"azs"),
    ("plan azs empty list", _plan(azs=[]), CidrError, r"at least one"),
    ("plan azs 10^6 names", _plan(azs=["z"] * 10**6), CidrError, r"1,000,000 names given"),
    ("plan azs duplicate", _plan(azs=["a", "a"]), CidrError, r"once"),
    ("plan azs None name", _plan(azs=[None]), TypeError, r"list of AZ names"),
    ("plan azs empty name", _plan(azs=[""]), CidrError, rf"1 to {MAX_LABEL_CHARS} printable"),
    ("plan azs long name", _plan(azs=[LONG]), CidrError, rf"1 to {MAX_LABEL_CHARS} printable"),
    ("plan azs surrogate name", _plan(azs=[SURROGATE]), CidrError, r"printable"),
    ("plan azs control name", _plan(azs=["a\nb"]), CidrError, r"printable"),
    # plan: tiers
    ("plan tiers None", _plan(tiers=None), TypeError, r"tiers must be a dict"),
    ("plan tiers list", _plan(tiers=[("a", 24)]), TypeError, r"tiers must be a dict"),
    ("plan tiers empty", _plan(tiers={}), CidrError, r"at least one tier"),
    ("plan tiers 10^5", _plan(tiers={f"t{i}": 28 for i in range(10**5)}), CidrError, rf"at most {MAX_TIERS}"),
    ("plan tier prefix None", _plan(tiers={"a": None}), TypeError, r"prefixes are int"),
    ("plan tier prefix bool", _plan(tiers={"a": True}), TypeError, r"prefixes are int"),
    ("plan tier prefix float", _plan(tiers={"a": 24.0}), TypeError, r"prefixes are int"),
    ("plan tier prefix str", _plan(tiers={"a": "24"}), TypeError, r"prefixes are int"),
    ("plan tier prefix negative", _plan(tiers={"a": -1}), CidrError, r"/16 to /28|-1"),
    ("plan tier prefix huge", _plan(tiers={"a": BIG}), CidrError, r"prefix /1000"),
    ("plan tier prefix 33", _plan(tiers={"a": 33}), CidrError, r"/0 to /32"),
    ("plan tier larger than vpc", _plan(vpc_cidr="10.0.0.0/24", tiers={"a": 16}), CidrError, r"larger than the VPC"),
    ("plan tier name int", _plan(tiers={1: 24}), TypeError, r"names are text"),
    ("plan tier name empty", _plan(tiers={"": 24}), CidrError, r"tier name ''"),
    ("plan tier name long", _plan(tiers={LONG: 24}), CidrError, rf"1 to {MAX_LABEL_CHARS} printable"),
    ("plan tier name surrogate", _plan(tiers={SURROGATE: 24}), CidrError, r"printable"),
    ("plan does not fit", _plan(vpc_cidr="10.0.0.0/24", azs=4, tiers={"a": 24}), CidrError, r"does not fit"),
    # report
    ("report None", lambda: report(None), TypeError, r"plan\(\)"),
    ("report str", lambda: report(LONG), TypeError, r"plan\(\)"),
    ("report dict", lambda: report({"vpc_cidr": "x"}), TypeError, r"plan\(\)"),
    # reachability: model
    ("reach model None", lambda: reachability(None, "web", "app", port=80), TypeError, r"model must be"),
    ("reach model str", lambda: reachability("vpc", "web", "app", port=80), TypeError, r"model must be"),
    ("reach model empty", lambda: reachability([], "web", "app", port=80), TypeError, r"non-empty"),
    ("reach model mixed", lambda: reachability([VPC_, 1], "web", "app", port=80), TypeError, r"collection of VPCs"),
    ("reach model duplicate", lambda: reachability([VPC_] * 10**5, "web", "app", port=80), VpcError, r"same id"),
    # reachability: endpoints
    ("reach source None", lambda: reachability(VPC_, None, "app", port=80), TypeError, r"source must be"),
    ("reach source int", lambda: reachability(VPC_, 1, "app", port=80), TypeError, r"source must be"),
    ("reach source unknown", lambda: reachability(VPC_, "nope", "app", port=80), VpcError, r"source 'nope' is not"),
    ("reach source empty", lambda: reachability(VPC_, "", "app", port=80), VpcError, r"source '' is not"),
    (
        "reach source long",
        lambda: reachability(VPC_, LONG, "app", port=80),
        VpcError,
        r"source 'x+\.\.\.|is not an instance",
    ),
    ("reach source surrogate", lambda: reachability(VPC_, SURROGATE, "app", port=80), VpcError, r"is not an instance"),
    ("reach source service", lambda: reachability(VPC_, "s3", "app", port=80), VpcError, r"cannot be a source"),
    ("reach destination None", lambda: reachability(VPC_, "web", None, port=80), TypeError, r"destination must be"),
    ("reach destination list", lambda: reachability(VPC_, "web", ["app"], port=80), TypeError, r"destination must be"),
    ("reach destination unknown", lambda: reachability(VPC_, "web", "nope", port=80), VpcError, r"destination 'nope'"),
    ("reach same", lambda: reachability(VPC_, "web", "web", port=80), VpcError, r"same interface"),
    # reachability: port and protocol
    ("reach port None", lambda: reachability(VPC_, "web", "app", port=None), TypeError, r"port must be int"),
    ("reach port bool", lambda: reachability(VPC_, "web", "app", port=True), TypeError, r"port must be int"),
    ("reach port float", lambda: reachability(VPC_, "web", "app", port=80.0), TypeError, r"port must be int"),
    ("reach port str", lambda: reachability(VPC_, "web", "app", port="80"), TypeError, r"port must be int"),
    (
        "reach port arabic",
        lambda: reachability(VPC_, "web", "app", port="\u0668\u0660"),
        TypeError,
        r"port must be int",
    ),
    ("reach port 0", lambda: reachability(VPC_, "web", "app", port=0), VpcError, r"outside 1-65535"),
    ("reach port negative", lambda: reachability(VPC_, "web", "app", port=-1), VpcError, r"outside 1-65535"),
    ("reach port 65536", lambda: reachability(VPC_, "web", "app", port=65536), VpcError, r"outside 1-65535"),
    ("reach port huge", lambda: reachability(VPC_, "web", "app", port=BIG), VpcError, r"outside 1-65535"),
    ("reach protocol None", lambda: reachability(VPC_, "web", "app", port=80, protocol=None), VpcError, r"protocol"),
    ("reach protocol number", lambda: reachability(VPC_, "web", "app", port=80, protocol=6), VpcError, r"protocol"),
    (
        "reach protocol name",
        lambda: reachability(VPC_, "web", "app", port=80, protocol="sctp"),
        VpcError,
        r"protocol 'sctp'",
    ),
    ("reach protocol empty", lambda: reachability(VPC_, "web", "app", port=80, protocol=""), VpcError, r"protocol"),
    ("reach protocol long", lambda: reachability(VPC_, "web", "app", port=80, protocol=LONG), VpcError, r"protocol"),
    (
        "reach protocol surrogate",
        lambda: reachability(VPC_, "web", "app", port=80, protocol=SURROGATE),
        VpcError,
        r"protocol",
    ),
    # network_graph
    ("graph None", lambda: network_graph(None), TypeError, r"model must be"),
    ("graph str", lambda: network_graph(LONG), TypeError, r"model must be"),
    ("graph empty", lambda: network_graph([]), TypeError, r"non-empty"),
    ("graph ints", lambda: network_graph([1, 2]), TypeError, r"collection of VPCs"),
]


@pytest.mark.parametrize(("call", "error", "pattern"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused(call, error, pattern):
    kind, message = run_limited(call)
    assert kind == error.__name__, (kind, message)
    assert issubclass(error, (AwsRuleError, TypeError))
    assert re.search(pattern, message), message


def test_max_azs_is_the_catalog_maximum_and_bounds_a_plan():
    most = max_azs()
    assert isinstance(most, int) and most >= 3
    assert len(plan("10.0.0.0/16", azs=most, tiers={"a": 24}).table) == most
    with pytest.raises(CidrError, match=rf"1 to {most}"):
        plan("10.0.0.0/16", azs=most + 1, tiers={"a": 24})


def test_a_valid_plan_still_reports():
    shown = report(plan("10.0.0.0/22", azs=["az-a", "az-b"], tiers={"public": 24, "private": 24}))
    assert "Subnet plan for 10.0.0.0/22" in shown.text()
    assert [str(b.cidr) for b in shown.address_space][0] == "10.0.0.0/24"
