"""S3 names: bucket naming rules, object keys, object URLs, and listing keys by prefix and delimiter.

A bucket name is unique across AWS, so it follows strict rules; an object is
found by its bucket and its key, and keys are flat strings whose "folders" are
only shared prefixes::

    >>> validate_bucket_name("seoul-logs-2026")
    'seoul-logs-2026'
    >>> object_url("examples", "userimg/2020-07-28/test.png", region="ap-northeast-2")
    'https://examples.s3.ap-northeast-2.amazonaws.com/userimg/2020-07-28/test.png'

Rules and limits come from ``awsbasics/data/s3.json`` with their sources and as-of dates.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from awsbasics import data
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import BucketNameError, S3ObjectError

__all__ = [
    "validate_bucket_name",
    "bucket_names_frame",
    "validate_key",
    "object_url",
    "ListResult",
    "list_objects",
    "BUCKET_NAME_RULES",
    "MAX_KEY_LENGTH_BYTES",
]

BUCKET_NAME_RULES: dict = data.value("s3", "bucket_name_rules")
MAX_KEY_LENGTH_BYTES: int = data.value("s3", "max_key_length_bytes")
_URL_TEMPLATES: dict[str, str] = data.value("s3", "object_url")

_ALLOWED_CHARACTER = re.compile(r"[a-z0-9.-]")
_IP_ADDRESS = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}", re.ASCII)


def _name_problem(name: str) -> tuple[str, str] | None:
    """The first naming rule ``name`` breaks, as (rule, what is wrong and the fix), or None."""
    low, high = BUCKET_NAME_RULES["min_length"], BUCKET_NAME_RULES["max_length"]
    if not low <= len(name) <= high:
        return (
            f"bucket names are {low} to {high} characters long",
            f"it has {len(name)}",
        )
    wrong = sorted({ch for ch in name if not _ALLOWED_CHARACTER.fullmatch(ch)})
    if wrong:
        fixes = []
        if any(ch.isupper() for ch in wrong):
            fixes.append("lowercase letters")
        if "_" in wrong or " " in wrong:
            fixes.append("hyphens")
        fix = f"; use {' and '.join(fixes)} instead" if fixes else ""
        return (
            f"bucket names use only {BUCKET_NAME_RULES['characters']}",
            "it contains " + ", ".join(repr(ch) for ch in wrong) + fix,
        )
    if not (name[0].isalnum() and name[-1].isalnum()):
        return ("bucket names begin and end with a letter or number", f"it begins {name[0]!r} and ends {name[-1]!r}")
    if ".." in name:
        return ("bucket names have no two adjacent dots", "replace '..' with '.' or '-'")
    if _IP_ADDRESS.fullmatch(name):
        return ("bucket names are not formatted as an IP address", "add letters, e.g. a project name")
    for prefix in BUCKET_NAME_RULES["reserved_prefixes"]:
        if name.startswith(prefix):
            return (f"bucket names do not start with the reserved prefix {prefix!r}", "choose another beginning")
    for suffix, purpose in BUCKET_NAME_RULES["reserved_suffixes"].items():
        if name.endswith(suffix):
            return (
                f"bucket names do not end with the reserved suffix {suffix!r}",
                f"AWS keeps it for {purpose}; choose another ending",
            )
    return None


def validate_bucket_name(name: str) -> str:
    """Check a general purpose bucket name against every S3 naming rule; return it unchanged.

    Checks the shared global namespace's rules: 3-63 characters; lowercase
    letters, numbers, dots and hyphens; a letter or number at both ends; no
    ``..``; not an IP address; none of AWS's reserved prefixes and suffixes.
    Whether another account already owns the name can only be learned by
    trying to create it.

    Raises:
        BucketNameError: the message names the rule broken and the fix.
        TypeError: ``name`` is not a str.

    Example:
        >>> validate_bucket_name("192.168.5.4")
        Traceback (most recent call last):
        ...
        awsbasics.errors.BucketNameError: '192.168.5.4' breaks the bucket naming rule 'bucket names are not formatted as an IP address': add letters, e.g. a project name
    """
    if not isinstance(name, str):
        raise TypeError(f"a bucket name must be str, not {type(name).__name__}")
    problem = _name_problem(name)
    if problem:
        rule, detail = problem
        raise BucketNameError(f"{reprlib.repr(name)} breaks the bucket naming rule '{rule}': {detail}")
    return name


def bucket_names_frame(names):
    """Check several bucket names: a DataFrame with ``name``, ``valid`` and the ``rule_broken``.

    >>> bucket_names_frame(["logs-2026", "logs..2026"])["valid"].tolist()
    [True, False]
    """
    import pandas as pd

    if isinstance(names, str):
        raise TypeError("names must be a list of bucket names, not a single str")
    if isinstance(names, Mapping) or not isinstance(names, Iterable):
        raise TypeError(f"names must be a list of bucket names, not {type(names).__name__}")
    rows = []
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"a bucket name must be str, not {type(name).__name__}")
        problem = _name_problem(name)
        rows.append((name, problem is None, problem[0] if problem else ""))
    return pd.DataFrame(rows, columns=["name", "valid", "rule_broken"])


def validate_key(key: str) -> str:
    """Check an object key: any Unicode text of 1 to 1,024 bytes in UTF-8; return it unchanged.

    >>> validate_key("사진/2026/서울.png")
    '사진/2026/서울.png'
    """
    if not isinstance(key, str):
        raise TypeError(f"an object key must be str, not {type(key).__name__}")
    shown = f"{key[:40]!r}{'...' if len(key) > 40 else ''}"
    if len(key) > 4 * MAX_KEY_LENGTH_BYTES:  # every character is 1 to 4 bytes: no need to encode a huge text
        raise S3ObjectError(
            f"key {shown} has {len(key):,} characters, more than {MAX_KEY_LENGTH_BYTES:,} bytes in UTF-8; an object "
            f"key is 1 to {MAX_KEY_LENGTH_BYTES:,} bytes"
        )
    try:
        size = len(key.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise S3ObjectError(
            f"key {shown} holds {key[exc.start]!r} at position {exc.start}, a lone surrogate with no UTF-8 form; "
            "an object key is Unicode text that UTF-8 can encode"
        ) from None
    if not 1 <= size <= MAX_KEY_LENGTH_BYTES:
        raise S3ObjectError(
            f"key {shown} is {size:,} bytes in UTF-8; an object key is 1 to {MAX_KEY_LENGTH_BYTES:,} bytes"
        )
    return key


def object_url(bucket: str, key: str, *, region: str, style: str = "virtual") -> str:
    """The HTTPS URL of an object: virtual-hosted style (the default) or path style.

    The key is percent-encoded except for ``/``. Path-style URLs still work but
    AWS says they will be discontinued; a bucket name with dots breaks HTTPS
    on virtual-hosted URLs (the wildcard certificate does not match it).

    Raises:
        BucketNameError: the bucket name breaks a naming rule.
        S3ObjectError: the key is empty or longer than 1,024 bytes.
        RegionError: ``region`` is not a Region code.
        ValueError: ``style`` is neither ``"virtual"`` nor ``"path"``.

    Example:
        >>> object_url("examples", "사진/a b.png", region="us-east-1", style="path")
        'https://s3.us-east-1.amazonaws.com/examples/%EC%82%AC%EC%A7%84/a%20b.png'
    """
    from awsbasics.infra import Region

    validate_bucket_name(bucket)
    validate_key(key)
    if not isinstance(region, str):
        raise TypeError(f"region must be a Region code (str), not {type(region).__name__}")
    Region.get(region)
    if not isinstance(style, str):
        raise TypeError(f"style must be str, not {type(style).__name__}")
    if style not in _URL_TEMPLATES:
        raise S3ObjectError(f"style={reprlib.repr(style)}: use {' or '.join(repr(s) for s in _URL_TEMPLATES)}")
    return _URL_TEMPLATES[style].format(bucket=bucket, region=region, key=quote(key, safe="/"))


@dataclass(frozen=True, slots=True)
class ListResult(Rendered):
    """What a ListObjectsV2 request returns: ``keys`` and the ``common_prefixes`` S3 shows as folders."""

    prefix: str
    delimiter: str | None
    keys: tuple[str, ...]
    common_prefixes: tuple[str, ...]

    _view_ = "s3.listing_view"

    @property
    def rows(self) -> list[tuple[str, str]]:
        """(name, kind) per entry: the common prefixes (folders) first, then the objects."""
        return [(p, "common prefix (folder)") for p in self.common_prefixes] + [(k, "object") for k in self.keys]

    def text(self) -> str:
        """One line on what was asked and found, then the entries."""
        asked = f"prefix {self.prefix!r}" + (f", delimiter {self.delimiter!r}" if self.delimiter else "")
        line = f"List with {asked}: {len(self.keys)} object(s), {len(self.common_prefixes)} common prefix(es)"
        return line + "\n" + text_table(["name", "kind"], self.rows)


def list_objects(keys, *, prefix: str = "", delimiter: str | None = None) -> ListResult:
    """List keys the way S3's ListObjectsV2 does: by prefix, rolling keys up at a delimiter.

    S3 has no folders. A key such as ``photos/2026/a.png`` is one flat name;
    listing with ``delimiter="/"`` rolls every key that continues past the
    next ``/`` into a common prefix, which consoles draw as a folder.

    >>> result = list_objects(["a.txt", "photos/2026/x.png", "photos/y.png"], delimiter="/")
    >>> result.keys, result.common_prefixes
    (('a.txt',), ('photos/',))
    >>> list_objects(["a.txt", "photos/2026/x.png", "photos/y.png"], prefix="photos/", delimiter="/").keys
    ('photos/y.png',)
    """
    if isinstance(keys, str):
        raise TypeError("keys must be a collection of keys, not a single str")
    if not isinstance(prefix, str) or not (delimiter is None or isinstance(delimiter, str)):
        raise TypeError("prefix and delimiter must be str (delimiter may be None)")
    if delimiter == "":
        raise S3ObjectError("delimiter='' rolls nothing up; use None for a flat listing or '/' for folders")
    for what, text in (("prefix", prefix), ("delimiter", delimiter or "")):
        if len(text) > MAX_KEY_LENGTH_BYTES:
            raise S3ObjectError(
                f"{what} of {len(text):,} characters is longer than any key ({MAX_KEY_LENGTH_BYTES:,} bytes at most)"
            )
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise S3ObjectError(
                f"{what} {text[:40]!r} holds a lone surrogate at position {exc.start}; it has no "
                "UTF-8 form, so no key can match it"
            ) from None
    if isinstance(keys, Mapping) or not isinstance(keys, Iterable):
        raise TypeError(f"keys must be a collection of keys, not {type(keys).__name__}")
    found, prefixes = [], set()
    # S3 lists keys in UTF-8 binary order.
    for key in sorted({validate_key(k) for k in keys}, key=lambda k: k.encode("utf-8")):
        if not key.startswith(prefix):
            continue
        rest = key[len(prefix) :]
        if delimiter and delimiter in rest:
            prefixes.add(prefix + rest[: rest.index(delimiter) + len(delimiter)])
        else:
            found.append(key)
    ordered = tuple(sorted(prefixes, key=lambda p: p.encode("utf-8")))
    return ListResult(prefix, delimiter, tuple(found), ordered)
