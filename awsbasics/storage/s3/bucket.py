"""The S3 bucket model: objects and their versions, Block Public Access, the bucket policy and its lifecycle rule.

:class:`Bucket` simulates puts, overwrites, delete markers and restores, and
shows that every version is billed.

Rules and limits come from ``awsbasics/data/s3.json`` with their sources and as-of dates.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
"""

from __future__ import annotations

import builtins
import reprlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics._checks import require_int
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import BucketConfigError, S3ObjectError
from awsbasics.storage.lifecycle import STORAGE_CLASSES, Lifecycle
from awsbasics.storage.s3.names import ListResult, list_objects, object_url, validate_bucket_name, validate_key

if TYPE_CHECKING:
    from awsbasics.iam import Policy

__all__ = ["ObjectVersion", "PublicAccessBlock", "Bucket", "MAX_OBJECT_SIZE_TB"]

MAX_OBJECT_SIZE_TB: int = data.value("s3", "max_object_size_tb")
_MAX_OBJECT_BYTES = MAX_OBJECT_SIZE_TB * 1000**4

_VERSION_COLUMNS = ["key", "version_id", "latest", "delete_marker", "size_bytes"]


@dataclass(frozen=True, slots=True)
class ObjectVersion:
    """One version of an object, or a delete marker (a version with no data)."""

    key: str
    version_id: str
    size_bytes: int
    is_delete_marker: bool = False


def _count(value: int) -> str:
    """An int with thousands separators, shortened when it is too long to read."""
    return f"{value:,}" if abs(value) < 10**18 else reprlib.repr(value)


def _size(size_bytes: object) -> int:
    size_bytes = require_int(size_bytes, "size_bytes")
    if not 0 <= size_bytes <= _MAX_OBJECT_BYTES:
        raise S3ObjectError(f"size_bytes={_count(size_bytes)}: an S3 object holds 0 bytes to {MAX_OBJECT_SIZE_TB} TB")
    return int(size_bytes)


def _check_version_id(version_id: object) -> None:
    if version_id is not None and not isinstance(version_id, str):
        raise TypeError(f"version_id must be str or None, not {type(version_id).__name__}")


_PUBLIC_ACCESS_FIELDS = ("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets")


@dataclass(frozen=True, slots=True)
class PublicAccessBlock:
    """A bucket's four S3 Block Public Access settings; a new bucket has all four on.

    The default (all on) is the fact ``access_defaults`` in ``awsbasics/data/s3.json``.
    ``block_public_policy`` makes S3 refuse a new bucket policy that grants public access.

        >>> PublicAccessBlock().to_aws()["BlockPublicPolicy"]
        True
        >>> PublicAccessBlock(block_public_policy=False).all_on
        False

    Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
    """

    block_public_acls: bool = True
    ignore_public_acls: bool = True
    block_public_policy: bool = True
    restrict_public_buckets: bool = True

    def __post_init__(self):
        for name in _PUBLIC_ACCESS_FIELDS:
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be True or False, not {type(getattr(self, name)).__name__}")

    @property
    def all_on(self) -> bool:
        return all(getattr(self, name) for name in _PUBLIC_ACCESS_FIELDS)

    def to_aws(self) -> dict:
        """The settings as S3's PublicAccessBlockConfiguration (the same keys CloudFormation uses)."""
        return {
            "".join(part.title() for part in name.split("_")): getattr(self, name) for name in _PUBLIC_ACCESS_FIELDS
        }


def _statements(document: dict) -> list[dict]:
    found = document.get("Statement", [])
    return [found] if isinstance(found, dict) else list(found)


def _as_list(value) -> list:
    return [value] if isinstance(value, (str, dict)) else list(value or [])


def _grants_public(statement: dict) -> bool:
    """An Allow statement to every principal (``"*"``) with no condition: public, as S3 judges it (simplified)."""
    if statement.get("Effect") != "Allow" or statement.get("Condition"):
        return False
    principal = statement.get("Principal")
    if principal == "*":
        return True
    if isinstance(principal, dict):
        return "*" in _as_list(principal.get("AWS", []))
    return False


class Bucket(Rendered):
    """A simulated S3 bucket: objects by key, with or without versioning.

    Without versioning a PUT replaces the object and a DELETE removes it. With
    versioning every PUT adds a version, a DELETE adds a delete marker and
    keeps the data, and an old version can be restored. Every stored version
    is billed, so ``stored_bytes`` grows with each overwrite. Version IDs here
    are ``v1``, ``v2``, ... (AWS's are opaque strings); objects stored before
    versioning was enabled keep the version ID ``null``.

    Example:
        >>> b = Bucket("seoul-photos-2026", region="ap-northeast-2", versioning=True)
        >>> b.put("cat.png", 1_000_000).version_id
        'v1'
        >>> _ = b.put("cat.png", 2_000_000)       # overwrite: both versions are kept
        >>> b.delete("cat.png").is_delete_marker  # delete: a marker hides the object
        True
        >>> b.keys(), b.stored_bytes
        ((), 3000000)
        >>> b.restore("cat.png", "v1").size_bytes  # copy v1 back as the newest version
        1000000
        >>> b.stored_bytes
        4000000
    """

    def __init__(self, name: str, *, region: str = "us-east-1", versioning: bool = False):
        from awsbasics.infra import Region

        if not isinstance(versioning, bool):
            raise TypeError(f"versioning must be True or False, not {type(versioning).__name__}")
        self.name = validate_bucket_name(name)
        if not isinstance(region, str):
            raise TypeError(f"region must be a Region code (str), not {type(region).__name__}")
        self.region = Region.get(region).code
        self._versioned = versioning
        self._versions: dict[str, list[ObjectVersion]] = {}  # oldest first
        self._next_id = 1
        self._lifecycle: Lifecycle | None = None
        self._public_access = PublicAccessBlock()  # on for every new bucket (s3.json access_defaults)
        self._policy: Policy | None = None

    # ----- configuration: lifecycle rule, Block Public Access, bucket policy -----------------

    @property
    def arn(self) -> str:
        """``arn:aws:s3:::<name>`` (bucket ARNs carry no Region or account)."""
        return f"arn:aws:s3:::{self.name}"

    @property
    def lifecycle(self) -> Lifecycle | None:
        """The bucket's lifecycle rule, or None."""
        return self._lifecycle

    def set_lifecycle(self, lifecycle: Lifecycle | None) -> None:
        """Attach a :class:`Lifecycle` rule (or remove it with ``None``).

        >>> b = Bucket("seoul-logs-2026")
        >>> b.set_lifecycle(Lifecycle(transitions=(("GLACIER", 90),), expiration_days=365))
        >>> b.lifecycle.timeline
        'STANDARD (day 0) -> GLACIER (day 90) -> expire (day 365)'
        """
        if lifecycle is not None and not isinstance(lifecycle, Lifecycle):
            raise TypeError(f"lifecycle must be a Lifecycle or None, not {type(lifecycle).__name__}")
        self._lifecycle = lifecycle

    @property
    def public_access_block(self) -> PublicAccessBlock:
        """The four Block Public Access settings (all on for a new bucket)."""
        return self._public_access

    def set_public_access_block(self, settings: PublicAccessBlock) -> None:
        """Replace the Block Public Access settings; a policy already attached stays (S3 does not remove it)."""
        if not isinstance(settings, PublicAccessBlock):
            raise TypeError(f"settings must be a PublicAccessBlock, not {type(settings).__name__}")
        self._public_access = settings

    @property
    def policy(self) -> Policy | None:
        """The bucket policy (an :class:`awsbasics.iam.Policy` of kind ``resource``), or None."""
        return self._policy

    def set_policy(self, document) -> None:
        """Attach a bucket policy (JSON text or a dict), or remove it with ``None``.

        S3 accepts only statements about this bucket and its objects, and with
        ``block_public_policy`` on it refuses a policy that grants public access
        (here: an Allow to ``"*"`` with no condition).

        >>> b = Bucket("seoul-site")
        >>> b.set_policy({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        ...     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::seoul-site/*"}]})
        Traceback (most recent call last):
        ...
        awsbasics.errors.BucketConfigError: bucket seoul-site: statement 0 grants public access (Principal '*' with no condition) and Block Public Access setting BlockPublicPolicy is on, so S3 refuses the policy; turn that setting off first or name the principals

        Raises:
            BucketConfigError: a statement about another bucket, or a public policy under BlockPublicPolicy.
            PolicyError: a document that is not a valid resource-based policy.

        Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
        """
        if document is None:
            self._policy = None
            return
        from awsbasics.iam import Policy

        policy = Policy.from_json(document, kind="resource", name=f"{self.name} bucket policy")
        for index, statement in enumerate(_statements(policy.document)):
            for resource in _as_list(statement.get("Resource", statement.get("NotResource", []))):
                if not isinstance(resource, str) or not (resource == self.arn or resource.startswith(self.arn + "/")):
                    raise BucketConfigError(
                        f"bucket {self.name}: statement {index} names resource {reprlib.repr(resource)}; a bucket "
                        f"policy covers only {self.arn} and {self.arn}/... (S3 answers MalformedPolicy: "
                        "'Policy has invalid resource')"
                    )
            if self._public_access.block_public_policy and _grants_public(statement):
                raise BucketConfigError(
                    f"bucket {self.name}: statement {index} grants public access (Principal '*' with no condition) "
                    "and Block Public Access setting BlockPublicPolicy is on, so S3 refuses the policy; turn that "
                    "setting off first or name the principals"
                )
        self._policy = policy

    @property
    def versioning(self) -> str:
        """``"Enabled"`` or ``"Unversioned"`` (a bucket's state before versioning is ever enabled)."""
        return "Enabled" if self._versioned else "Unversioned"

    def enable_versioning(self) -> None:
        """Turn versioning on. AWS can later suspend it, never turn it off; this model has no suspend."""
        self._versioned = True

    def _new_version(self, key: str, size_bytes: int, *, marker: bool = False) -> ObjectVersion:
        if self._versioned:
            version_id, self._next_id = f"v{self._next_id}", self._next_id + 1
        else:
            version_id = "null"
        version = ObjectVersion(key, version_id, size_bytes, marker)
        history = self._versions.setdefault(key, [])
        if version_id == "null":
            # Without versioning (and for the 'null' version) a write replaces the null version.
            history[:] = [v for v in history if v.version_id != "null"]
        history.append(version)
        return version

    def put(self, key: str, size_bytes: int) -> ObjectVersion:
        """Upload an object (an overwrite if the key exists). Returns the new version."""
        return self._new_version(validate_key(key), _size(size_bytes))

    def delete(self, key: str, *, version_id: str | None = None) -> ObjectVersion | None:
        """Delete an object.

        Without ``version_id``: on a versioned bucket, add a delete marker and
        return it (the data stays); otherwise remove the object and return None.
        With ``version_id``: remove that version (or delete marker) for good.

        Raises:
            S3ObjectError: ``version_id`` names no version of ``key`` (NoSuchVersion).
        """
        validate_key(key)
        _check_version_id(version_id)
        if version_id is None:
            if self._versioned:
                return self._new_version(key, 0, marker=True)
            self._versions.pop(key, None)
            return None
        history = self._versions.get(key, [])
        for version in history:
            if version.version_id == version_id:
                history.remove(version)
                if not history:
                    del self._versions[key]
                return None
        raise S3ObjectError(f"NoSuchVersion: {key!r} has no version {reprlib.repr(version_id)}")

    def get(self, key: str, *, version_id: str | None = None) -> ObjectVersion:
        """The current version of ``key`` (or a given version).

        Raises:
            S3ObjectError: no such key, or its newest version is a delete marker (NoSuchKey);
                no such version (NoSuchVersion); or ``version_id`` names a delete marker, which has no data.
        """
        validate_key(key)
        _check_version_id(version_id)
        history = self._versions.get(key, [])
        if version_id is None:
            if not history or history[-1].is_delete_marker:
                raise S3ObjectError(
                    f"NoSuchKey: {key!r} is not in bucket {self.name!r}"
                    + (" (its newest version is a delete marker)" if history else "")
                )
            return history[-1]
        for version in history:
            if version.version_id == version_id:
                if version.is_delete_marker:
                    raise S3ObjectError(f"{key!r} version {version_id!r} is a delete marker; it holds no data to read")
                return version
        raise S3ObjectError(f"NoSuchVersion: {key!r} has no version {reprlib.repr(version_id)}")

    def restore(self, key: str, version_id: str) -> ObjectVersion:
        """Make an old version current again by copying it onto the key (a new version).

        Raises:
            S3ObjectError: the bucket is not versioned (an overwritten object is
                gone), the version is a delete marker, or there is no such version.
        """
        validate_key(key)
        if not isinstance(version_id, str):
            raise TypeError(f"version_id must be str, not {type(version_id).__name__}")
        if not self._versioned:
            raise S3ObjectError(
                f"bucket {self.name!r} is not versioned: an overwritten or deleted object cannot be restored; "
                "enable versioning before the mistake, not after"
            )
        return self.put(key, self.get(key, version_id=version_id).size_bytes)

    def versions(self, key: str | None = None) -> tuple[ObjectVersion, ...]:
        """Every version and delete marker (of one key, or all), newest first per key, keys in order."""
        keys = [validate_key(key)] if key is not None else sorted(self._versions, key=lambda k: k.encode("utf-8"))
        return tuple(v for k in keys for v in reversed(self._versions.get(k, [])))

    def keys(self) -> tuple[str, ...]:
        """The keys a plain listing shows: those whose newest version is not a delete marker."""
        return tuple(
            k
            for k in sorted(self._versions, key=lambda k: k.encode("utf-8"))
            if not self._versions[k][-1].is_delete_marker
        )

    def list(self, *, prefix: str = "", delimiter: str | None = None) -> ListResult:
        """List the current keys like ListObjectsV2 (see :func:`list_objects`)."""
        return list_objects(self.keys(), prefix=prefix, delimiter=delimiter)

    @property
    def stored_bytes(self) -> int:
        """Bytes billed: every version of every object (delete markers count 0 here)."""
        return sum(v.size_bytes for history in self._versions.values() for v in history)

    @property
    def current_bytes(self) -> int:
        """Bytes a plain listing shows: the current versions only."""
        return sum(self._versions[k][-1].size_bytes for k in self.keys())

    def storage_usd_per_month(self) -> float:
        """What the stored bytes cost per month in S3 Standard in the bucket's Region.

        Raises:
            RegionError: the bucket's Region has no stored S3 prices.
        """
        return self.stored_bytes / 1024**3 * STORAGE_CLASSES["STANDARD"].price_usd_per_gb_month(self.region)

    def url(self, key: str, *, style: str = "virtual") -> str:
        """The object's URL (see :func:`object_url`)."""
        return object_url(self.name, key, region=self.region, style=style)

    _view_ = "s3.bucket_view"

    def versions_frame(self):
        """Every version as a DataFrame: ``key, version_id, latest, delete_marker, size_bytes``."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=_VERSION_COLUMNS)

    @property
    def rows(self) -> builtins.list[tuple]:
        """(key, version_id, latest, delete_marker, size_bytes) per version, as :meth:`versions` orders them."""
        return [
            (v.key, v.version_id, v is self._versions[v.key][-1], v.is_delete_marker, v.size_bytes)
            for v in self.versions()
        ]

    def text(self) -> str:
        """One line on the bucket and what it bills, then every version."""
        line = (
            f"Bucket {self.name} ({self.region}, versioning {self.versioning}): {len(self.keys())} current object(s), "
            f"{sum(len(h) for h in self._versions.values())} version(s) and marker(s), "
            f"{self.stored_bytes:,} bytes billed ({self.current_bytes:,} current)"
        )
        return line + "\n" + text_table(_VERSION_COLUMNS, self.rows)

    def __repr__(self) -> str:
        return f"Bucket({self.name!r}, region={self.region!r}, versioning={self._versioned})"
