"""Hostile input for the network area: a rule error or a TypeError, quickly, and an unchanged model.

Every call runs in a child forked from the test process (which has already imported the
package), with an address-space limit of ~1 GiB above what the process maps and a join
timeout in the parent, as in ``test_hostile_sizes.py``. Three parts:

- ``CASES``: a table of bad arguments for the public network functions and methods;
- ``MUTATIONS``: failing changes of a model leave ``to_json()`` byte-for-byte unchanged;
- hypothesis: mutations of a valid saved VPC (a key deleted, a value of another kind,
  NaN, huge, negative or non-ASCII values, a duplicated id, deep nesting) end in a
  ``VpcError`` naming a path, or load a model that round-trips.

``AWSBASICS_HOSTILE_EXAMPLES=2000 pytest tests/test_network_hostile.py`` runs a larger sweep.
"""

import copy
import json
import multiprocessing
import os
import re
import resource

import pytest
from _hostile import address_space_now
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awsbasics.errors import CidrError, VpcError
from awsbasics.network import VPC, TransitGateway, reachability
from awsbasics.network.cidr import Cidr, find_overlaps, split, usable_addresses
from awsbasics.network.security import ephemeral_ports, port_range

REGION = "ap-northeast-2"
_LIMIT_BYTES = 1 << 30
_TIMEOUT_S = 2
_EXAMPLES = int(os.environ.get("AWSBASICS_HOSTILE_EXAMPLES", "60"))


def _model() -> VPC:
    """A small model with every kind of resource a saved VPC holds."""
    vpc = VPC("10.0.0.0/16", name="shop", region=REGION)
    public = vpc.add_subnet("10.0.0.0/24", az=f"{REGION}a", name="public-a")
    public_b = vpc.add_subnet("10.0.1.0/24", az=f"{REGION}b", name="public-b")
    private = vpc.add_subnet("10.0.16.0/20", az=f"{REGION}a", name="private-a")
    table = vpc.add_route_table("public")
    table.associate(public)
    table.associate(public_b)
    table.add_route("0.0.0.0/0", vpc.add_internet_gateway())
    nat = vpc.add_nat_gateway(public)
    private_table = vpc.add_route_table("private")
    private_table.associate(private)
    private_table.add_route("0.0.0.0/0", nat)
    web_sg = vpc.add_security_group("web", description="web tier")
    web_sg.allow_inbound(443, source="0.0.0.0/0")
    app_sg = vpc.add_security_group("app")
    app_sg.allow_inbound(8080, source=web_sg)
    acl = vpc.add_network_acl("private")
    acl.allow(100, direction="inbound", ports=(1024, 65535))
    acl.deny(110, direction="inbound", protocol="all", cidr="198.51.100.0/24")
    acl.allow(100, direction="outbound", ports="all")
    acl.associate(private)
    web = vpc.add_instance("web", public, security_groups=[web_sg], public_ip=True)
    app = vpc.add_instance("app", private, security_groups=[app_sg], os="windows")
    vpc.associate_elastic_ip(vpc.allocate_elastic_ip("web-ip"), web)
    spare = vpc.add_network_interface(private, name="spare")
    vpc.attach_network_interface(spare, app)
    vpc.add_network_interface(private, name="loose")
    vpc.add_gateway_endpoint("s3", route_tables=[private_table])
    vpc.add_interface_endpoint("sqs", subnets=[private], security_groups=[app_sg])
    alb = vpc.add_load_balancer("alb", subnets=[public, public_b], security_groups=[web_sg])
    group = alb.add_target_group("web", targets=[web])
    alb.add_listener(80, protocol="HTTP", default=group).add_rule(5, path="/x/*", target_group=group)
    return vpc


DOCUMENT = _model().to_dict()


# ----- the fork-based runner -------------------------------------------------------------------


def _child(call, connection):
    limit = address_space_now() + _LIMIT_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = call()
    except BaseException as exc:  # report every kind, including MemoryError and RecursionError
        connection.send((type(exc).__name__, str(exc)[:800], getattr(exc, "path", None)))
    else:
        connection.send(("returned", result, None))
    connection.close()


def _run(call) -> tuple[str, object, object]:
    """(kind, message or result, error.path) of ``call()`` run in a forked child under the limits."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(call, sender))
    child.start()
    sender.close()
    child.join(_TIMEOUT_S)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"the call was still running after {_TIMEOUT_S} s")
    assert receiver.poll(), f"the child reported nothing (exit code {child.exitcode})"
    return receiver.recv()


# ----- a table of bad arguments ----------------------------------------------------------------


def _vpc() -> VPC:
    return _model()


def _sg(vpc, name):
    return next(g for g in vpc.security_groups if g.name == name)


def _acl(vpc, name):
    return next(a for a in vpc.network_acls if a.name == name)


def _table(vpc, name):
    return next(t for t in vpc.route_tables if t.name == name)


def _alb():
    return _vpc().get("alb")


def _doc(change) -> dict:
    document = copy.deepcopy(DOCUMENT)
    change(document)
    return document


def _set(path, value):
    def change(document):
        *parents, last = path
        node = document
        for key in parents:
            node = node[key]
        node[last] = value

    return change


def _delete(path):
    def change(document):
        *parents, last = path
        node = document
        for key in parents:
            node = node[key]
        del node[last]

    return change


def _load(change):
    return lambda: VPC.from_dict(_doc(change))


def _instance_ids_equal(document):
    document["instances"][1]["id"] = document["instances"][0]["id"]


def _append_subnet(zone):
    def change(document):
        subnet = dict(
            document["aws"]["Subnets"][0],
            SubnetId="subnet-0abc",
            CidrBlock="10.0.40.0/24",
            AvailabilityZone=zone,
            Tags=[],
        )
        document["aws"]["Subnets"].append(subnet)

    return change


CASES = [
    # saved documents: item 3 of the issue
    (
        "from_json format only",
        lambda: VPC.from_json('{"format":"awsbasics.vpc/1"}'),
        VpcError,
        r"^aws: this required field is missing",
    ),
    ("from_json '{'", lambda: VPC.from_json("{"), VpcError, r"^not valid JSON: Expecting property name"),
    ("from_json 10**5 brackets", lambda: VPC.from_json("[" * 10**5), VpcError, r"nested too deeply"),
    (
        "from_json deep inside",
        lambda: VPC.from_json('{"format":"awsbasics.vpc/1","aws":' + "[" * 50 + "]" * 50 + "}"),
        VpcError,
        r"^aws(\[0\])+: nested more than 16 levels deep",
    ),
    (
        "from_json duplicate key",
        lambda: VPC.from_json('{"format":"awsbasics.vpc/1","format":"x"}'),
        VpcError,
        r"^format: the key 'format' appears twice",
    ),
    ("from_json NaN", lambda: VPC.from_json('{"format": NaN}'), VpcError, r"NaN is not JSON"),
    (
        "from_json 5000 digits",
        lambda: VPC.from_json('{"format": ' + "9" * 5000 + "}"),
        VpcError,
        r"^format: a number of 5,000 digits",
    ),
    ("from_json a list", lambda: VPC.from_json("[]"), VpcError, r"a saved VPC is a JSON object, not list"),
    (
        "from_json over the cap",
        lambda: VPC.from_json(" " * 1_000_001),
        VpcError,
        r"1,000,001 characters, more than this library's safety cap of 1,000,000",
    ),
    ("from_json bytes", lambda: VPC.from_json(b"{}"), TypeError, r"takes JSON text, not bytes"),
    ("from_dict a list", lambda: VPC.from_dict([]), TypeError, r"a saved VPC is a dict, not list"),
    ("region mars-east-9", _load(_set(["region"], "mars-east-9")), VpcError, r"^region: 'mars-east-9' is not a Region"),
    ("region number", _load(_set(["region"], 5)), VpcError, r"^region: 5 is int, not text or null"),
    (
        "Elastic IP not-an-ip",
        _load(_set(["elastic_ips", 0, "public_ip"], "not-an-ip")),
        VpcError,
        r"^elastic_ips\[0\]\.public_ip: 'not-an-ip' is not an IPv4 address",
    ),
    (
        "duplicate instance ids",
        _load(_instance_ids_equal),
        VpcError,
        r"^instances\[1\]\.id: the id 'i-\w+' is used twice \(first at instances\[0\]\.id\)",
    ),
    (
        "subnets of two Regions",
        _load(_append_subnet("us-east-1a")),
        VpcError,
        r"^aws\.Subnets\[3\]\.AvailabilityZone: 'us-east-1a' is in us-east-1, but aws\.Subnets\[0\] is in ap-northeast-2",
    ),
    (
        "subnet AZ outside the saved Region",
        _load(_set(["region"], "us-east-1")),
        VpcError,
        r"^aws\.Subnets\[0\]: AZ ap-northeast-2a is not in the VPC's Region us-east-1",
    ),
    (
        "dangling subnet reference",
        _load(_set(["instances", 0, "interfaces", 0, "subnet"], "subnet-0nope")),
        VpcError,
        r"^instances\[0\]\.interfaces\[0\]\.subnet: 'subnet-0nope' names no subnet in the document",
    ),
    (
        "dangling security group",
        _load(_set(["instances", 0, "interfaces", 0, "security_groups"], ["sg-0nope"])),
        VpcError,
        r"security_groups\[0\]: 'sg-0nope' names no security group",
    ),
    (
        "an instance without interfaces",
        _load(_set(["instances", 0, "interfaces"], [])),
        VpcError,
        r"^instances\[0\]\.interfaces: an empty list",
    ),
    (
        "a missing CidrBlock",
        _load(_delete(["aws", "Subnets", 0, "CidrBlock"])),
        VpcError,
        r"^aws\.Subnets\[0\]\.CidrBlock: this required field is missing",
    ),
    (
        "no main route table",
        _load(_delete(["aws", "RouteTables", 0, "Associations"])),
        VpcError,
        r"^aws\.RouteTables: no main route table",
    ),
    (
        "a listener to no target group",
        _load(_set(["load_balancers", 0, "listeners", 0, "default"], "nope")),
        VpcError,
        r"^load_balancers\[0\]\.listeners\[0\]\.default: 'nope' names no target group",
    ),
    (
        "an unknown endpoint kind",
        _load(_set(["endpoints", 0, "kind"], "magic")),
        VpcError,
        r"^endpoints\[0\]\.kind: 'magic' is not an endpoint kind",
    ),
    (
        "a route to a missing gateway",
        _load(_set(["aws", "RouteTables", 1, "Routes", 1, "GatewayId"], "igw-0nope")),
        VpcError,
        r"^aws\.RouteTables\[1\]\.Routes\[1\]: route table public: route 0\.0\.0\.0/0 -> igw-0nope skipped",
    ),
    (
        "a second main route table",
        _load(_set(["aws", "RouteTables", 1, "Associations", 0], {"Main": True, "RouteTableId": "rtb-0x"})),
        VpcError,
        r"is already the main route table",
    ),
    ("an unknown section", _load(_set(["extra"], 1)), VpcError, r"^extra: 'extra' is not a field of a saved VPC"),
    ("a Python object inside", _load(_set(["name"], object())), VpcError, r"^name: object is not a JSON value"),
    (
        "an address twice",
        _load(_set(["network_interfaces", 0, "private_ip"], "10.0.16.4")),
        VpcError,
        r"^network_interfaces\[0\]\.private_ip: address 10\.0\.16\.4 of loose is already eni-app's",
    ),
    (
        "a reserved address",
        _load(_set(["network_interfaces", 0, "private_ip"], "10.0.16.1")),
        VpcError,
        r"address 10\.0\.16\.1 is reserved in subnet private-a",
    ),
    (
        "an allow-all final rule",
        _load(_set(["aws", "NetworkAcls", 1, "Entries", 2, "RuleAction"], "allow")),
        VpcError,
        r"RuleAction: 'allow': rule 32767 is the final \* rule",
    ),
    ("from_aws vpcs=5", lambda: VPC.from_aws(vpcs=5), TypeError, r"^vpcs must be a describe response"),
    ("from_aws vpc_id=5", lambda: VPC.from_aws(vpcs=[], vpc_id=5), TypeError, r"^vpc_id must be str or None"),
    (
        "from_aws item not an object",
        lambda: VPC.from_aws(vpcs={"Vpcs": [1]}),
        VpcError,
        r"^Vpcs\[0\]: 1 is not an object",
    ),
    (
        "from_aws no CidrBlock",
        lambda: VPC.from_aws(vpcs=[{"VpcId": "vpc-1"}]),
        VpcError,
        r"^Vpcs\[0\]\.CidrBlock: this required field is missing",
    ),
    (
        "from_aws Tags not a list",
        lambda: VPC.from_aws(vpcs=[{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Tags": "x"}]),
        VpcError,
        r"^Vpcs\[0\]\.Tags: 'x' is str",
    ),
    # arguments of the wrong kind or out of range: item 4
    (
        "TransitGateway.attach('vpc-123')",
        lambda: TransitGateway("hub").attach("vpc-123"),
        TypeError,
        r"^vpc must be a VPC, not str$",
    ),
    ("TransitGateway region", lambda: TransitGateway("hub", region="mars-east-9"), Exception, r"mars-east-9"),
    (
        "TransitGateway.add_route(None)",
        lambda: TransitGateway("hub").add_route("10.0.0.0/16", None),
        TypeError,
        r"target .* must be a VPC, not NoneType",
    ),
    ("SecurityGroup.revoke(None)", lambda: _sg(_vpc(), "web").revoke(None), TypeError, r"^rule must be an SgRule"),
    (
        "sg-doesnotexist",
        lambda: _sg(_vpc(), "web").allow_inbound(80, source="sg-doesnotexist"),
        VpcError,
        r"'sg-doesnotexist' names no security group of VPC shop",
    ),
    (
        "a group of another VPC",
        lambda: _sg(_vpc(), "web").allow_inbound(80, source=_sg(_vpc(), "app")),
        VpcError,
        r"security group app .* is in VPC shop, which is not this VPC",
    ),
    (
        "SecurityGroup.evaluate port 'x'",
        lambda: _sg(_vpc(), "web").evaluate("inbound", protocol="tcp", port="x", address="192.0.2.1"),
        TypeError,
        r"^port must be int",
    ),
    (
        "SecurityGroup.evaluate groups str",
        lambda: _sg(_vpc(), "web").evaluate("inbound", protocol="tcp", port=80, address="192.0.2.1", groups="sg-1"),
        TypeError,
        r"^groups must be a set",
    ),
    (
        "SecurityGroup.allow_inbound NaN",
        lambda: _sg(_vpc(), "web").allow_inbound(float("nan"), source="0.0.0.0/0"),
        TypeError,
        r"ports must be an int",
    ),
    (
        "SecurityGroup.allow_inbound 10**30",
        lambda: _sg(_vpc(), "web").allow_inbound(10**30, source="0.0.0.0/0"),
        VpcError,
        r"outside 0-65535",
    ),
    ("Listener.route(host=None)", lambda: _alb().listener(80).route(host=None), TypeError, r"^host must be str"),
    ("LoadBalancer.route port '80'", lambda: _alb().route("80"), TypeError, r"^port must be int"),
    (
        "target group port -1",
        lambda: _alb().add_target_group("x", port=-1),
        VpcError,
        r"target group port -1 is outside 1-65535",
    ),
    (
        "target group port 1.5",
        lambda: _alb().add_target_group("x", port=1.5),
        TypeError,
        r"target group port must be int",
    ),
    (
        "duplicate targets",
        lambda: (lambda b: b.add_target_group("x", targets=[b.vpc.get("web")] * 2))(_alb()),
        VpcError,
        r"'web' is already a target of x",
    ),
    (
        "register twice",
        lambda: (lambda g: g.register(g.targets[0]))(_alb().target_groups[0]),
        VpcError,
        r"'web' is already a target of web",
    ),
    (
        "register a str",
        lambda: _alb().target_groups[0].register("web"),
        TypeError,
        r"target instance must be an Instance of VPC shop, not str",
    ),
    (
        "add_listener port 0",
        lambda: (lambda b: b.add_listener(0, protocol="HTTPS", default=b.target_groups[0]))(_alb()),
        VpcError,
        r"listener port 0 is outside 1-65535",
    ),
    (
        "add_listener default None",
        lambda: _alb().add_listener(81, protocol="HTTP", default=None),
        TypeError,
        r"a target group must be a TargetGroup",
    ),
    (
        "add_load_balancer subnets None",
        lambda: _vpc().add_load_balancer("x", subnets=None),
        TypeError,
        r"^subnets must be a list, not NoneType",
    ),
    (
        "add_instance subnet str",
        lambda: _vpc().add_instance("x", "public-a"),
        TypeError,
        r"^subnet must be a Subnet of VPC shop, not str",
    ),
    (
        "add_instance os list",
        lambda: (lambda v: v.add_instance("x", v.subnets[0], os=["linux"]))(_vpc()),
        TypeError,
        r"client must be str",
    ),
    (
        "add_instance security_groups None",
        lambda: (lambda v: v.add_instance("x", v.subnets[0], security_groups=None))(_vpc()),
        TypeError,
        r"^security_groups must be a list",
    ),
    (
        "associate_elastic_ip None",
        lambda: (lambda v: v.associate_elastic_ip(None, v.get("web")))(_vpc()),
        TypeError,
        r"Elastic IP must be an ElasticIp",
    ),
    (
        "RouteTable.associate None",
        lambda: _vpc().main_route_table.associate(None),
        TypeError,
        r"subnet must be a Subnet",
    ),
    (
        "NetworkAcl.associate str",
        lambda: _acl(_vpc(), "private").associate("private-a"),
        TypeError,
        r"subnet must be a Subnet",
    ),
    (
        "NetworkAcl.remove_rule '100'",
        lambda: _acl(_vpc(), "private").remove_rule("100", direction="inbound"),
        TypeError,
        r"rule number must be int",
    ),
    (
        "NetworkAcl.add_rule 10**30",
        lambda: _acl(_vpc(), "private").allow(10**30, direction="inbound"),
        VpcError,
        r"outside 1-32766",
    ),
    (
        "add_gateway_endpoint route_tables None",
        lambda: _vpc().add_gateway_endpoint("dynamodb", route_tables=None),
        TypeError,
        r"^route_tables must be a list",
    ),
    (
        "add_security_group description 5",
        lambda: _vpc().add_security_group("x", description=5),
        TypeError,
        r"description must be str",
    ),
    ("a lone surrogate name", lambda: _vpc().add_route_table("\ud800"), VpcError, r"lone surrogate"),
    ("a 10,000-character name", lambda: _vpc().add_route_table("x" * 10_000), VpcError, r"at most 256"),
    (
        "PeeringConnection.other(None)",
        lambda: VPC("10.0.0.0/16").peer(VPC("10.1.0.0/16")).other(None),
        TypeError,
        r"^vpc must be a VPC",
    ),
    ("VPC.get(None)", lambda: _vpc().get(None), TypeError, r"look resources up by id or name"),
    ("reachability port -1", lambda: reachability(_vpc(), "web", "app", port=-1), VpcError, r"outside 1-65535"),
    (
        "reachability port NaN",
        lambda: reachability(_vpc(), "web", "app", port=float("nan")),
        TypeError,
        r"port must be int",
    ),
    ("port_range backwards", lambda: port_range((10, 1)), VpcError, r"runs backwards"),
    ("ephemeral_ports None", lambda: ephemeral_ports(None), TypeError, r"client must be str"),
    ("Cidr.parse non-ASCII digit", lambda: Cidr.parse("10.0.0.\u0665/16"), CidrError, r""),
    ("usable_addresses /8", lambda: usable_addresses("10.0.0.0/8"), CidrError, r""),
    ("split 10**6 prefixes", lambda: split("10.0.0.0/16", [28] * 10**6), CidrError, r""),
    ("find_overlaps None", lambda: find_overlaps(None), TypeError, r""),
]


@pytest.mark.parametrize(("call", "error", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_quickly(call, error, message):
    kind, text, _path = _run(call)
    rule_errors = {"VpcError", "CidrError", "RegionError", "TypeError"}
    assert kind in {c.__name__ for c in error.__mro__} or (error is Exception and kind in rule_errors), (
        f"{kind}: {text}"
    )
    assert re.search(message, text), text


def test_the_table_covers_the_issue():
    assert len(CASES) >= 40


def test_a_document_error_carries_its_path():
    kind, _text, path = _run(_load(_set(["elastic_ips", 0, "public_ip"], "not-an-ip")))
    assert (kind, path) == ("VpcError", "elastic_ips[0].public_ip")


# ----- failed changes leave the model unchanged -------------------------------------------------


def _unchanged(change, prepare=None):
    """(error kind, whether to_json() is byte-for-byte what it was) after a change that must fail."""

    def call():
        vpc = _model()
        if prepare is not None:
            prepare(vpc)
        before = vpc.to_json()
        try:
            change(vpc)
        except (ValueError, TypeError) as exc:
            return (type(exc).__name__, vpc.to_json() == before)
        return ("no error", vpc.to_json() == before)

    return call


def _three_more_elastic_ips(vpc):
    for _ in range(3):
        vpc.allocate_elastic_ip()


def _four_more_blocks(vpc):
    for block in ("10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16", "10.5.0.0/16"):
        vpc.add_cidr_block(block)


def _subnets_up_to_the_quota(vpc):
    for i in range(len(vpc.subnets), 200):
        vpc.add_subnet(f"10.0.{100 + i // 16}.{16 * (i % 16)}/28", az=f"{REGION}a")


MUTATIONS = [
    ("add_cidr_block a sixth block", lambda v: v.add_cidr_block("10.6.0.0/16"), _four_more_blocks),
    ("add_subnet the 201st", lambda v: v.add_subnet("10.0.255.0/28", az=f"{REGION}a"), _subnets_up_to_the_quota),
    ("add_subnet overlap", lambda v: v.add_subnet("10.0.0.128/25", az=f"{REGION}a")),
    ("add_subnet bad AZ", lambda v: v.add_subnet("10.0.50.0/24", az="us-east-1a")),
    ("add_cidr_block overlapping", lambda v: v.add_cidr_block("10.0.0.0/16")),
    ("add_route_table taken", lambda v: v.add_route_table("public")),
    ("add_route inside the VPC", lambda v: _table(v, "public").add_route("10.0.5.0/24", v.internet_gateway)),
    ("add_route to a str", lambda v: _table(v, "public").add_route("192.0.2.0/24", "nope")),
    ("remove_route local", lambda v: _table(v, "public").remove_route("10.0.0.0/16")),
    ("associate None", lambda v: _table(v, "public").associate(None)),
    ("add_internet_gateway second", lambda v: v.add_internet_gateway("two")),
    ("detach with public addresses", lambda v: v.detach_internet_gateway()),
    ("allocate past the quota", lambda v: v.allocate_elastic_ip(), _three_more_elastic_ips),
    ("NAT gateway past the quota", lambda v: v.add_nat_gateway(v.get("public-b")), _three_more_elastic_ips),
    ("associate_elastic_ip twice", lambda v: v.associate_elastic_ip(v.get("web-ip"), v.get("app"))),
    ("add_nat_gateway private", lambda v: v.add_nat_gateway(v.get("private-a"))),
    ("add_security_group description", lambda v: v.add_security_group("x", description=5)),
    ("allow_inbound sg-doesnotexist", lambda v: _sg(v, "web").allow_inbound(80, source="sg-doesnotexist")),
    ("allow_inbound duplicate", lambda v: _sg(v, "web").allow_inbound(443, source="0.0.0.0/0")),
    ("revoke None", lambda v: _sg(v, "web").revoke(None)),
    ("acl rule taken", lambda v: _acl(v, "private").allow(100, direction="inbound")),
    ("acl rule 10**30", lambda v: _acl(v, "private").allow(10**30, direction="inbound")),
    ("acl remove 'in'", lambda v: _acl(v, "private").remove_rule(100, direction="in")),
    ("add_instance str subnet", lambda v: v.add_instance("x", "public-a")),
    ("add_instance six groups", lambda v: v.add_instance("x", v.subnets[0], security_groups=["web", "app"] * 3)),
    ("add_instance bad os", lambda v: v.add_instance("x", v.subnets[0], os="amiga")),
    ("add_network_interface taken", lambda v: v.add_network_interface(v.subnets[0], name="spare")),
    ("attach_network_interface in use", lambda v: v.attach_network_interface(v.get("spare"), v.get("web"))),
    ("peer self", lambda v: v.peer(v)),
    ("gateway endpoint twice", lambda v: v.add_gateway_endpoint("s3", route_tables=[_table(v, "private")])),
    (
        "interface endpoint two subnets one AZ",
        lambda v: v.add_interface_endpoint("sns", subnets=[v.get("public-a"), v.get("private-a")]),
    ),
    ("add_load_balancer one AZ", lambda v: v.add_load_balancer("one", subnets=[v.get("public-a")])),
    ("add_target_group port -1", lambda v: v.get("alb").add_target_group("x", port=-1)),
    ("add_target_group duplicate targets", lambda v: v.get("alb").add_target_group("x", targets=[v.get("web")] * 2)),
    ("register twice", lambda v: v.get("alb").target_groups[0].register(v.get("app"), v.get("app"))),
    ("register another VPC's", lambda v: v.get("alb").target_groups[0].register(_model().get("app"))),
    (
        "add_listener port taken",
        lambda v: v.get("alb").add_listener(80, protocol="HTTP", default=v.get("alb").target_groups[0]),
    ),
    (
        "add_rule priority taken",
        lambda v: v.get("alb").listener(80).add_rule(5, path="/y", target_group=v.get("alb").target_groups[0]),
    ),
    ("TransitGateway.attach str", lambda v: TransitGateway("hub").attach("vpc-123")),
]


@pytest.mark.parametrize(
    ("change", "prepare"), [(m[1], m[2] if len(m) > 2 else None) for m in MUTATIONS], ids=[m[0] for m in MUTATIONS]
)
def test_a_failed_change_leaves_the_model_unchanged(change, prepare):
    kind, result, _path = _run(_unchanged(change, prepare))
    assert kind == "returned", result
    error, same = result
    assert error in {"VpcError", "CidrError", "TypeError", "AvailabilityZoneError"}, error
    assert same, "the model changed"


# ----- hypothesis: mutations of a valid saved VPC -----------------------------------------------


def _paths(value, path=()):
    """Every path into a JSON document, the root excluded."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key)
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*path, index)
            yield from _paths(item, (*path, index))


PATHS = list(_paths(DOCUMENT))
ID_PATHS = [
    p
    for p in PATHS
    if p[-1]
    in (
        "id",
        "SubnetId",
        "GroupId",
        "RouteTableId",
        "NetworkAclId",
        "InternetGatewayId",
        "NatGatewayId",
        "AllocationId",
        "NetworkInterfaceId",
    )
]
HOSTILE = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            0,
            -1,
            2**31,
            10**30,
            1.5,
            float("nan"),
            float("inf"),
            "",
            " ",
            "x" * 300,
            "\u0665",
            "\ud800",
            "not-an-ip",
            "mars-east-9",
            "sg-doesnotexist",
            "10.0.0.0/8",
            [],
            {},
            [None],
            {"a": 1},
        ]
    ),
    st.integers(),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
)


def _node(document, path):
    for key in path:
        document = document[key]
    return document


@st.composite
def mutated(draw):
    document = copy.deepcopy(DOCUMENT)
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(["delete", "replace", "duplicate id", "nest"]))
        paths = list(_paths(document))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _node(document, path[:-1]), path[-1]
        if operation == "delete":
            del parent[last]
        elif operation == "replace":
            parent[last] = draw(HOSTILE)
        elif operation == "duplicate id":
            source, target = draw(st.sampled_from(ID_PATHS)), draw(st.sampled_from(ID_PATHS))
            try:
                _node(document, target[:-1])[target[-1]] = _node(document, source)
            except (KeyError, IndexError, TypeError):
                pass
        else:
            value = parent[last]
            for _ in range(draw(st.sampled_from([1, 20, 300]))):
                value = [value]
            parent[last] = value
            break  # the last change: walking 300 levels again is the test's own recursion, not the library's
    return document


def _load_or_refuse(document):
    """("refused", path) for a VpcError, ("loaded", round-trips?) for a model; other errors propagate."""

    def call():
        try:
            vpc = VPC.from_dict(document)
        except VpcError as exc:
            return ("refused", exc.path)
        saved = vpc.to_dict()
        again = VPC.from_json(vpc.to_json())
        return ("loaded", again.to_dict() == saved)

    return call


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_a_mutated_saved_vpc_is_refused_with_a_path_or_round_trips(document):
    kind, result, _path = _run(_load_or_refuse(document))
    assert kind == "returned", f"{kind}: {result}"
    outcome, detail = result
    if outcome == "refused":
        assert isinstance(detail, str)
    else:
        assert detail is True, "the loaded model does not round-trip"


def _as_text(document) -> str | None:
    try:
        return json.dumps(document, allow_nan=True, ensure_ascii=False)
    except (ValueError, TypeError, RecursionError):
        return None


@settings(max_examples=max(10, _EXAMPLES // 3), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_the_same_mutations_as_json_text(document):
    text = _as_text(document)
    if text is None:
        return
    kind, result, _path = _run(lambda: VPC.from_json(text).to_dict() is not None)
    assert kind in ("returned", "VpcError"), f"{kind}: {result}"


def test_the_model_round_trips_before_mutation():
    assert VPC.from_json(_model().to_json()).to_dict() == DOCUMENT
    assert VPC.from_dict(DOCUMENT).import_notes == ()
