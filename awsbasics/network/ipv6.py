"""IPv6 blocks: a small 128-bit value type beside the numpy IPv4 engine.

An IPv6 address is 128 bits, written as eight groups of four hex digits, with
one run of zero groups shortened to ``::``. AWS gives a VPC an
Amazon-provided **/56** block (you cannot choose its range or size) and each
subnet a **/64** of it: 256 subnets of 2^64 addresses each, so IPv6 subnet
planning is about counting subnets, never addresses. Like IPv4, AWS keeps the
first four and the last address of every subnet block.

    >>> block = Ipv6Cidr.parse("2001:db8:1234:1a00::/56")
    >>> block.subnet(1)
    Ipv6Cidr('2001:db8:1234:1a01::/64')
    >>> block.subnet_count(64), block.contains("2001:db8:1234:1aff::5")
    (256, True)
    >>> Ipv6Cidr.parse("2001:db8::1/64")
    Traceback (most recent call last):
    ...
    awsbasics.errors.CidrError: 2001:db8::1/64 has host bits set: the last 64 bits of the network address must be 0; did you mean 2001:db8::/64?

The numpy :class:`~awsbasics.network.cidr.Cidr` engine and its contract stay
IPv4 only; this module uses Python integers, which hold 128 bits exactly.

Sources: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html,
https://www.rfc-editor.org/rfc/rfc4291 (text forms), https://www.rfc-editor.org/rfc/rfc5952 (canonical text)
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import require_int
from awsbasics._protocol import Rendered
from awsbasics.errors import CidrError

__all__ = [
    "ADDRESS_BITS",
    "IPV6_BLOCKS",
    "VPC_PREFIX",
    "SUBNET_PREFIX",
    "Ipv6Cidr",
    "format_ipv6",
    "parse_ipv6",
    "is_ipv6",
    "amazon_provided_block",
]

ADDRESS_BITS = 128
_ALL_ONES = (1 << ADDRESS_BITS) - 1
IPV6_BLOCKS: dict = data.value("vpc", "ipv6_blocks")
VPC_PREFIX: int = IPV6_BLOCKS["vpc_prefix"]
SUBNET_PREFIX: int = IPV6_BLOCKS["subnet_prefix"]
_RESERVED: int = IPV6_BLOCKS["reserved_per_subnet"]
_RANGES = data.value("vpc", "documentation_ranges")
_GROUP = re.compile(r"[0-9A-Fa-f]{1,4}")
_MAX_TEXT = 60  # the longest IPv6 block text is 43 characters; longer input is not an address


def is_ipv6(text: object) -> bool:
    """Whether ``text`` is written as IPv6 (it holds a colon); it says nothing about validity.

    >>> is_ipv6("::/0"), is_ipv6("0.0.0.0/0")
    (True, False)
    """
    return isinstance(text, str) and ":" in text


def parse_ipv6(text: object) -> int:
    """The 128-bit integer of an IPv6 address in text form.

    >>> hex(parse_ipv6("2001:db8::1"))
    '0x20010db8000000000000000000000001'

    Raises:
        CidrError: the text is not an IPv6 address (the message says why).
        TypeError: ``text`` is not a str.
    """
    if not isinstance(text, str):
        raise TypeError(f"an IPv6 address must be str like '2001:db8::1', not {type(text).__name__}")
    raw = text.strip()
    if len(raw) > _MAX_TEXT or not raw:
        raise CidrError(f"{text[:_MAX_TEXT]!r} is not an IPv6 address: eight groups of up to four hex digits")
    if "." in raw:
        raise CidrError(f"{raw!r}: IPv4-mapped IPv6 text is not modelled; write all eight groups in hex")
    if raw.count("::") > 1:
        raise CidrError(f"{raw!r} uses '::' twice; it may stand for one run of zero groups only")
    if "::" in raw:
        head, tail = raw.split("::")
        left = head.split(":") if head else []
        right = tail.split(":") if tail else []
        missing = 8 - len(left) - len(right)
        if missing < 1:
            raise CidrError(f"{raw!r} has too many groups for '::' to stand for any")
        groups = left + ["0"] * missing + right
    else:
        groups = raw.split(":")
        if len(groups) != 8:
            raise CidrError(f"{raw!r} has {len(groups)} groups; an IPv6 address has eight (or '::' for a run of zeros)")
    value = 0
    for group in groups:
        if not _GROUP.fullmatch(group):
            raise CidrError(f"{raw!r}: group {group!r} is not one to four hex digits")
        value = (value << 16) | int(group, 16)
    return value


def format_ipv6(value: int) -> str:
    """The canonical text (RFC 5952) of a 128-bit address: lowercase, longest zero run as ``::``.

    >>> format_ipv6(0x20010db8000000000000000000000001), format_ipv6(0)
    ('2001:db8::1', '::')
    """
    value = require_int(value, "an IPv6 address")
    if not 0 <= value <= _ALL_ONES:
        raise CidrError(f"address {value}: an IPv6 address is an integer from 0 to 2**128 - 1")
    groups = [(value >> shift) & 0xFFFF for shift in range(112, -1, -16)]
    best_start, best_len, start = -1, 0, None
    for index, group in enumerate(groups + [1]):  # a sentinel closes a trailing run
        if group == 0 and start is None:
            start = index
        elif group != 0 and start is not None:
            if index - start > best_len:
                best_start, best_len = start, index - start
            start = None
    if best_len < 2:  # RFC 5952: '::' never shortens a single zero group
        return ":".join(f"{g:x}" for g in groups)
    head = ":".join(f"{g:x}" for g in groups[:best_start])
    tail = ":".join(f"{g:x}" for g in groups[best_start + best_len :])
    return f"{head}::{tail}"


def _host_mask(prefix: int) -> int:
    return (1 << (ADDRESS_BITS - prefix)) - 1


@dataclass(frozen=True, slots=True, order=True)
class Ipv6Cidr(Rendered):
    """An IPv6 CIDR block, e.g. ``Ipv6Cidr.parse("2001:db8:1234:1a00::/56")``.

    Frozen; ``repr`` round-trips; a block with host bits set names the
    network it belongs to.
    """

    network: int  # first address as an unsigned 128-bit integer
    prefix: int = None  # type: ignore[assignment]  # None only with CIDR text

    def __post_init__(self):
        if isinstance(self.network, str) and self.prefix is None:
            parsed = Ipv6Cidr.parse(self.network)
            object.__setattr__(self, "network", parsed.network)
            object.__setattr__(self, "prefix", parsed.prefix)
        for name in ("network", "prefix"):
            object.__setattr__(self, name, require_int(getattr(self, name), f"Ipv6Cidr {name}"))
        if not 0 <= self.prefix <= ADDRESS_BITS:
            raise CidrError(f"prefix /{self.prefix} is out of range: an IPv6 prefix is /0 to /{ADDRESS_BITS}")
        if not 0 <= self.network <= _ALL_ONES:
            raise CidrError(f"network {self.network} is not a 128-bit address")
        if self.network & _host_mask(self.prefix):
            nearest = Ipv6Cidr(self.network & ~_host_mask(self.prefix) & _ALL_ONES, self.prefix)
            bits = ADDRESS_BITS - self.prefix
            raise CidrError(
                f"{format_ipv6(self.network)}/{self.prefix} has host bits set: the last {bits} "
                f"bit{'s' if bits > 1 else ''} of the network address must be 0; did you mean {nearest}?"
            )

    @classmethod
    def parse(cls, text: object) -> Ipv6Cidr:
        """A block from ``"address/prefix"`` text (a bare address is a /128).

        Raises:
            CidrError: malformed text, a prefix outside /0-/128, or host bits set.
            TypeError: ``text`` is not a str (an ``Ipv6Cidr`` is returned as is).
        """
        if isinstance(text, Ipv6Cidr):
            return text
        if not isinstance(text, str):
            raise TypeError(f"an IPv6 block must be str like '2001:db8::/56', not {type(text).__name__}")
        raw = text.strip()
        if len(raw) > _MAX_TEXT:
            raise CidrError(f"{raw[:_MAX_TEXT]!r}... is too long to be an IPv6 block")
        address, slash, prefix = raw.partition("/")
        if not slash:
            prefix = str(ADDRESS_BITS)
        if not prefix.isascii() or not prefix.isdigit() or len(prefix) > 3:
            raise CidrError(f"{raw!r}: the prefix after '/' must be a number from 0 to {ADDRESS_BITS}")
        return cls(parse_ipv6(address), int(prefix))

    # ----- facts -----------------------------------------------------------------------------

    @property
    def num_addresses(self) -> int:
        return 1 << (ADDRESS_BITS - self.prefix)

    @property
    def first_address(self) -> str:
        return format_ipv6(self.network)

    @property
    def last_address(self) -> str:
        return format_ipv6(self.network | _host_mask(self.prefix))

    @property
    def usable_addresses(self) -> int:
        """Addresses AWS can hand out in a subnet of this size (all but the reserved five)."""
        return self.num_addresses - _RESERVED

    def _other(self, other) -> Ipv6Cidr:
        if isinstance(other, Ipv6Cidr):
            return other
        if isinstance(other, str):
            return Ipv6Cidr.parse(other)
        raise TypeError(f"compare with an Ipv6Cidr or IPv6 text, not {type(other).__name__}")

    def contains(self, other) -> bool:
        """Whether an address or block lies wholly inside this block."""
        block = self._other(other)
        return block.prefix >= self.prefix and (block.network & ~_host_mask(self.prefix)) == self.network

    def overlaps(self, other) -> bool:
        """Whether two blocks share any address (one then contains the other)."""
        block = self._other(other)
        return self.contains(block) or block.contains(self)

    def subnet_count(self, new_prefix: int) -> int:
        """How many blocks of ``new_prefix`` this block holds (a /56 holds 256 /64s)."""
        self._check_new_prefix(new_prefix)
        return 1 << (new_prefix - self.prefix)

    def subnet(self, index: int, new_prefix: int = SUBNET_PREFIX) -> Ipv6Cidr:
        """The ``index``-th block of ``new_prefix`` inside this one (counting from 0).

        Raises:
            CidrError: ``index`` is outside ``0 .. subnet_count(new_prefix) - 1``.
        """
        count = self.subnet_count(new_prefix)
        index = require_int(index, "index")
        if not 0 <= index < count:
            raise CidrError(f"{self} holds {count:,} /{new_prefix} blocks, numbered 0 to {count - 1:,}; not {index}")
        return Ipv6Cidr(self.network + (index << (ADDRESS_BITS - new_prefix)), new_prefix)

    def _check_new_prefix(self, new_prefix: int) -> None:
        new_prefix = require_int(new_prefix, "new_prefix")
        if not self.prefix <= new_prefix <= ADDRESS_BITS:
            raise CidrError(
                f"/{new_prefix} blocks do not fit in {self}: choose a prefix from /{self.prefix} to /{ADDRESS_BITS}"
            )

    def address(self, offset: int) -> str:
        """The address ``offset`` places after the first one."""
        offset = require_int(offset, "offset")
        if not 0 <= offset < self.num_addresses:
            raise CidrError(f"offset {offset} is outside {self}")
        return format_ipv6(self.network + offset)

    def __str__(self) -> str:
        return f"{format_ipv6(self.network)}/{self.prefix}"

    def __repr__(self) -> str:
        return f"Ipv6Cidr('{self}')"

    def text(self) -> str:
        return f"{self}: {self.num_addresses:,} addresses ({format_ipv6(self.network)} to {self.last_address})"


def amazon_provided_block(seed: str) -> Ipv6Cidr:
    """The /56 this model hands a VPC: deterministic from ``seed``, inside the documentation prefix.

    AWS picks an Amazon-provided block from its own pool; the model stands in a
    block of 2001:db8::/32 (RFC 3849) so that no real address appears.

    >>> amazon_provided_block("vpc-demo").prefix
    56
    """
    if not isinstance(seed, str):
        raise TypeError(f"seed must be str, not {type(seed).__name__}")
    pool = Ipv6Cidr.parse(_RANGES["ipv6_amazon_pool"])
    count = pool.subnet_count(VPC_PREFIX)
    index = int(hashlib.sha256(seed.encode("utf-8")).hexdigest(), 16) % count
    return pool.subnet(index, VPC_PREFIX)
