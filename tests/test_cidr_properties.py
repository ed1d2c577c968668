"""Property tests for the CIDR engine, with the stdlib ``ipaddress`` as the oracle.

The engine does its own integer arithmetic; every property here recomputes the
answer with ``ipaddress`` (or a brute-force search over ``ipaddress`` blocks)
and compares.
"""

import ipaddress
import re

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from awsbasics.errors import CidrError
from awsbasics.network.cidr import (
    Cidr,
    find_overlaps,
    format_address,
    gaps,
    parse_many,
    split,
)

ALL_ONES = (1 << 32) - 1


# --- strategies ---------------------------------------------------------------


def _network(address: int, prefix: int) -> ipaddress.IPv4Network:
    host_mask = (1 << (32 - prefix)) - 1
    return ipaddress.IPv4Network((address & ~host_mask & ALL_ONES, prefix))


@st.composite
def networks(draw, min_prefix=0, max_prefix=32):
    """Any valid block, as an ``ipaddress`` network."""
    prefix = draw(st.integers(min_prefix, max_prefix))
    return _network(draw(st.integers(0, ALL_ONES)), prefix)


@st.composite
def networks_inside(draw, parent: ipaddress.IPv4Network, extra_bits=8):
    """A block inside ``parent``, at most ``extra_bits`` longer than it."""
    prefix = draw(st.integers(parent.prefixlen, min(32, parent.prefixlen + extra_bits)))
    offset = draw(st.integers(0, parent.num_addresses - 1))
    return _network(int(parent.network_address) + offset, prefix)


@st.composite
def related_pairs(draw):
    """Two blocks that are often nested, equal or neighbours, sometimes unrelated."""
    a = draw(networks())
    kind = draw(st.sampled_from(["random", "inside", "around", "same", "neighbour"]))
    if kind == "inside":
        b = draw(networks_inside(a, extra_bits=32))
    elif kind == "around":
        b = _network(int(a.network_address), draw(st.integers(0, a.prefixlen)))
    elif kind == "same":
        b = a
    elif kind == "neighbour":
        b = _network((int(a.broadcast_address) + 1) & ALL_ONES, a.prefixlen)
    else:
        b = draw(networks())
    return a, b


def as_input(draw, network: ipaddress.IPv4Network):
    """The block as text or as a Cidr, at random: the engine takes both."""
    return str(network) if draw(st.booleans()) else Cidr.parse(str(network))


# --- parsing, text and the derived numbers -----------------------------------


@given(networks())
def test_parse_str_and_repr_round_trip(net):
    block = Cidr.parse(str(net))
    assert (block.network, block.prefix) == (int(net.network_address), net.prefixlen)
    assert str(block) == str(net)
    assert repr(block) == f"Cidr('{net}')"
    assert Cidr.parse(str(block)) == block and hash(Cidr.parse(str(block))) == hash(block)
    assert Cidr.parse(block) is block


@given(networks())
def test_sizes_addresses_and_mask_match_ipaddress(net):
    block = Cidr.parse(str(net))
    assert block.num_addresses == net.num_addresses
    assert block.first_address == str(net.network_address)
    assert block.last_address == str(net.broadcast_address)
    assert block.broadcast == int(net.broadcast_address)
    assert block.netmask == str(net.netmask)


@given(st.integers(0, ALL_ONES))
def test_format_address_matches_ipaddress(value):
    assert format_address(value) == str(ipaddress.IPv4Address(value))


@given(st.integers(0, ALL_ONES), st.integers(0, 31))
def test_host_bits_set_is_refused_and_names_the_network(address, prefix):
    net = ipaddress.IPv4Network((address, prefix), strict=False)
    assume(int(net.network_address) != address)
    text = f"{ipaddress.IPv4Address(address)}/{prefix}"
    with pytest.raises(ValueError):
        ipaddress.IPv4Network(text)  # the oracle refuses it too
    with pytest.raises(
        CidrError, match=rf"^{re.escape(text)} has host bits set.*did you mean {re.escape(str(net))}\?$"
    ):
        Cidr.parse(text)


@given(st.lists(networks(), max_size=8))
def test_order_matches_ipaddress(nets):
    assert [str(c) for c in sorted(Cidr.parse(str(n)) for n in nets)] == [str(n) for n in sorted(nets)]


@given(networks())
def test_bit_view_shows_the_address_and_mask_bits(net):
    lines = Cidr.parse(str(net)).bits().text().splitlines()
    address_bits = format(int(net.network_address), "032b")
    mask_bits = format(int(net.netmask), "032b")
    dotted = lambda bits: ".".join(bits[i : i + 8] for i in range(0, 32, 8))  # noqa: E731
    assert lines[0] == f"address  {dotted(address_bits)}  {net.network_address}"
    assert lines[1] == f"mask     {dotted(mask_bits)}  {net.netmask}"
    assert lines[2].strip().startswith(f"network: {net.prefixlen} bits | host: {32 - net.prefixlen} bits")


# --- containment and overlap ---------------------------------------------------


@given(related_pairs())
def test_contains_and_overlaps_match_ipaddress(pair):
    a, b = pair
    block_a, block_b = Cidr.parse(str(a)), Cidr.parse(str(b))
    assert block_a.contains(block_b) is b.subnet_of(a)
    assert block_a.contains(str(b)) is b.subnet_of(a)
    assert block_a.overlaps(block_b) is a.overlaps(b)
    assert block_a.overlaps(str(b)) is a.overlaps(b)
    assert block_b.overlaps(block_a) is block_a.overlaps(block_b)


@given(networks(), st.data())
def test_contains_an_address_matches_ipaddress(net, data):
    inside = int(net.network_address) + data.draw(st.integers(0, net.num_addresses - 1))
    anywhere = data.draw(st.integers(0, ALL_ONES))
    block = Cidr.parse(str(net))
    for value in (inside, anywhere):
        address = ipaddress.IPv4Address(value)
        assert block.contains(str(address)) is (address in net)


# --- subnets ---------------------------------------------------------------------


@given(networks(), st.integers(0, 6))
def test_subnets_match_ipaddress(net, extra_bits):
    new_prefix = net.prefixlen + extra_bits
    assume(new_prefix <= 32)
    expected = [str(s) for s in net.subnets(new_prefix=new_prefix)]
    assert [str(s) for s in Cidr.parse(str(net)).subnets(new_prefix)] == expected


# --- split ------------------------------------------------------------------------


def split_oracle(parent: ipaddress.IPv4Network, prefixes):
    """Brute force: the first block of each size, among all of them in the parent, at or after the cursor.

    Returns the blocks placed and the index of the first one that does not fit (or None).
    """
    cursor, placed = int(parent.network_address), []
    for index, prefix in enumerate(prefixes):
        later = [s for s in parent.subnets(new_prefix=prefix) if int(s.network_address) >= cursor]
        if not later:
            return placed, index
        placed.append(later[0])
        cursor = int(later[0].broadcast_address) + 1
    return placed, None


@st.composite
def split_cases(draw):
    parent = draw(networks(max_prefix=30))
    # At most 2**6 candidate blocks per size keeps the brute force cheap.
    top = min(32, parent.prefixlen + 6)
    # Half the cases leave out the parent's own size, so longer lists fit more often.
    low = draw(st.sampled_from([parent.prefixlen, min(top, parent.prefixlen + 2)]))
    prefixes = draw(st.lists(st.integers(low, top), min_size=1, max_size=10))
    return parent, prefixes


@given(split_cases(), st.booleans())
def test_split_matches_a_brute_force_first_fit(case, as_text):
    parent, prefixes = case
    expected, failed_at = split_oracle(parent, prefixes)
    parent_in = str(parent) if as_text else Cidr.parse(str(parent))
    if failed_at is not None:
        size = 1 << (32 - prefixes[failed_at])
        message = rf"^block {failed_at} \(/{prefixes[failed_at]}, {size:,} addresses\) does not fit in {re.escape(str(parent))}:"
        with pytest.raises(CidrError, match=message):
            split(parent_in, prefixes)
        return
    blocks = split(parent_in, iter(prefixes))  # any iterable of prefixes
    assert [str(b) for b in blocks] == [str(n) for n in expected]
    # The same facts, checked directly on the result.
    previous_end = int(parent.network_address)
    for block, prefix in zip(blocks, prefixes):
        net = ipaddress.IPv4Network(str(block))  # strict: aligned to its own size
        assert net.prefixlen == prefix and net.subnet_of(parent)
        start = int(net.network_address)
        assert start >= previous_end  # in order, no overlap with the one before
        # No aligned start of this size lies between the previous block's end and this start.
        assert start - previous_end < net.num_addresses
        previous_end = int(net.broadcast_address) + 1
    nets = [ipaddress.IPv4Network(str(b)) for b in blocks]
    assert not any(x.overlaps(y) for i, x in enumerate(nets) for y in nets[i + 1 :])


# --- gaps -------------------------------------------------------------------------


def free_ranges(parent: ipaddress.IPv4Network, used):
    """The address ranges (first, last) in ``parent`` that no block in ``used`` covers."""
    cursor, free = int(parent.network_address), []
    for net in sorted(used):
        if int(net.network_address) > cursor:
            free.append((cursor, int(net.network_address) - 1))
        cursor = max(cursor, int(net.broadcast_address) + 1)
    if cursor <= int(parent.broadcast_address):
        free.append((cursor, int(parent.broadcast_address)))
    return free


@st.composite
def gap_cases(draw):
    parent = draw(networks(max_prefix=30))
    used = draw(st.lists(networks_inside(parent, extra_bits=8), max_size=8))
    used += draw(st.lists(st.sampled_from(used), max_size=2)) if used else []  # duplicates
    return parent, used, [as_input(draw, n) for n in used]


@given(gap_cases())
def test_gaps_and_blocks_tile_the_parent_with_the_fewest_blocks(case):
    parent, used, given_blocks = case
    free = gaps(str(parent), given_blocks)
    free_nets = [ipaddress.IPv4Network(str(c)) for c in free]  # strict: each gap is an aligned block
    # Minimal cover: ipaddress summarises each free range into the fewest blocks.
    expected = [
        net
        for first, last in free_ranges(parent, used)
        for net in ipaddress.summarize_address_range(ipaddress.IPv4Address(first), ipaddress.IPv4Address(last))
    ]
    assert free_nets == expected
    # Exact tiling, checked independently of the oracle above.
    for i, gap in enumerate(free_nets):
        assert gap.subnet_of(parent)
        assert not any(gap.overlaps(u) for u in used)
        assert not any(gap.overlaps(g) for g in free_nets[i + 1 :])
    covered = sum(last - first + 1 for first, last in free_ranges(parent, used))
    assert sum(g.num_addresses for g in free_nets) == covered
    used_addresses = parent.num_addresses - covered
    assert used_addresses == sum(n.num_addresses for n in ipaddress.collapse_addresses(used))


@given(networks(max_prefix=30))
def test_gaps_of_an_empty_or_full_parent(net):
    assert gaps(str(net), []) == [Cidr.parse(str(net))]
    assert gaps(str(net), [str(net)]) == []
    assert gaps(str(net), [str(s) for s in net.subnets(prefixlen_diff=2)]) == []


# --- find_overlaps ---------------------------------------------------------------


@st.composite
def overlap_lists(draw):
    """Small lists from a small space, so overlaps are common: nested chains, duplicates, strangers."""
    base = ipaddress.IPv4Network("10.0.0.0/20")
    nets = draw(st.lists(networks_inside(base, extra_bits=8), max_size=10))
    if draw(st.booleans()):  # a nested chain, each inside the one before
        chain = [draw(networks_inside(base, extra_bits=2))]
        for _ in range(draw(st.integers(1, 4))):
            chain.append(draw(networks_inside(chain[-1], extra_bits=3)))
        nets += chain
    if nets and draw(st.booleans()):
        nets += draw(st.lists(st.sampled_from(nets), min_size=1, max_size=3))
    nets += draw(
        st.lists(
            st.sampled_from(["192.168.0.0/24", "0.0.0.0/0", "255.255.255.255/32"]).map(ipaddress.IPv4Network),
            max_size=2,
        )
    )
    nets = draw(st.permutations(nets))
    return nets, [as_input(draw, n) for n in nets]


@given(overlap_lists())
def test_find_overlaps_matches_brute_force(case):
    nets, items = case
    expected = [(i, j) for i in range(len(nets)) for j in range(i + 1, len(nets)) if nets[i].overlaps(nets[j])]
    assert find_overlaps(items) == expected
    assert find_overlaps(str(n) for n in nets) == expected  # any iterable


@given(st.lists(networks(min_prefix=8), max_size=40))
@settings(max_examples=50)
def test_find_overlaps_matches_brute_force_on_spread_out_blocks(nets):
    expected = [(i, j) for i in range(len(nets)) for j in range(i + 1, len(nets)) if nets[i].overlaps(nets[j])]
    assert find_overlaps([str(n) for n in nets]) == expected


# --- parse_many -------------------------------------------------------------------

WHITESPACE = st.text(alphabet=" \t\n\r", max_size=3)


def parse_each(items):
    blocks = [Cidr.parse(item) for item in items]
    return [b.network for b in blocks], [b.prefix for b in blocks]


def assert_parsed(items):
    networks_, prefixes = parse_many(items)
    assert networks_.dtype == np.int64 and prefixes.dtype == np.int64
    assert (networks_.tolist(), prefixes.tolist()) == parse_each(items)


@given(st.lists(networks(), max_size=12))
def test_parse_many_equals_parsing_each_text(nets):
    assert_parsed([str(n) for n in nets])


@given(st.lists(networks(), max_size=12), st.data())
def test_parse_many_equals_parsing_each_of_mixed_inputs(nets, data):
    assert_parsed([as_input(data.draw, n) for n in nets])


@given(st.lists(st.tuples(WHITESPACE, networks(), WHITESPACE), min_size=1, max_size=8))
def test_surrounding_whitespace_is_accepted_as_cidr_parse_accepts_it(padded):
    items = [f"{before}{net}{after}" for before, net, after in padded]
    assert [str(Cidr.parse(item)) for item in items] == [str(net) for _, net, _ in padded]
    assert_parsed(items)


UNICODE_SPACE = st.text(alphabet=" \t\n\u00a0\u2003\u3000", max_size=2)


@given(st.lists(st.tuples(UNICODE_SPACE, networks(), UNICODE_SPACE), min_size=1, max_size=5))
def test_parse_many_treats_any_padding_as_cidr_parse_does(padded):
    # Whatever Cidr.parse decides about non-ASCII spaces, the batch must decide the same.
    items = [f"{before}{net}{after}" for before, net, after in padded]
    try:
        expected = parse_each(items)
    except CidrError:
        index, message = next((i, str(e)) for i, item in enumerate(items) for e in _error_of(item))
        with pytest.raises(CidrError, match=rf"^block {index}: {re.escape(message)}$"):
            parse_many(items)
    else:
        assert [a.tolist() for a in parse_many(items)] == list(expected)


def _error_of(item):
    try:
        Cidr.parse(item)
    except CidrError as exc:
        return [exc]
    return []


# Each corruption turns a valid "a.b.c.d/n" into text that ipaddress refuses.
_OTHER_DIGITS = ("\uff10", "\u0660", "\u0966")  # zero in fullwidth, Arabic-Indic and Devanagari digits


def _fields(net):
    return str(net.network_address).split(".") + [str(net.prefixlen)]


def _join(fields):
    return ".".join(fields[:4]) + "/" + fields[4]


@st.composite
def corrupted(draw, kind):
    net = draw(networks(max_prefix=31 if kind == "host_bits" else 32))
    fields = _fields(net)
    octet = draw(st.integers(0, 3))
    if kind == "octet_over_255":
        fields[octet] = str(draw(st.integers(256, 999)))
        return _join(fields)
    if kind == "leading_zero":
        fields[octet] = "0" + fields[octet]
        return _join(fields)
    if kind == "prefix_over_32":
        fields[4] = str(draw(st.integers(33, 99)))
        return _join(fields)
    if kind == "missing_part":
        how = draw(st.sampled_from(["octet", "prefix", "slash_and_prefix", "empty_octet"]))
        if how == "octet":
            del fields[octet]
            return ".".join(fields[:3]) + "/" + fields[3]
        if how == "prefix":
            return _join(fields[:4] + [""])
        if how == "slash_and_prefix":
            return ".".join(fields[:4])
        fields[octet] = ""
        return _join(fields)
    text = _join(fields)
    if kind == "inner_space":
        at = draw(st.integers(1, len(text) - 1))
        return text[:at] + " " + text[at:]
    if kind == "non_ascii_digit":
        at = draw(st.sampled_from([i for i, ch in enumerate(text) if ch.isdigit()]))
        zero = draw(st.sampled_from(_OTHER_DIGITS))
        return text[:at] + chr(ord(zero) + int(text[at])) + text[at + 1 :]
    if kind == "host_bits":
        host_bit = 1 << draw(st.integers(0, 31 - net.prefixlen))
        return f"{ipaddress.IPv4Address(int(net.network_address) | host_bit)}/{net.prefixlen}"
    raise AssertionError(kind)


CORRUPTIONS = [
    "octet_over_255",
    "leading_zero",
    "prefix_over_32",
    "missing_part",
    "inner_space",
    "non_ascii_digit",
    "host_bits",
]


@pytest.mark.parametrize("kind", CORRUPTIONS)
@given(data=st.data())
@settings(max_examples=60)
def test_parse_many_names_the_first_invalid_item_as_cidr_parse_does(kind, data):
    good = [str(n) for n in data.draw(st.lists(networks(), max_size=6))]
    bad_count = data.draw(st.integers(1, 3))
    items = list(good)
    bad_at = []
    for _ in range(bad_count):
        at = data.draw(st.integers(0, len(items)))
        items.insert(at, data.draw(corrupted(kind)))
        bad_at = [i + (i >= at) for i in bad_at] + [at]
    first = min(bad_at)
    text = items[first]
    if "/" in text:  # (ipaddress reads a bare address as a /32; the engine asks for the prefix)
        with pytest.raises(ValueError):
            ipaddress.IPv4Network(text.strip())  # the oracle refuses it
    with pytest.raises(CidrError) as single:
        Cidr.parse(text)
    with pytest.raises(CidrError) as batch:
        parse_many(items)
    assert str(batch.value) == f"block {first}: {single.value}"
    with pytest.raises(CidrError, match=rf"^block {first}: "):
        find_overlaps(items)


@given(networks(), st.data())
def test_displays_always_carry_text(net, data):
    block = Cidr.parse(str(net))
    assert block._repr_mimebundle_()["text/plain"]
    address = ipaddress.IPv4Address(int(net.network_address) + data.draw(st.integers(0, net.num_addresses - 1)))
    view = block.bits(str(address))
    bundle = view._repr_mimebundle_()
    assert bundle["text/plain"] == view.text()
    assert view.text().splitlines()[0].endswith(f"  {address}")
