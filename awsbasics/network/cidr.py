"""IPv4 CIDR blocks and the AWS rules for VPC and subnet address ranges.

A CIDR block (사이더 블록) ``a.b.c.d/n`` keeps the first ``n`` of an address's
32 bits as the network and leaves the rest for hosts. The arithmetic here is
plain integers, and numpy arrays for many blocks at once; the stdlib
``ipaddress`` module is not used (the tests use it as the oracle).

    >>> vpc = Cidr.parse("10.0.0.0/16")
    >>> vpc.num_addresses, vpc.last_address
    (65536, '10.0.255.255')
    >>> usable_addresses("10.0.0.0/28")
    11
    >>> [str(c) for c in split("10.0.0.0/22", [24, 24, 24, 24])]
    ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']

Sources: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html and
https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import is_int, require_int
from awsbasics._protocol import Rendered
from awsbasics.errors import CidrError

__all__ = [
    "Cidr",
    "BitView",
    "usable_addresses",
    "reserved_addresses",
    "split",
    "gaps",
    "find_overlaps",
    "parse_many",
    "validate_vpc_cidr",
    "validate_secondary_cidr",
    "format_address",
    "ADDRESS_BITS",
    "RESERVED_ADDRESSES_PER_SUBNET",
    "SUBNET_PREFIX_RANGE",
    "VPC_PREFIX_RANGE",
]

ADDRESS_BITS: int = data.value("network", "ipv4_bits")
_ALL_ONES = (1 << ADDRESS_BITS) - 1
RESERVED_ADDRESSES_PER_SUBNET: int = data.value("network", "reserved_addresses_per_subnet")
_SUBNET_RANGE = data.value("network", "subnet_prefix_range")
_VPC_RANGE = data.value("network", "vpc_prefix_range")
# (largest, smallest) block as prefix lengths: /16 to /28 for both today.
SUBNET_PREFIX_RANGE: tuple[int, int] = (_SUBNET_RANGE["largest"], _SUBNET_RANGE["smallest"])
VPC_PREFIX_RANGE: tuple[int, int] = (_VPC_RANGE["largest"], _VPC_RANGE["smallest"])
# More blocks than this from one .subnets() call is a typo, not a plan.
_MAX_SUBNETS = 1 << 16
# This library's bound on the pairs find_overlaps() lists (not an AWS quota; see network.json).
_MAX_OVERLAP_PAIRS: int = data.value("network", "max_overlap_pairs")

_ADDRESS_TEXT = re.compile(r"([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})")
_CIDR_TEXT = re.compile(r"([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})/([0-9]{1,3})")


def _host_mask(prefix: int) -> int:
    return (1 << (ADDRESS_BITS - prefix)) - 1


def format_address(value: int) -> str:
    """Dotted-decimal text of a 32-bit address.

    >>> format_address(167772161)
    '10.0.0.1'
    """
    value = require_int(value, "an address")
    if not 0 <= value <= _ALL_ONES:
        raise CidrError(f"address {value}: an IPv4 address is an integer from 0 to {_ALL_ONES} (32 bits)")
    return ".".join(str((value >> shift) & 0xFF) for shift in (24, 16, 8, 0))


def _octets_to_int(text: str, octets: Sequence[str]) -> int:
    value = 0
    for octet in octets:
        if len(octet) > 1 and octet.startswith("0"):
            raise CidrError(f"{text!r}: octet {octet!r} has a leading zero, which is ambiguous; write {int(octet)}")
        if int(octet) > 255:
            raise CidrError(f"{text!r}: octet {octet} is greater than 255, the largest value 8 bits can hold")
        value = (value << 8) | int(octet)
    return value


def _parse_address(text: object) -> int:
    if not isinstance(text, str):
        raise TypeError(f"an IPv4 address must be str like '10.0.0.1', not {type(text).__name__}")
    match = _ADDRESS_TEXT.fullmatch(text.strip())
    if not match:
        raise CidrError(f"{text!r} is not an IPv4 address: write four numbers 0-255 separated by dots, e.g. '10.0.0.1'")
    return _octets_to_int(text, match.groups())


@dataclass(frozen=True, slots=True, order=True)
class Cidr(Rendered):
    """An IPv4 CIDR block, e.g. ``Cidr.parse("10.0.0.0/16")``.

    Blocks order by first address, then larger first. Invalid fields raise
    :class:`~awsbasics.errors.CidrError`, a block with host bits set names
    the network it belongs to. It shows itself as its bit view.
    """

    network: int  # first address as an unsigned 32-bit integer
    prefix: int = None  # type: ignore[assignment]  # None only with CIDR text, see below

    def __post_init__(self):
        # Cidr("10.0.0.0/16") is the same as Cidr.parse(...), so repr() round-trips.
        if isinstance(self.network, str) and self.prefix is None:
            parsed = Cidr.parse(self.network)
            object.__setattr__(self, "network", parsed.network)
            object.__setattr__(self, "prefix", parsed.prefix)
        for name in ("network", "prefix"):
            object.__setattr__(self, name, require_int(getattr(self, name), f"Cidr {name}"))
        if not 0 <= self.prefix <= ADDRESS_BITS:
            raise CidrError(f"prefix /{self.prefix} is out of range: an IPv4 prefix is /0 to /{ADDRESS_BITS}")
        if not 0 <= self.network <= _ALL_ONES:
            raise CidrError(f"network {self.network} is not a 32-bit address (0 to {_ALL_ONES})")
        if self.network & _host_mask(self.prefix):
            nearest = Cidr(self.network & ~_host_mask(self.prefix) & _ALL_ONES, self.prefix)
            raise CidrError(
                f"{format_address(self.network)}/{self.prefix} has host bits set: the last "
                f"{ADDRESS_BITS - self.prefix} bit{'s' if ADDRESS_BITS - self.prefix > 1 else ''} "
                "of the network address must be 0; "
                f"did you mean {nearest}?"
            )

    @classmethod
    def parse(cls, text: Cidr | str) -> Cidr:
        """Parse ``"a.b.c.d/n"`` text (surrounding spaces allowed).

        Raises:
            CidrError: malformed text, an octet over 255, a prefix over /32,
                or host bits set (the message names the valid block).
            TypeError: ``text`` is not a string.
        """
        if isinstance(text, Cidr):
            return text
        if not isinstance(text, str):
            raise TypeError(f"a CIDR block must be str like '10.0.0.0/16', not {type(text).__name__}")
        match = _CIDR_TEXT.fullmatch(text.strip())
        if not match:
            raise CidrError(
                f"{text!r} is not a CIDR block: write an IPv4 address, a slash and a prefix length, e.g. '10.0.0.0/16'"
            )
        network = _octets_to_int(text, match.groups()[:4])
        if len(match[5]) > 1 and match[5].startswith("0"):
            raise CidrError(
                f"{text!r}: prefix /{match[5]} has a leading zero, which is ambiguous; write /{int(match[5])}"
            )
        prefix = int(match[5])
        if prefix > ADDRESS_BITS:
            raise CidrError(f"{text!r}: prefix /{prefix} is out of range: an IPv4 prefix is /0 to /{ADDRESS_BITS}")
        return cls(network, prefix)

    def __str__(self) -> str:
        return f"{format_address(self.network)}/{self.prefix}"

    def __repr__(self) -> str:
        return f"Cidr('{self}')"

    @property
    def num_addresses(self) -> int:
        """All addresses in the block, 2 to the power of its host bits."""
        return 1 << (ADDRESS_BITS - self.prefix)

    @property
    def broadcast(self) -> int:
        """The last address as an integer."""
        return self.network | _host_mask(self.prefix)

    @property
    def first_address(self) -> str:
        return format_address(self.network)

    @property
    def last_address(self) -> str:
        return format_address(self.broadcast)

    @property
    def netmask(self) -> str:
        """The mask as dotted text: ``/24`` is ``255.255.255.0``."""
        return format_address(_ALL_ONES ^ _host_mask(self.prefix))

    def contains(self, other: Cidr | str) -> bool:
        """Whether an address (``"10.0.1.7"``) or a whole block lies inside this block."""
        if isinstance(other, str):
            other = Cidr.parse(other) if "/" in other else Cidr(_parse_address(other), ADDRESS_BITS)
        if not isinstance(other, Cidr):
            raise TypeError(f"contains() takes a Cidr or an address string, not {type(other).__name__}")
        return self.network <= other.network and other.broadcast <= self.broadcast

    def overlaps(self, other: Cidr | str) -> bool:
        """Whether the two blocks share any address (CIDR blocks overlap only by nesting)."""
        other = Cidr.parse(other)
        return self.network <= other.broadcast and other.network <= self.broadcast

    def subnets(self, new_prefix: int) -> list[Cidr]:
        """Every block of size ``new_prefix`` inside this one, in address order.

        >>> [str(c) for c in Cidr.parse("10.0.0.0/23").subnets(24)]
        ['10.0.0.0/24', '10.0.1.0/24']
        """
        new_prefix = require_int(new_prefix, "new_prefix")
        if not self.prefix <= new_prefix <= ADDRESS_BITS:
            raise CidrError(
                f"/{new_prefix} cannot divide {self}: a subnet's prefix is between /{self.prefix} "
                f"(the block itself) and /{ADDRESS_BITS}"
            )
        count = 1 << (new_prefix - self.prefix)
        if count > _MAX_SUBNETS:
            raise CidrError(f"{self} holds {count:,} blocks of /{new_prefix}; ask for at most {_MAX_SUBNETS:,}")
        step = 1 << (ADDRESS_BITS - new_prefix)
        return [Cidr(self.network + i * step, new_prefix) for i in range(count)]

    def bits(self, address: str | None = None) -> BitView:
        """The teaching bit view of this block (or of one address inside it)."""
        value = self.network if address is None else _parse_address(address)
        if address is not None and not self.contains(address):
            raise CidrError(f"{address} is not inside {self} ({self.first_address} to {self.last_address})")
        return BitView(value, self.prefix)

    _view_ = "cidr.cidr_view"

    def text(self) -> str:
        """The bit view's text: address and mask bits, network and host bit counts."""
        return self.bits().text()


@dataclass(frozen=True, slots=True)
class BitView(Rendered):
    """The 32 bits of an address with its prefix: network bits, then host bits.

    >>> print(Cidr.parse("10.0.0.0/22").bits().text())
    address  00001010.00000000.00000000.00000000  10.0.0.0
    mask     11111111.11111111.11111100.00000000  255.255.252.0
             network: 22 bits | host: 10 bits -> 1,024 addresses
    """

    address: int
    prefix: int

    @property
    def address_bits(self) -> str:
        return format(self.address, f"0{ADDRESS_BITS}b")

    @property
    def mask_bits(self) -> str:
        return "1" * self.prefix + "0" * (ADDRESS_BITS - self.prefix)

    @staticmethod
    def _dotted(bits: str) -> str:
        return ".".join(bits[i : i + 8] for i in range(0, ADDRESS_BITS, 8))

    _view_ = "cidr.bit_view"

    def text(self) -> str:
        host = ADDRESS_BITS - self.prefix
        return "\n".join(
            [
                f"address  {self._dotted(self.address_bits)}  {format_address(self.address)}",
                f"mask     {self._dotted(self.mask_bits)}  {format_address(int(self.mask_bits, 2))}",
                f"         network: {self.prefix} bits | host: {host} bits -> {1 << host:,} addresses",
            ]
        )


def _as_cidr(value: Cidr | str) -> Cidr:
    return Cidr.parse(value)


def _as_list(values, what: str) -> list:
    """A list of blocks; one block on its own (which would iterate as characters) is a TypeError."""
    if isinstance(values, (str, Cidr)):
        raise TypeError(f"{what} takes a list of blocks, not one block: write [{str(values)!r}]")
    return values if isinstance(values, list) else list(values)


def _check_subnet_size(prefix: int, what: str) -> None:
    if prefix < _SUBNET_RANGE["largest"]:
        raise CidrError(f"{what} is larger than /{_SUBNET_RANGE['largest']}, the largest subnet AWS allows")
    if prefix > _SUBNET_RANGE["smallest"]:
        raise CidrError(f"{what} is smaller than /{_SUBNET_RANGE['smallest']}, the smallest subnet AWS allows")


def usable_addresses(cidr_or_prefix: Cidr | str | int) -> int:
    """Addresses a subnet can give to instances: all of them minus the 5 AWS reserves.

    >>> usable_addresses(24), usable_addresses("10.0.0.0/16")
    (251, 65531)

    Raises:
        CidrError: the size is outside /16 to /28, the subnet sizes AWS allows.
    """
    if isinstance(cidr_or_prefix, int) and not isinstance(cidr_or_prefix, bool):
        prefix, what = cidr_or_prefix, f"/{cidr_or_prefix}"
        if not 0 <= prefix <= ADDRESS_BITS:
            raise CidrError(f"prefix /{prefix} is out of range: an IPv4 prefix is /0 to /{ADDRESS_BITS}")
    elif isinstance(cidr_or_prefix, (str, Cidr)):
        block = _as_cidr(cidr_or_prefix)
        prefix, what = block.prefix, str(block)
    else:
        raise TypeError(
            f"usable_addresses() takes a Cidr, CIDR text or a prefix length, not {type(cidr_or_prefix).__name__}"
        )
    _check_subnet_size(prefix, what)
    return (1 << (ADDRESS_BITS - prefix)) - RESERVED_ADDRESSES_PER_SUBNET


def reserved_addresses(cidr: Cidr | str) -> list[tuple[str, str]]:
    """The 5 addresses AWS reserves in a subnet, with what each is for.

    >>> reserved_addresses("10.0.0.0/24")[1]
    ('10.0.0.1', 'VPC router')
    """
    block = _as_cidr(cidr)
    _check_subnet_size(block.prefix, str(block))
    table = data.fact("network", "reserved_address_purposes")
    return [
        (format_address(block.network + offset if offset >= 0 else block.broadcast + 1 + offset), purpose)
        for offset, purpose in table["rows"]
    ]


def split(cidr: Cidr | str, prefixes: Iterable[int]) -> list[Cidr]:
    """Allocate blocks of the given prefix lengths inside ``cidr``, in the given order.

    Each block starts at the first address after the previous block that is
    aligned to the block's own size, so a small block followed by a large one
    leaves an alignment gap (see :func:`gaps`).

    >>> [str(c) for c in split("10.0.0.0/22", [24, 23])]
    ['10.0.0.0/24', '10.0.2.0/23']

    Raises:
        CidrError: a prefix is larger than ``cidr`` itself or over /32, or the
            blocks do not fit (the message names the first that does not).
    """
    parent = _as_cidr(cidr)
    if isinstance(prefixes, (int, str)):
        raise TypeError(f"split() takes a list of prefix lengths, not one value: write [{prefixes}]")
    blocks: list[Cidr] = []
    cursor = parent.network
    for index, prefix in enumerate(prefixes):
        if not is_int(prefix):
            raise TypeError(f"prefix lengths must be int, not {type(prefix).__name__} ({reprlib.repr(prefix)})")
        prefix = int(prefix)
        if not parent.prefix <= prefix <= ADDRESS_BITS:
            raise CidrError(
                f"block {index} (/{prefix}) cannot go inside {parent}: its prefix must be "
                f"between /{parent.prefix} and /{ADDRESS_BITS}"
            )
        size = 1 << (ADDRESS_BITS - prefix)
        start = -(-cursor // size) * size  # round up to the block's own alignment
        if start + size - 1 > parent.broadcast:
            used = sum(b.num_addresses for b in blocks)
            raise CidrError(
                f"block {index} (/{prefix}, {size:,} addresses) does not fit in {parent}: "
                f"{used:,} of its {parent.num_addresses:,} addresses are already allocated"
            )
        blocks.append(Cidr(start, prefix))
        cursor = start + size
    return blocks


def gaps(cidr: Cidr | str, blocks: Iterable[Cidr | str]) -> list[Cidr]:
    """The fewest aligned blocks that cover what ``blocks`` leave free in ``cidr``.

    >>> [str(c) for c in gaps("10.0.0.0/22", split("10.0.0.0/22", [24, 23]))]
    ['10.0.1.0/24']

    Raises:
        CidrError: a block lies outside ``cidr``.
    """
    parent = _as_cidr(cidr)
    used = sorted(_as_cidr(b) for b in _as_list(blocks, "gaps()"))
    for block in used:
        if not parent.contains(block):
            raise CidrError(f"{block} is not inside {parent} ({parent.first_address} to {parent.last_address})")
    free, cursor = [], parent.network
    for block in used:
        free += _aligned_blocks(cursor, block.network)
        cursor = max(cursor, block.broadcast + 1)
    return free + _aligned_blocks(cursor, parent.broadcast + 1)


def _aligned_blocks(start: int, end: int) -> list[Cidr]:
    """The fewest CIDR blocks that exactly cover the addresses ``start`` to ``end - 1``."""
    blocks = []
    while start < end:
        size = start & -start if start else 1 << ADDRESS_BITS  # the largest alignment at start
        while start + size > end:
            size >>= 1
        blocks.append(Cidr(start, ADDRESS_BITS + 1 - size.bit_length()))
        start += size
    return blocks


def parse_many(cidrs: Iterable[Cidr | str]):
    """Parse many blocks at once into numpy arrays ``(networks, prefixes)``.

    Texts are joined into one byte buffer and parsed with whole-array
    arithmetic: every non-digit byte ends a field, and a field's value is
    built from the (at most three) digits before it. Anything that does not
    look exactly like ``a.b.c.d/n`` sends the whole batch through
    :meth:`Cidr.parse`, one block at a time, so an error names the block,
    its index and the rule it breaks.

    >>> networks, prefixes = parse_many(["10.0.0.0/16", "192.168.1.0/24"])
    >>> networks.tolist(), prefixes.tolist()
    ([167772160, 3232235776], [16, 24])

    Returns:
        tuple[numpy.ndarray, numpy.ndarray]: ``int64`` first addresses and ``int64`` prefixes.
    """
    import numpy as np

    items = _as_list(cidrs, "parse_many()")
    if items and all(isinstance(c, Cidr) for c in items):
        return (
            np.fromiter((c.network for c in items), np.int64, len(items)),
            np.fromiter((c.prefix for c in items), np.int64, len(items)),
        )
    try:
        joined = "\n".join(items)  # only works when every item is text
    except TypeError:
        joined = None
    parsed = None if joined is None else _parse_joined(np, joined, len(items))
    if parsed is not None:
        return parsed
    networks = np.empty(len(items), np.int64)
    prefixes = np.empty(len(items), np.int64)
    for index, item in enumerate(items):
        if not isinstance(item, (str, Cidr)):
            raise TypeError(f"block {index}: expected a Cidr or CIDR text, not {type(item).__name__}")
        try:
            block = Cidr.parse(item)
        except CidrError as exc:
            raise CidrError(f"block {index}: {exc}") from None
        networks[index], prefixes[index] = block.network, block.prefix
    return networks, prefixes


# The separators of one record "a.b.c.d/n" as the joined buffer holds it.
_SEPARATORS = (ord("."), ord("."), ord("."), ord("/"), ord("\n"))
_FIELD_DIGITS = (3, 3, 3, 3, 2)  # at most 255 per octet, 32 for the prefix


def _parse_joined(np, joined: str, count: int):
    """The fast path of :func:`parse_many`; ``None`` when any text is not plain ``a.b.c.d/n``."""
    if count == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    try:
        buffer = np.frombuffer((joined + "\n").encode("ascii"), np.uint8)
    except UnicodeEncodeError:
        return None
    digits = buffer - np.uint8(ord("0"))  # non-digits wrap around to values above 9
    ends = np.flatnonzero(digits > 9)  # one position per field end
    if ends.size != 5 * count or not np.array_equal(
        buffer[ends].reshape(count, 5), np.broadcast_to(_SEPARATORS, (count, 5))
    ):
        return None
    starts = np.empty_like(ends)
    starts[0], starts[1:] = 0, ends[:-1] + 1
    lengths = (ends - starts).reshape(count, 5)
    # A field has its last digit at ends - 1; shorter fields ignore the digits before.
    # (Negative indexes only occur where the field is too short for them to count.)
    values = digits[ends - 1].astype(np.int64).reshape(count, 5)
    values += 10 * (lengths >= 2) * digits[ends - 2].reshape(count, 5)
    values += 100 * (lengths >= 3) * digits[ends - 3].astype(np.int64).reshape(count, 5)
    leading_zero = (lengths > 1) & (digits[starts].reshape(count, 5) == 0)
    if ((lengths < 1) | (lengths > _FIELD_DIGITS) | leading_zero).any():
        return None
    if (values[:, :4] > 255).any() or (values[:, 4] > ADDRESS_BITS).any():
        return None
    networks = (values[:, 0] << 24) | (values[:, 1] << 16) | (values[:, 2] << 8) | values[:, 3]
    prefixes = values[:, 4]
    if (networks & ((np.int64(1) << (ADDRESS_BITS - prefixes)) - 1)).any():
        return None
    return networks, prefixes


def find_overlaps(cidrs: Iterable[Cidr | str]) -> list[tuple[int, int]]:
    """Every pair of indexes ``(i, j)``, ``i < j``, whose blocks overlap, sorted.

    CIDR blocks overlap only by nesting, so after sorting by first address a
    later block ``j`` overlaps block ``i`` exactly when it starts before
    ``i`` ends. A binary search per block counts those, and the
    pairs are generated with array arithmetic, with no loop over pairs.

    >>> find_overlaps(["10.0.0.0/16", "10.1.0.0/16", "10.0.128.0/17"])
    [(0, 2)]
    """
    import numpy as np

    networks, prefixes = parse_many(_as_list(cidrs, "find_overlaps()"))
    if networks.size < 2:
        return []
    ends = networks + (np.int64(1) << (ADDRESS_BITS - prefixes)) - 1
    # After sorting by first address, a block overlaps exactly the later blocks that start
    # before it ends (ties in the first address overlap whichever way they are ordered).
    order = np.argsort(networks)
    sorted_starts = networks[order]
    last = np.searchsorted(sorted_starts, ends[order], side="right")  # one past the last nested block
    counts = last - np.arange(order.size) - 1
    total = int(counts.sum())
    if total == 0:
        return []
    if total > _MAX_OVERLAP_PAIRS:
        raise CidrError(
            f"find_overlaps(): {order.size:,} blocks give {total:,} overlapping pairs; this library "
            f"lists at most {_MAX_OVERLAP_PAIRS:,} (deduplicate the blocks or check fewer at once)"
        )
    outer = np.repeat(np.arange(order.size), counts)
    # Each pair's rank among its outer block's pairs: 0, 1, 2, ...
    rank = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    i, j = order[outer], order[outer + 1 + rank]
    low, high = np.minimum(i, j), np.maximum(i, j)
    sequence = np.argsort(low * networks.size + high)
    return list(zip(low[sequence].tolist(), high[sequence].tolist()))


def _family(block: Cidr) -> str:
    """The range a block lies in, as the AWS association table names them."""
    ranges = [row[0] for row in data.fact("network", "secondary_cidr_restrictions")["rows"]]
    return next((name for name in ranges if name != "public" and Cidr.parse(name).contains(block)), "public")


def validate_vpc_cidr(cidr: Cidr | str) -> Cidr:
    """Check a VPC's primary block: /16 to /28, and not the link-local range.

    Returns:
        Cidr: the parsed block.

    Raises:
        CidrError: the rule it breaks.
    """
    block = _as_cidr(cidr)
    largest, smallest = VPC_PREFIX_RANGE
    if block.prefix < largest:
        raise CidrError(
            f"{block} is larger than /{largest}, the largest VPC block AWS allows "
            f"({1 << (ADDRESS_BITS - largest):,} addresses)"
        )
    if block.prefix > smallest:
        raise CidrError(
            f"{block} is smaller than /{smallest}, the smallest VPC block AWS allows "
            f"({1 << (ADDRESS_BITS - smallest):,} addresses)"
        )
    link_local = Cidr.parse(data.value("network", "link_local_range"))
    if link_local.overlaps(block):
        raise CidrError(
            f"{block} overlaps {link_local}, the link-local range AWS uses for instance metadata "
            "and the Amazon DNS and time services; a VPC cannot use it"
        )
    return block


def validate_secondary_cidr(primary: Cidr | str, new: Cidr | str, *, existing: Iterable[Cidr | str] = ()) -> Cidr:
    """Check a secondary block against the VPC's primary block and its other blocks.

    The rules: the same size range as a primary block, no overlap with any
    block of the VPC, and AWS's "IPv4 CIDR block association restrictions"
    table: the ranges a secondary block may not come from depend on the range
    the primary block lies in (a 10.0.0.0/8 VPC cannot add 192.168.0.0/16, any
    VPC can add from 100.64.0.0/10, ...), and once any block associated with
    the VPC (primary or ``existing``) is from 10.0.0.0/15, no block from
    10.0.0.0/16 may be added.

    >>> str(validate_secondary_cidr("10.0.0.0/16", "100.64.0.0/16"))
    '100.64.0.0/16'

    Raises:
        CidrError: the rule it breaks, naming the restricted range.
    """
    first = validate_vpc_cidr(primary)
    block = validate_vpc_cidr(new)
    associated = [first, *(_as_cidr(c) for c in _as_list(existing, "existing="))]
    for other in associated:
        if other.overlaps(block):
            raise CidrError(f"{block} overlaps {other}, which the VPC already has; blocks of one VPC cannot overlap")
    table = data.fact("network", "secondary_cidr_restrictions")
    family = _family(first)
    restricted = next(r[1] for r in table["rows"] if r[0] == family)
    for name in restricted:
        if Cidr.parse(name).overlaps(block):
            where = f"in {family}" if family != "public" else "in a publicly routable range"
            raise CidrError(
                f"{block} cannot be added to a VPC whose primary block {first} lies {where}: "
                f"AWS restricts secondary blocks from {name} for such VPCs"
            )
    # The 10.0.0.0/15 sentence of the table looks at every associated block, not only the primary.
    subrange = data.value("network", "secondary_cidr_subrange_restriction")
    within, banned = Cidr.parse(subrange["any_associated_block_within"]), Cidr.parse(subrange["restricted"])
    holder = next((other for other in associated if within.contains(other)), None)
    if holder is not None and banned.overlaps(block):
        raise CidrError(
            f"{block} cannot be added: the VPC's block {holder} is from the {within} range "
            f"({within.first_address} to {within.last_address}), and if any of the CIDR blocks associated with the VPC "
            f"are from that range, AWS does not let you add a CIDR block from the {banned} range "
            f"({banned.first_address} to {banned.last_address})"
        )
    return block
