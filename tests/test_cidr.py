"""Exact values and error rules of the CIDR engine and the subnet planner."""

import ast
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import awsbasics.network
from awsbasics import data
from awsbasics.errors import AwsRuleError, CidrError
from awsbasics.network import cidr as cidr_module
from awsbasics.network.cidr import (
    RESERVED_ADDRESSES_PER_SUBNET,
    BitView,
    Cidr,
    find_overlaps,
    gaps,
    parse_many,
    reserved_addresses,
    split,
    usable_addresses,
    validate_secondary_cidr,
    validate_vpc_cidr,
)
from awsbasics.network.planning import COLUMNS, AddressBlock, Finding, max_azs, plan, report

NETWORK_PACKAGE = Path(awsbasics.network.__file__).parent


def test_the_engine_never_imports_ipaddress():
    # ipaddress is the tests' oracle; the engine must stand on its own arithmetic.
    for path in sorted(NETWORK_PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] != "ipaddress" for a in node.names), path.name
            elif isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] != "ipaddress", path.name


# --- sizes (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html)


def test_a_slash_16_has_65536_addresses():
    vpc = Cidr.parse("10.0.0.0/16")
    assert vpc.num_addresses == 65_536
    assert (vpc.first_address, vpc.last_address, vpc.netmask) == ("10.0.0.0", "10.0.255.255", "255.255.0.0")


@pytest.mark.parametrize(
    ("size", "usable"),
    [(28, 11), (24, 251), (16, 65_531), ("10.0.0.0/28", 11), ("10.0.0.0/24", 251), ("10.0.0.0/16", 65_531)],
)
def test_usable_addresses(size, usable):
    assert usable_addresses(size) == usable
    if isinstance(size, str):
        assert usable_addresses(Cidr.parse(size)) == usable


def test_every_subnet_reserves_five_addresses():
    assert RESERVED_ADDRESSES_PER_SUBNET == 5
    for prefix in range(16, 29):
        assert usable_addresses(prefix) == 2 ** (32 - prefix) - 5


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (29, r"^/29 is smaller than /28, the smallest subnet AWS allows$"),
        (15, r"^/15 is larger than /16, the largest subnet AWS allows$"),
        ("10.0.0.0/29", r"^10\.0\.0\.0/29 is smaller than /28, the smallest subnet AWS allows$"),
        ("10.0.0.0/15", r"^10\.0\.0\.0/15 is larger than /16, the largest subnet AWS allows$"),
        (33, r"^prefix /33 is out of range: an IPv4 prefix is /0 to /32$"),
        (-1, r"^prefix /-1 is out of range"),
    ],
)
def test_usable_addresses_outside_the_subnet_sizes(size, message):
    with pytest.raises(CidrError, match=message):
        usable_addresses(size)


@pytest.mark.parametrize("size", [24.0, True, None, b"10.0.0.0/24"])
def test_usable_addresses_of_the_wrong_kind(size):
    with pytest.raises(TypeError, match=r"usable_addresses\(\) takes a Cidr, CIDR text or a prefix length"):
        usable_addresses(size)


def test_reserved_addresses_of_a_slash_23():
    # The first four and the last address of every subnet:
    # https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
    reserved = reserved_addresses("10.0.2.0/23")
    assert [address for address, _ in reserved] == ["10.0.2.0", "10.0.2.1", "10.0.2.2", "10.0.2.3", "10.0.3.255"]
    purposes = [
        r"^network address$",
        r"^VPC router$",
        r"^reserved by AWS \(DNS: VPC base plus two\)$",
        r"\bfuture use\b",
        r"\bbroadcast\b",
    ]
    for (_, purpose), pattern in zip(reserved, purposes, strict=True):
        assert re.search(pattern, purpose), purpose
    assert len(reserved_addresses(Cidr.parse("10.0.0.0/28"))) == RESERVED_ADDRESSES_PER_SUBNET


@pytest.mark.parametrize(
    ("cidr", "message"),
    [
        ("10.0.0.0/29", r"^10\.0\.0\.0/29 is smaller than /28, the smallest subnet AWS allows$"),
        ("10.0.0.0/15", r"^10\.0\.0\.0/15 is larger than /16, the largest subnet AWS allows$"),
    ],
)
def test_reserved_addresses_outside_the_subnet_sizes(cidr, message):
    with pytest.raises(CidrError, match=message):
        reserved_addresses(cidr)


# --- the course example: a /22 VPC, two AZs, a public and a private /24 in each


def test_course_example_by_split():
    blocks = split("10.0.0.0/22", [24] * 4)
    assert [str(b) for b in blocks] == ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
    assert sum(usable_addresses(b) for b in blocks) == 4 * 251 == 1004
    assert gaps("10.0.0.0/22", blocks) == []
    assert split("10.0.0.0/22", []) == []


def test_course_example_by_plan():
    subnets = plan("10.0.0.0/22", azs=2, tiers={"public": 24, "private": 24})
    table = subnets.table
    assert list(table.columns) == COLUMNS == ["az", "tier", "cidr", "total", "reserved", "usable"]
    assert table.values.tolist() == [
        ["az-a", "public", "10.0.0.0/24", 256, 5, 251],
        ["az-a", "private", "10.0.2.0/24", 256, 5, 251],
        ["az-b", "public", "10.0.1.0/24", 256, 5, 251],
        ["az-b", "private", "10.0.3.0/24", 256, 5, 251],
    ]
    assert int(table["usable"].sum()) == 1004
    assert str(subnets.vpc_cidr) == "10.0.0.0/22"
    assert subnets.unallocated == ()
    assert [f.code for f in subnets.findings] == ["RESERVED_ADDRESSES"]


def test_the_package_plan_is_the_planner():
    kwargs = dict(azs=2, tiers={"public": 24, "private": 24})
    assert awsbasics.network.plan("10.0.0.0/22", **kwargs).table.equals(plan("10.0.0.0/22", **kwargs).table)


# --- parsing and arithmetic, exact values


def test_parse_and_display_text():
    block = Cidr.parse("  192.168.1.0/24\n")
    assert (block.network, block.prefix) == (3232235776, 24)
    assert str(block) == "192.168.1.0/24" and repr(block) == "Cidr('192.168.1.0/24')"
    assert Cidr.parse("0.0.0.0/0").num_addresses == 2**32
    assert Cidr.parse("255.255.255.255/32").last_address == "255.255.255.255"


def test_contains_and_overlaps_examples():
    vpc = Cidr.parse("10.0.0.0/16")
    assert vpc.contains("10.0.1.7") and vpc.contains("10.0.128.0/17") and vpc.contains(vpc)
    assert not vpc.contains("10.1.0.0") and not vpc.contains("10.0.0.0/15")
    assert vpc.overlaps("10.0.0.0/15") and not vpc.overlaps("10.1.0.0/16")


def test_split_leaves_an_alignment_gap_and_gaps_finds_it():
    blocks = split("10.0.0.0/22", [24, 23])
    assert [str(b) for b in blocks] == ["10.0.0.0/24", "10.0.2.0/23"]
    assert [str(g) for g in gaps("10.0.0.0/22", blocks)] == ["10.0.1.0/24"]


def test_gaps_are_the_fewest_aligned_blocks():
    assert [str(g) for g in gaps("10.0.0.0/16", ["10.0.0.0/24"])] == [
        "10.0.1.0/24",
        "10.0.2.0/23",
        "10.0.4.0/22",
        "10.0.8.0/21",
        "10.0.16.0/20",
        "10.0.32.0/19",
        "10.0.64.0/18",
        "10.0.128.0/17",
    ]


def test_find_overlaps_example():
    assert find_overlaps(["10.0.0.0/16", "10.1.0.0/16", "10.0.128.0/17"]) == [(0, 2)]
    assert find_overlaps([]) == [] and find_overlaps(["10.0.0.0/16"]) == []
    assert find_overlaps(["10.0.0.0/16", Cidr.parse("10.0.0.0/16")]) == [(0, 1)]


def test_parse_many_example():
    networks, prefixes = parse_many(["10.0.0.0/16", "192.168.1.0/24"])
    assert networks.tolist() == [167772160, 3232235776] and prefixes.tolist() == [16, 24]
    networks, prefixes = parse_many([])
    assert networks.tolist() == [] and prefixes.tolist() == []


# --- every error rule of cidr.py, with its message


ERROR_TABLE = [
    # (id, call, error type, message regex)
    (
        "host bits set names the nearest block",
        lambda: Cidr.parse("10.0.0.5/16"),
        CidrError,
        r"^10\.0\.0\.5/16 has host bits set: the last 16 bits of the network address must be 0; did you mean 10\.0\.0\.0/16\?$",
    ),
    (
        "host bits set, constructor",
        lambda: Cidr(167772165, 16),
        CidrError,
        r"^10\.0\.0\.5/16 has host bits set: .*did you mean 10\.0\.0\.0/16\?$",
    ),
    (
        "host bits set, /31",
        lambda: Cidr.parse("10.0.0.1/31"),
        CidrError,
        r"^10\.0\.0\.1/31 has host bits set: .*did you mean 10\.0\.0\.0/31\?$",
    ),
    (
        "octet over 255",
        lambda: Cidr.parse("10.0.256.0/24"),
        CidrError,
        r"^'10\.0\.256\.0/24': octet 256 is greater than 255, the largest value 8 bits can hold$",
    ),
    ("octet 999", lambda: Cidr.parse("999.0.0.0/8"), CidrError, r"octet 999 is greater than 255"),
    (
        "prefix /33",
        lambda: Cidr.parse("10.0.0.0/33"),
        CidrError,
        r"^'10\.0\.0\.0/33': prefix /33 is out of range: an IPv4 prefix is /0 to /32$",
    ),
    (
        "prefix of three digits",
        lambda: Cidr.parse("10.0.0.0/100"),
        CidrError,
        r"prefix /100 is out of range: an IPv4 prefix is /0 to /32",
    ),
    (
        "malformed: three octets",
        lambda: Cidr.parse("10.0.0/16"),
        CidrError,
        r"^'10\.0\.0/16' is not a CIDR block: write an IPv4 address, a slash and a prefix length, e\.g\. '10\.0\.0\.0/16'$",
    ),
    ("malformed: no prefix", lambda: Cidr.parse("10.0.0.0"), CidrError, r"^'10\.0\.0\.0' is not a CIDR block"),
    ("malformed: empty prefix", lambda: Cidr.parse("10.0.0.0/"), CidrError, r"is not a CIDR block"),
    ("malformed: empty text", lambda: Cidr.parse(""), CidrError, r"^'' is not a CIDR block"),
    ("malformed: words", lambda: Cidr.parse("ten.0.0.0/8"), CidrError, r"is not a CIDR block"),
    ("malformed: space inside", lambda: Cidr.parse("10.0.0.0 /16"), CidrError, r"is not a CIDR block"),
    ("malformed: negative prefix", lambda: Cidr.parse("10.0.0.0/-1"), CidrError, r"is not a CIDR block"),
    ("malformed: non-ASCII digit", lambda: Cidr.parse("\uff11\uff10.0.0.0/8"), CidrError, r"is not a CIDR block"),
    (
        "leading zero",
        lambda: Cidr.parse("10.0.0.01/32"),
        CidrError,
        r"^'10\.0\.0\.01/32': octet '01' has a leading zero, which is ambiguous; write 1$",
    ),
    ("leading zero, 00", lambda: Cidr.parse("10.00.0.0/16"), CidrError, r"octet '00' has a leading zero.*write 0$"),
    (
        "parse an int",
        lambda: Cidr.parse(167772160),
        TypeError,
        r"^a CIDR block must be str like '10\.0\.0\.0/16', not int$",
    ),
    ("parse None", lambda: Cidr.parse(None), TypeError, r"not NoneType$"),
    ("parse bytes", lambda: Cidr.parse(b"10.0.0.0/8"), TypeError, r"not bytes$"),
    ("constructor: str network", lambda: Cidr("10.0.0.0", 8), TypeError, r"^Cidr network must be int, not str$"),
    ("constructor: bool prefix", lambda: Cidr(0, True), TypeError, r"^Cidr prefix must be int, not bool$"),
    ("constructor: prefix 33", lambda: Cidr(0, 33), CidrError, r"^prefix /33 is out of range"),
    (
        "constructor: network over 32 bits",
        lambda: Cidr(2**32, 32),
        CidrError,
        r"^network 4294967296 is not a 32-bit address \(0 to 4294967295\)$",
    ),
    ("constructor: negative network", lambda: Cidr(-1, 32), CidrError, r"is not a 32-bit address"),
    (
        "contains an int",
        lambda: Cidr.parse("10.0.0.0/16").contains(167772161),
        TypeError,
        r"^contains\(\) takes a Cidr or an address string, not int$",
    ),
    (
        "contains a malformed address",
        lambda: Cidr.parse("10.0.0.0/16").contains("10.0.1"),
        CidrError,
        r"^'10\.0\.1' is not an IPv4 address: write four numbers 0-255 separated by dots, e\.g\. '10\.0\.0\.1'$",
    ),
    (
        "contains a non-ASCII address",
        lambda: Cidr.parse("10.0.0.0/8").contains("\uff11\uff10.0.0.1"),
        CidrError,
        r"is not an IPv4 address",
    ),
    (
        "contains an address with an octet over 255",
        lambda: Cidr.parse("10.0.0.0/16").contains("10.0.1.300"),
        CidrError,
        r"octet 300 is greater than 255",
    ),
    ("overlaps an int", lambda: Cidr.parse("10.0.0.0/16").overlaps(5), TypeError, r"must be str"),
    (
        "bits of an address outside",
        lambda: Cidr.parse("10.0.0.0/24").bits("10.0.1.1"),
        CidrError,
        r"^10\.0\.1\.1 is not inside 10\.0\.0\.0/24 \(10\.0\.0\.0 to 10\.0\.0\.255\)$",
    ),
    (
        "bits of an int address",
        lambda: Cidr.parse("10.0.0.0/24").bits(5),
        TypeError,
        r"^an IPv4 address must be str like '10\.0\.0\.1', not int$",
    ),
    (
        "subnets larger than the block",
        lambda: Cidr.parse("10.0.0.0/16").subnets(15),
        CidrError,
        r"^/15 cannot divide 10\.0\.0\.0/16: a subnet's prefix is between /16 \(the block itself\) and /32$",
    ),
    (
        "subnets past /32",
        lambda: Cidr.parse("10.0.0.0/16").subnets(33),
        CidrError,
        r"^/33 cannot divide 10\.0\.0\.0/16",
    ),
    (
        "subnets too many",
        lambda: Cidr.parse("0.0.0.0/0").subnets(17),
        CidrError,
        r"^0\.0\.0\.0/0 holds 131,072 blocks of /17; ask for at most 65,536$",
    ),
    (
        "subnets of a str prefix",
        lambda: Cidr.parse("10.0.0.0/16").subnets("24"),
        TypeError,
        r"^new_prefix must be int, not str$",
    ),
    ("subnets of a bool prefix", lambda: Cidr.parse("10.0.0.0/16").subnets(True), TypeError, r"not bool$"),
    (
        "split: the first block that does not fit",
        lambda: split("10.0.0.0/22", [23, 23, 24]),
        CidrError,
        r"^block 2 \(/24, 256 addresses\) does not fit in 10\.0\.0\.0/22: 1,024 of its 1,024 addresses are already allocated$",
    ),
    (
        "split: does not fit after an alignment gap",
        lambda: split("10.0.0.0/22", [24, 23, 23]),
        CidrError,
        r"^block 2 \(/23, 512 addresses\) does not fit in 10\.0\.0\.0/22: 768 of its 1,024",
    ),
    (
        "split: a block larger than the parent",
        lambda: split("10.0.0.0/22", [24, 21]),
        CidrError,
        r"^block 1 \(/21\) cannot go inside 10\.0\.0\.0/22: its prefix must be between /22 and /32$",
    ),
    ("split: prefix /33", lambda: split("10.0.0.0/22", [33]), CidrError, r"^block 0 \(/33\) cannot go inside"),
    (
        "split: a str prefix",
        lambda: split("10.0.0.0/22", ["24"]),
        TypeError,
        r"^prefix lengths must be int, not str \('24'\)$",
    ),
    ("split: a bool prefix", lambda: split("10.0.0.0/22", [True]), TypeError, r"not bool"),
    (
        "gaps: a block outside the parent",
        lambda: gaps("10.0.0.0/22", ["10.0.0.0/24", "10.0.4.0/24"]),
        CidrError,
        r"^10\.0\.4\.0/24 is not inside 10\.0\.0\.0/22 \(10\.0\.0\.0 to 10\.0\.3\.255\)$",
    ),
    (
        "gaps: a block around the parent",
        lambda: gaps("10.0.0.0/22", ["10.0.0.0/21"]),
        CidrError,
        r"^10\.0\.0\.0/21 is not inside 10\.0\.0\.0/22",
    ),
    (
        "parse_many: names the invalid index",
        lambda: parse_many(["10.0.0.0/8", "10.0.0.256/32"]),
        CidrError,
        r"^block 1: '10\.0\.0\.256/32': octet 256 is greater than 255",
    ),
    (
        "parse_many: names the index of a wrong kind",
        lambda: parse_many(["10.0.0.0/8", 5]),
        TypeError,
        r"^block 1: expected a Cidr or CIDR text, not int$",
    ),
    (
        "find_overlaps: names the invalid index",
        lambda: find_overlaps(["10.0.0.0/8", Cidr(0, 0), "10.0.0.5/16"]),
        CidrError,
        r"^block 2: 10\.0\.0\.5/16 has host bits set.*did you mean 10\.0\.0\.0/16\?$",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "message"), [row[1:] for row in ERROR_TABLE], ids=[row[0] for row in ERROR_TABLE]
)
def test_error_rules(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_cidr_errors_are_aws_rule_errors():
    assert issubclass(CidrError, AwsRuleError) and issubclass(CidrError, ValueError)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: parse_many("10.0.0.0/16"),
            r"^parse_many\(\) takes a list of blocks, not one block: write \['10\.0\.0\.0/16'\]$",
        ),
        (lambda: parse_many(Cidr.parse("10.0.0.0/16")), r"^parse_many\(\) takes a list of blocks"),
        (lambda: find_overlaps("10.0.0.0/16"), r"^find_overlaps\(\) takes a list of blocks"),
        (lambda: gaps("10.0.0.0/16", "10.0.0.0/24"), r"^gaps\(\) takes a list of blocks"),
        (
            lambda: validate_secondary_cidr("10.0.0.0/16", "10.2.0.0/16", existing="10.1.0.0/16"),
            r"^existing= takes a list of blocks",
        ),
        (lambda: split("10.0.0.0/16", 24), r"^split\(\) takes a list of prefix lengths, not one value: write \[24\]$"),
        (lambda: split("10.0.0.0/16", "24"), r"^split\(\) takes a list of prefix lengths"),
    ],
    ids=[
        "parse_many str",
        "parse_many Cidr",
        "find_overlaps",
        "gaps",
        "validate_secondary_cidr existing",
        "split int",
        "split str",
    ],
)
def test_one_block_where_a_list_is_expected_is_a_type_error(call, message):
    # A lone string iterates character by character; reading it as blocks '1', '0', '.'
    # (or prefixes '2', '4') would report an error about text the learner never wrote.
    with pytest.raises(TypeError, match=message):
        call()


# --- VPC blocks (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html)


@pytest.mark.parametrize("cidr", ["10.0.0.0/16", "10.0.0.0/28", "192.168.0.0/20", "203.0.113.0/24", "100.64.0.0/16"])
def test_valid_vpc_blocks(cidr):
    assert validate_vpc_cidr(cidr) == Cidr.parse(cidr)


@pytest.mark.parametrize(
    ("cidr", "message"),
    [
        ("10.0.0.0/15", r"^10\.0\.0\.0/15 is larger than /16, the largest VPC block AWS allows \(65,536 addresses\)$"),
        ("10.0.0.0/29", r"^10\.0\.0\.0/29 is smaller than /28, the smallest VPC block AWS allows \(16 addresses\)$"),
        ("169.254.0.0/16", r"^169\.254\.0\.0/16 (lies in|overlaps) 169\.254\.0\.0/16, the link-local range"),
        ("169.254.169.0/24", r"^169\.254\.169\.0/24 (lies in|overlaps) 169\.254\.0\.0/16, the link-local range"),
        ("169.254.255.240/28", r"169\.254\.0\.0/16, the link-local range"),
    ],
)
def test_invalid_vpc_blocks(cidr, message):
    with pytest.raises(CidrError, match=message):
        validate_vpc_cidr(cidr)


# Secondary blocks: the association restrictions table,
# https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html#add-cidr-block-restrictions


@pytest.mark.parametrize(
    ("primary", "new"),
    [
        ("10.0.0.0/16", "100.64.0.0/16"),
        ("10.0.0.0/16", "10.1.0.0/16"),
        ("10.0.0.0/16", "203.0.113.0/24"),
        ("10.2.0.0/16", "10.0.0.0/16"),  # 10.2.0.0/16 is outside 10.0.0.0/15
        ("10.2.0.0/16", "10.1.0.0/16"),
        ("172.16.0.0/16", "172.20.0.0/16"),
        ("172.16.0.0/16", "100.64.0.0/16"),
        ("192.168.0.0/20", "192.168.16.0/20"),
        ("192.168.0.0/16", "203.0.113.0/24"),
        ("198.19.0.0/16", "100.64.0.0/16"),
        ("203.0.113.0/24", "198.51.100.0/24"),
        ("203.0.113.0/24", "100.64.0.0/16"),
        ("100.64.0.0/16", "100.65.0.0/16"),
    ],
)
def test_permitted_secondary_blocks(primary, new):
    assert validate_secondary_cidr(primary, new) == Cidr.parse(new)


@pytest.mark.parametrize(
    ("primary", "new", "existing", "message"),
    [
        (
            "10.0.0.0/16",
            "10.0.128.0/17",
            (),
            r"^10\.0\.128\.0/17 overlaps 10\.0\.0\.0/16, which the VPC already has; blocks of one VPC cannot overlap$",
        ),
        (
            "10.0.0.0/16",
            "10.1.0.0/24",
            ["10.1.0.0/16"],
            r"^10\.1\.0\.0/24 overlaps 10\.1\.0\.0/16, which the VPC already has",
        ),
        (
            "10.0.0.0/16",
            "192.168.0.0/16",
            (),
            r"^192\.168\.0\.0/16 cannot be added to a VPC whose primary block 10\.0\.0\.0/16 lies in 10\.0\.0\.0/8: "
            r"AWS restricts secondary blocks from 192\.168\.0\.0/16 for such VPCs$",
        ),
        (
            "10.0.0.0/16",
            "172.16.0.0/16",
            (),
            r"lies in 10\.0\.0\.0/8: AWS restricts secondary blocks from 172\.16\.0\.0/12",
        ),
        ("10.0.0.0/16", "172.31.0.0/16", (), r"AWS restricts secondary blocks from 172\.16\.0\.0/12"),
        (
            "10.0.0.0/16",
            "198.19.0.0/16",
            (),
            r"lies in 10\.0\.0\.0/8: AWS restricts secondary blocks from 198\.19\.0\.0/16",
        ),
        ("10.0.0.0/16", "198.19.5.0/24", (), r"AWS restricts secondary blocks from 198\.19\.0\.0/16"),
        # The 10.0.0.0/8 row of the "IPv4 CIDR block association restrictions" table
        # (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html#add-cidr-block-restrictions):
        # "If any of the CIDR blocks associated with the VPC are from the 10.0.0.0/15 range (10.0.0.0 to
        # 10.1.255.255), you cannot add a CIDR block from the 10.0.0.0/16 range (10.0.0.0 to 10.0.255.255)."
        (
            "10.1.0.0/16",
            "10.0.128.0/17",
            (),
            r"^10\.0\.128\.0/17 cannot be added: the VPC's block 10\.1\.0\.0/16 is from the 10\.0\.0\.0/15 range "
            r"\(10\.0\.0\.0 to 10\.1\.255\.255\), and if any of the CIDR blocks associated with the VPC are from that range, "
            r"AWS does not let you add a CIDR block from the 10\.0\.0\.0/16 range \(10\.0\.0\.0 to 10\.0\.255\.255\)$",
        ),
        ("10.1.0.0/16", "10.0.0.0/16", (), r"a CIDR block from the 10\.0\.0\.0/16 range"),
        ("10.1.128.0/24", "10.0.255.240/28", (), r"a CIDR block from the 10\.0\.0\.0/16 range"),
        # a secondary block in 10.0.0.0/15 counts too, not only the primary (10.5.0.0/16 is outside it)
        (
            "10.5.0.0/16",
            "10.0.0.0/24",
            ["10.1.0.0/16"],
            r"the VPC's block 10\.1\.0\.0/16 is from the 10\.0\.0\.0/15 range",
        ),
        (
            "10.5.0.0/16",
            "10.0.64.0/18",
            ["10.8.0.0/16", "10.1.255.240/28"],
            r"^10\.0\.64\.0/18 cannot be added: the VPC's block 10\.1\.255\.240/28 is from the 10\.0\.0\.0/15 range",
        ),
        (
            "172.16.0.0/16",
            "172.31.0.0/16",
            (),
            r"^172\.31\.0\.0/16 cannot be added to a VPC whose primary block 172\.16\.0\.0/16 lies in 172\.16\.0\.0/12: "
            r"AWS restricts secondary blocks from 172\.31\.0\.0/16",
        ),
        ("172.20.0.0/16", "172.31.8.0/24", (), r"from 172\.31\.0\.0/16"),
        ("172.16.0.0/16", "10.0.0.0/16", (), r"from 10\.0\.0\.0/8"),
        ("172.16.0.0/16", "192.168.0.0/16", (), r"from 192\.168\.0\.0/16"),
        (
            "192.168.0.0/20",
            "10.0.0.0/16",
            (),
            r"lies in 192\.168\.0\.0/16: AWS restricts secondary blocks from 10\.0\.0\.0/8",
        ),
        ("192.168.0.0/20", "172.16.0.0/16", (), r"from 172\.16\.0\.0/12"),
        (
            "198.19.0.0/16",
            "10.0.0.0/16",
            (),
            r"lies in 198\.19\.0\.0/16: AWS restricts secondary blocks from 10\.0\.0\.0/8",
        ),
        (
            "203.0.113.0/24",
            "10.0.0.0/16",
            (),
            r"^10\.0\.0\.0/16 cannot be added to a VPC whose primary block 203\.0\.113\.0/24 lies in a publicly routable range: "
            r"AWS restricts secondary blocks from 10\.0\.0\.0/8",
        ),
        ("203.0.113.0/24", "172.16.0.0/16", (), r"publicly routable range: .*from 172\.16\.0\.0/12"),
        ("203.0.113.0/24", "192.168.0.0/16", (), r"publicly routable range: .*from 192\.168\.0\.0/16"),
        ("203.0.113.0/24", "198.19.0.0/16", (), r"publicly routable range: .*from 198\.19\.0\.0/16"),
        ("100.64.0.0/16", "10.0.0.0/16", (), r"publicly routable range: .*from 10\.0\.0\.0/8"),
        ("10.0.0.0/16", "169.254.0.0/16", (), r"the link-local range"),
        ("10.0.0.0/16", "10.1.0.0/29", (), r"smaller than /28, the smallest VPC block"),
        ("10.0.0.0/15", "100.64.0.0/16", (), r"^10\.0\.0\.0/15 is larger than /16, the largest VPC block"),
    ],
)
def test_restricted_secondary_blocks(primary, new, existing, message):
    with pytest.raises(CidrError, match=message):
        validate_secondary_cidr(primary, new, existing=existing)


def test_a_slash_12_is_refused_as_a_secondary_block_even_before_the_range_rules():
    with pytest.raises(CidrError, match=r"^172\.16\.0\.0/12 is larger than /16"):
        validate_secondary_cidr("10.0.0.0/16", "172.16.0.0/12")


# --- the planner


def test_rows_by_az_then_tier_in_the_given_order():
    subnets = plan(
        "10.0.0.0/16", azs=["ap-northeast-2a", "ap-northeast-2c"], tiers={"private": 20, "public": 24, "data": 24}
    )
    table = subnets.table
    assert list(zip(table["az"], table["tier"])) == [
        ("ap-northeast-2a", "private"),
        ("ap-northeast-2a", "public"),
        ("ap-northeast-2a", "data"),
        ("ap-northeast-2c", "private"),
        ("ap-northeast-2c", "public"),
        ("ap-northeast-2c", "data"),
    ]
    assert table["cidr"].tolist() == [
        "10.0.0.0/20",
        "10.0.32.0/24",
        "10.0.34.0/24",
        "10.0.16.0/20",
        "10.0.33.0/24",
        "10.0.35.0/24",
    ]
    assert table["total"].tolist() == [4096, 256, 256, 4096, 256, 256]
    assert table["reserved"].tolist() == [5] * 6
    assert table["usable"].tolist() == [4091, 251, 251, 4091, 251, 251]


def test_largest_subnets_are_allocated_first_so_nothing_is_lost_to_alignment():
    # Given small before large, first-fit in the given order would leave gaps; the plan does not.
    subnets = plan("10.0.0.0/22", azs=2, tiers={"public": 26, "private": 24, "db": 28})
    table = subnets.table
    blocks = sorted(Cidr.parse(c) for c in table["cidr"])
    cursor = Cidr.parse("10.0.0.0/22").network
    for block in blocks:
        assert block.network == cursor  # contiguous from the VPC's first address
        cursor = block.broadcast + 1
    assert [str(g) for g in gaps("10.0.0.0/22", blocks)] == [str(b) for b in subnets.unallocated]


def _codes(subnets):
    return [f.code for f in subnets.findings]


@pytest.mark.parametrize(
    ("vpc", "azs", "tiers", "codes"),
    [
        ("10.0.0.0/22", 2, {"public": 24, "private": 24}, ["RESERVED_ADDRESSES"]),
        ("10.0.0.0/16", 2, {"public": 24, "private": 20}, ["RESERVED_ADDRESSES", "UNALLOCATED"]),
        ("10.0.0.0/16", 2, {"public": 26, "private": 24}, ["SMALL_SUBNET", "RESERVED_ADDRESSES", "UNALLOCATED"]),
        (
            "10.0.0.0/16",
            2,
            {"public": 24, "private": 26},
            ["SMALL_SUBNET", "PRIVATE_SMALLER_THAN_PUBLIC", "RESERVED_ADDRESSES", "UNALLOCATED"],
        ),
        (
            "10.0.0.0/24",
            2,
            {"Public-Web": 26, "Private-App": 26},
            ["SMALL_SUBNET", "SMALL_SUBNET", "RESERVED_ADDRESSES"],
        ),
        (
            "10.0.0.0/24",
            1,
            {"public": 25, "private-app": 26, "private-db": 26},
            ["SMALL_SUBNET", "SMALL_SUBNET", "SMALL_SUBNET", "PRIVATE_SMALLER_THAN_PUBLIC", "RESERVED_ADDRESSES"],
        ),
        ("10.0.0.0/16", 3, {"web": 24, "app": 25}, ["SMALL_SUBNET", "RESERVED_ADDRESSES", "UNALLOCATED"]),
        ("10.0.0.0/28", 1, {"public": 28}, ["SMALL_SUBNET", "RESERVED_ADDRESSES"]),
    ],
)
def test_findings_appear_exactly_when_they_should(vpc, azs, tiers, codes):
    assert _codes(plan(vpc, azs=azs, tiers=tiers)) == codes


def test_finding_messages():
    subnets = plan("10.0.0.0/16", azs=2, tiers={"public": 24, "private": 26})
    findings = {f.code: f for f in subnets.findings}
    assert findings["SMALL_SUBNET"].message.startswith(
        "tier 'private' uses /26 subnets (59 usable each); prefer /24 or larger"
    )
    assert str(findings["RESERVED_ADDRESSES"]) == (
        "4 subnets reserve 20 addresses (0.03% of 10.0.0.0/16); fewer, larger subnets reserve fewer"
    )
    assert (findings["RESERVED_ADDRESSES"].severity, findings["SMALL_SUBNET"].severity) == ("info", "warning")
    assert findings["SMALL_SUBNET"].subject == "private"
    unallocated = [str(b) for b in subnets.unallocated]
    assert findings["UNALLOCATED"].message.endswith(", ".join(unallocated))
    assert findings["UNALLOCATED"].message.startswith(f"{65536 - 2 * 256 - 2 * 64:,} addresses (99%)")
    assert isinstance(findings["UNALLOCATED"], Finding)


@st.composite
def plan_cases(draw):
    vpc_prefix = draw(st.integers(16, 26))
    azs = draw(st.integers(1, 3))
    names = draw(
        st.lists(
            st.sampled_from(["public", "private", "db", "private-app", "edge"]), min_size=1, max_size=3, unique=True
        )
    )
    tiers = {name: draw(st.integers(max(vpc_prefix, 16), 28)) for name in names}
    return f"10.0.0.0/{vpc_prefix}", azs, tiers


@given(plan_cases())
def test_plan_fits_exactly_when_the_addresses_add_up(case):
    vpc, azs, tiers = case
    size = Cidr.parse(vpc).num_addresses
    needed = azs * sum(2 ** (32 - p) for p in tiers.values())
    if needed > size:
        message = rf"^the plan does not fit in {re.escape(vpc)}: {azs * len(tiers)} subnets need {needed:,} addresses but the VPC has {size:,};"
        with pytest.raises(CidrError, match=message):
            plan(vpc, azs=azs, tiers=tiers)
        return
    subnets = plan(vpc, azs=azs, tiers=tiers)
    table = subnets.table
    blocks = [Cidr.parse(c) for c in table["cidr"]]
    assert len(blocks) == azs * len(tiers)
    assert find_overlaps(blocks) == []
    # Largest first: the subnets fill the start of the VPC with no hole, the rest is unallocated.
    used_end = Cidr.parse(vpc).network + needed
    assert max(b.broadcast for b in blocks) + 1 == used_end
    free = list(subnets.unallocated)
    assert sum(b.num_addresses for b in free) == size - needed
    assert all(b.network >= used_end for b in free)
    public = [p for t, p in tiers.items() if "public" in t]
    private = [p for t, p in tiers.items() if "private" in t]
    expected = ["SMALL_SUBNET"] * sum(p > 24 for p in tiers.values())
    expected += ["PRIVATE_SMALLER_THAN_PUBLIC"] * any(q > p for p, q in itertools.product(public, private))
    expected += ["RESERVED_ADDRESSES"] + ["UNALLOCATED"] * (needed < size)
    assert _codes(subnets) == expected


def test_a_plan_that_does_not_fit_names_addresses_needed_and_available():
    with pytest.raises(
        CidrError,
        match=r"^the plan does not fit in 10\.0\.0\.0/24: 3 subnets need 384 addresses but the VPC has 256; "
        r"use fewer AZs or tiers, smaller subnets, or a larger VPC$",
    ):
        plan("10.0.0.0/24", azs=3, tiers={"public": 25})


@pytest.mark.parametrize(
    ("vpc", "azs", "tiers", "error", "message"),
    [
        (
            "10.0.0.0/22",
            True,
            {"public": 24},
            TypeError,
            r"^azs must be a number of AZs or a list of AZ names, not bool$",
        ),
        ("10.0.0.0/22", "az-a", {"public": 24}, TypeError, r"^azs must be a number of AZs or a list of AZ names$"),
        ("10.0.0.0/22", 2.0, {"public": 24}, TypeError, r"^azs must be"),
        ("10.0.0.0/22", [1, 2], {"public": 24}, TypeError, r"^azs must be"),
        ("10.0.0.0/22", None, {"public": 24}, TypeError, r"^azs must be"),
        ("10.0.0.0/22", 2, [("public", 24)], TypeError, r"^tiers must be a dict of tier name to prefix"),
        ("10.0.0.0/22", 2, None, TypeError, r"^tiers must be"),
        ("10.0.0.0/22", 2, {"public": "24"}, TypeError, r"^tier 'public': names are text and prefixes are int"),
        ("10.0.0.0/22", 2, {"public": True}, TypeError, r"^tier 'public': names are text and prefixes are int"),
        ("10.0.0.0/22", 2, {1: 24}, TypeError, r"^tier 1: names are text"),
        (
            "10.0.0.0/22",
            0,
            {"public": 24},
            CidrError,
            r"^azs=0: a plan spans 1 to 6 Availability Zones \(the most any Region has\)$",
        ),
        ("10.0.0.0/22", 7, {"public": 24}, CidrError, r"^azs=7: a plan spans 1 to 6"),
        ("10.0.0.0/22", [], {"public": 24}, CidrError, r"^azs=\[\]: list each Availability Zone once, at least one$"),
        ("10.0.0.0/22", ["a", "a"], {"public": 24}, CidrError, r"list each Availability Zone once"),
        ("10.0.0.0/22", 2, {"public": 29}, CidrError, r"^/29 is smaller than /28, the smallest subnet AWS allows$"),
        ("10.0.0.0/16", 2, {"public": 15}, CidrError, r"^/15 is larger than /16, the largest subnet AWS allows$"),
        (
            "10.0.0.0/22",
            2,
            {"public": 20},
            CidrError,
            r"^tier 'public': a /20 subnet is larger than the VPC 10\.0\.0\.0/22 itself$",
        ),
        ("10.0.0.0/15", 2, {"public": 24}, CidrError, r"^10\.0\.0\.0/15 is larger than /16, the largest VPC block"),
        ("169.254.0.0/16", 2, {"public": 24}, CidrError, r"link-local range"),
        ("10.0.0.5/16", 2, {"public": 24}, CidrError, r"did you mean 10\.0\.0\.0/16\?"),
    ],
)
def test_plan_rejects_bad_input(vpc, azs, tiers, error, message):
    with pytest.raises(error, match=message):
        plan(vpc, azs=azs, tiers=tiers)


def test_plan_options_are_keyword_only():
    with pytest.raises(TypeError):
        plan("10.0.0.0/22", 2, {"public": 24})  # noqa


# --- the bit view and displays


BIT_VIEW_22 = (
    "address  00001010.00000000.00000000.00000000  10.0.0.0\n"
    "mask     11111111.11111111.11111100.00000000  255.255.252.0\n"
    "         network: 22 bits | host: 10 bits -> 1,024 addresses"
)


def test_bit_view_text_of_a_slash_22():
    view = Cidr.parse("10.0.0.0/22").bits()
    assert view == BitView(167772160, 22)
    assert view.text() == BIT_VIEW_22


def test_bit_view_of_one_address():
    assert Cidr.parse("10.0.0.0/22").bits("10.0.1.7").text().splitlines()[0] == (
        "address  00001010.00000000.00000001.00000111  10.0.1.7"
    )


def test_displays_carry_text_and_html():
    block = Cidr.parse("10.0.0.0/22")
    for bundle in (block._repr_mimebundle_(), block.bits()._repr_mimebundle_()):
        assert bundle["text/plain"] == BIT_VIEW_22
        assert "text/html" in bundle and "awsbasics-bits" in bundle["text/html"]


def test_displays_degrade_to_text_when_the_html_view_fails(monkeypatch):
    import awsbasics.display.cidr as display_cidr

    def broken(view):
        raise RuntimeError("no html today")

    monkeypatch.setattr(display_cidr, "bit_view_html", broken)
    block = Cidr.parse("10.0.0.0/22")
    for bundle in (block._repr_mimebundle_(), block.bits()._repr_mimebundle_()):
        assert set(bundle) == {"text/plain"}
        assert bundle["text/plain"].startswith(BIT_VIEW_22)
        assert "RuntimeError: no html today" in bundle["text/plain"]


def test_public_names():
    assert cidr_module.ADDRESS_BITS == 32
    assert {"Cidr", "find_overlaps", "reserved_addresses", "split", "usable_addresses", "plan"} <= set(
        awsbasics.network.__all__
    )


def test_repr_round_trips_through_the_constructor():
    block = Cidr.parse("10.0.0.0/16")
    assert repr(block) == "Cidr('10.0.0.0/16')"
    assert eval(repr(block)) == block  # noqa: S307 - repr is an expression by design
    assert Cidr("172.16.0.0/12") == Cidr.parse("172.16.0.0/12")


def test_prefix_leading_zero_is_refused_like_an_octet_leading_zero():
    with pytest.raises(CidrError, match=r"prefix /08 has a leading zero, which is ambiguous; write /8"):
        Cidr.parse("10.0.0.0/08")


def test_a_plan_needs_a_tier():
    with pytest.raises(CidrError, match=r"a plan needs at least one tier"):
        plan("10.0.0.0/22", azs=2, tiers={})


# --- limits for widgets, data-driven rules (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html)


def test_prefix_ranges_are_the_documented_slash_16_to_slash_28():
    assert cidr_module.SUBNET_PREFIX_RANGE == (16, 28)
    assert cidr_module.VPC_PREFIX_RANGE == (16, 28)
    assert {"SUBNET_PREFIX_RANGE", "VPC_PREFIX_RANGE"} <= set(cidr_module.__all__)


def test_the_subrange_restriction_is_read_from_data():
    rule = data.fact("network", "secondary_cidr_subrange_restriction")
    assert rule["value"] == {
        "row": "10.0.0.0/8",
        "any_associated_block_within": "10.0.0.0/15",
        "restricted": "10.0.0.0/16",
    }
    assert rule["aws_wording"] == (
        "If any of the CIDR blocks associated with the VPC are from the 10.0.0.0/15 range "
        "(10.0.0.0 to 10.1.255.255), you cannot add a CIDR block from the 10.0.0.0/16 range "
        "(10.0.0.0 to 10.0.255.255)."
    )
    with pytest.raises(CidrError, match=r"^10\.0\.4\.0/24 cannot be added: the VPC's block 10\.1\.0\.0/16 is from "):
        validate_secondary_cidr("10.1.0.0/16", "10.0.4.0/24")


def test_the_association_table_rows_carry_aws_wording():
    # https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html#add-cidr-block-restrictions
    table = data.fact("network", "secondary_cidr_restrictions")
    assert table["columns"] == ["primary_range", "restricted", "aws_wording"]
    rows = {row[0]: row for row in table["rows"]}
    assert list(rows) == ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "198.19.0.0/16", "public"]
    assert rows["10.0.0.0/8"][1] == ["172.16.0.0/12", "192.168.0.0/16", "198.19.0.0/16"]
    assert rows["172.16.0.0/12"][1] == ["10.0.0.0/8", "192.168.0.0/16", "172.31.0.0/16", "198.19.0.0/16"]
    assert rows["198.19.0.0/16"][2] == "CIDR blocks from the RFC 1918 ranges."
    assert rule_sentence_in_row(rows["10.0.0.0/8"][2])


def rule_sentence_in_row(wording: str) -> bool:
    return data.fact("network", "secondary_cidr_subrange_restriction")["aws_wording"] in wording


def test_blocks_outside_the_slash_15_do_not_trigger_the_rule():
    # 10.2.0.0/16 and 10.4.0.0/16 are outside 10.0.0.0/15, so 10.0.0.0/16 may be added
    assert str(validate_secondary_cidr("10.2.0.0/16", "10.0.0.0/16", existing=["10.4.0.0/16"])) == "10.0.0.0/16"
    # and a block from 10.1.0.0/16 (in the /15 but outside 10.0.0.0/16) is allowed beside a /15 primary
    assert str(validate_secondary_cidr("10.0.0.0/16", "10.1.0.0/16")) == "10.1.0.0/16"


def test_a_plan_spans_at_most_the_azs_of_the_largest_region():
    # us-east-1 lists 6 Availability Zones, more than any other Region in data/infra.json.
    assert max_azs() == 6
    assert len(plan("10.0.0.0/16", azs=6, tiers={"web": 24}).table) == 6
    with pytest.raises(CidrError, match=r"^azs=7: a plan spans 1 to 6 Availability Zones \(the most any Region has\)$"):
        plan("10.0.0.0/16", azs=7, tiers={"web": 24})


def test_plan_report_address_space_in_address_order():
    shown = report(plan("10.0.0.0/22", azs=1, tiers={"web": 24, "db": 25}))
    assert str(shown.vpc_cidr) == "10.0.0.0/22" and shown.tiers == ("web", "db")
    assert shown.address_space == (
        AddressBlock(Cidr.parse("10.0.0.0/24"), 256, 5, "web", "az-a"),
        AddressBlock(Cidr.parse("10.0.1.0/25"), 128, 5, "db", "az-a"),
        AddressBlock(Cidr.parse("10.0.1.128/25"), 128, 0),
        AddressBlock(Cidr.parse("10.0.2.0/23"), 512, 0),
    )


def test_plan_report_text_and_html():
    shown = report(plan("10.0.0.0/22", azs=1, tiers={"web": 24}))
    text = shown.text()
    assert text.splitlines()[0] == "Subnet plan for 10.0.0.0/22: 1 subnet, 251 usable addresses"
    assert text.splitlines()[-1] == "- 768 addresses (75%) are left for future subnets: 10.0.1.0/24, 10.0.2.0/23"
    bundle = shown._repr_mimebundle_()
    assert bundle["text/plain"] == text
    html = bundle["text/html"]
    assert html.startswith(
        '<p>Subnet plan for 10.0.0.0/22: 1 subnet, 251 usable addresses</p><div class="awsbasics-address-space">'
    )
    assert '<div title="10.0.0.0/24 web az-a: 256 addresses" style="width:25.0%;display:flex;' in html
    assert '<div title="10.0.2.0/23 unallocated: 512 addresses" style="width:50.0%;' in html
    assert "<li>768 addresses (75%) are left for future subnets: 10.0.1.0/24, 10.0.2.0/23</li>" in html
