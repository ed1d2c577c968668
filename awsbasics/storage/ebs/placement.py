"""Where EBS volumes live: AZ binding, attachments, Multi-Attach and snapshots (:class:`EbsModel`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from awsbasics._checks import require_int
from awsbasics._protocol import Rendered, view
from awsbasics.errors import AttachmentError
from awsbasics.storage.ebs._format import _n
from awsbasics.storage.ebs.catalog import MULTI_ATTACH_MAX_INSTANCES, MULTI_ATTACH_TYPES
from awsbasics.storage.ebs.volume import Volume

__all__ = ["Instance", "Snapshot", "EbsModel"]


def _zone_of(name: str, volume: Volume) -> str:
    """The AZ a volume lives in; an AttachmentError for a volume that names none."""
    if volume.availability_zone is None:
        raise AttachmentError(
            f"volume {name!r} has no availability_zone: every EBS volume is created in one AZ, "
            "e.g. Volume('gp3', 100, availability_zone='ap-northeast-2a')"
        )
    return volume.availability_zone


@dataclass(frozen=True, slots=True)
class Instance:
    """An EC2 instance as EBS sees it: a name, an AZ and whether it is built on Nitro."""

    name: str
    availability_zone: str
    nitro: bool = True

    @property
    def hypervisor(self) -> str:
        """``"Nitro"``, or ``"Xen"`` for the older instance types built before the Nitro System."""
        return "Nitro" if self.nitro else "Xen"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A point-in-time copy of a volume, kept by EBS in S3 and usable anywhere in its Region."""

    name: str
    source_volume: str
    size_gib: int
    region: str

    @property
    def storage_note(self) -> str:
        """Where the snapshot's data lives: EBS keeps it in S3, not in any of your buckets."""
        return "kept by EBS in S3"


@dataclass
class EbsModel(Rendered):
    """Volumes, instances, attachments and snapshots, checked against the EBS placement rules.

    Every change validates first and changes nothing when it raises.

    >>> model = EbsModel()
    >>> model.add_instance("web-a", "ap-northeast-2a")
    >>> model.add_volume("data", Volume("gp3", 100, availability_zone="ap-northeast-2a"))
    >>> model.attach("data", "web-a")
    >>> model.attachments
    {'data': ('web-a',)}
    """

    instances: dict[str, Instance] = field(default_factory=dict)
    volumes: dict[str, Volume] = field(default_factory=dict)
    snapshots: dict[str, Snapshot] = field(default_factory=dict)
    restored_from: dict[str, str] = field(default_factory=dict)
    _attached: dict[str, list[str]] = field(default_factory=dict, repr=False)

    _view_ = "ebs.model_view"

    @property
    def region_by_zone(self) -> dict[str, str]:
        """Each Availability Zone of the model's instances and volumes -> its Region code."""
        from awsbasics.infra import AvailabilityZone

        zones = [i.availability_zone for i in self.instances.values()]
        zones += [_zone_of(name, v) for name, v in self.volumes.items()]
        return {zone: AvailabilityZone.parse(zone).region_code for zone in sorted(set(zones))}

    @property
    def attachments(self) -> dict[str, tuple[str, ...]]:
        """Volume name -> the instances it is attached to."""
        return {name: tuple(hosts) for name, hosts in self._attached.items() if hosts}

    def _new_name(self, name: str, what: str) -> str:
        if not isinstance(name, str) or not name:
            raise TypeError(f"a {what} name must be a non-empty str")
        if name in self.instances or name in self.volumes or name in self.snapshots:
            raise AttachmentError(f"the name {name!r} is already used in this model; names must be unique")
        return name

    def add_instance(self, name: str, availability_zone: str, *, nitro: bool = True) -> None:
        """Add an instance in an AZ (checked against the Region catalog)."""
        from awsbasics.infra import AvailabilityZone

        self._new_name(name, "instance")
        AvailabilityZone.parse(availability_zone)
        self.instances[name] = Instance(name, availability_zone, nitro)

    def add_volume(self, name: str, volume: Volume) -> None:
        """Add a volume; it must say which AZ it lives in."""
        self._new_name(name, "volume")
        if not isinstance(volume, Volume):
            raise TypeError(f"volume must be a Volume, not {type(volume).__name__}")
        _zone_of(name, volume)
        self.volumes[name] = volume
        self._attached[name] = []

    def _volume(self, name: str) -> Volume:
        if name not in self.volumes:
            raise AttachmentError(f"no volume named {name!r} (volumes: {', '.join(self.volumes) or 'none'})")
        return self.volumes[name]

    def _instance(self, name: str) -> Instance:
        if name not in self.instances:
            raise AttachmentError(f"no instance named {name!r} (instances: {', '.join(self.instances) or 'none'})")
        return self.instances[name]

    def attach(self, volume: str, instance: str) -> None:
        """Attach a volume to an instance.

        Raises:
            AttachmentError: the instance is in another AZ; the volume is already
                attached elsewhere without Multi-Attach; Multi-Attach on a non-Nitro
                instance or beyond its instance limit; or it is already attached there.
        """
        vol, host = self._volume(volume), self._instance(instance)
        current = self._attached[volume]
        if vol.availability_zone != host.availability_zone:
            raise AttachmentError(
                f"volume {volume!r} is in {vol.availability_zone} but instance {instance!r} is in "
                f"{host.availability_zone}: an EBS volume attaches only to instances in its own "
                f"Availability Zone; snapshot it and create a volume from the snapshot in {host.availability_zone}"
            )
        if instance in current:
            raise AttachmentError(f"volume {volume!r} is already attached to {instance!r}")
        if current and not vol.multi_attach:
            raise AttachmentError(
                f"volume {volume!r} is already attached to {current[0]!r}: a volume attaches to one instance "
                f"at a time unless it is an {' or '.join(MULTI_ATTACH_TYPES)} volume with Multi-Attach enabled"
            )
        if vol.multi_attach:
            if not host.nitro:
                raise AttachmentError(
                    f"instance {instance!r} is not built on the Nitro System: Multi-Attach volumes attach "
                    "only to Nitro-based instances"
                )
            if len(current) >= MULTI_ATTACH_MAX_INSTANCES:
                raise AttachmentError(
                    f"volume {volume!r} is already attached to {len(current)} instances: a Multi-Attach "
                    f"volume attaches to at most {MULTI_ATTACH_MAX_INSTANCES}"
                )
        current.append(instance)

    def detach(self, volume: str, instance: str) -> None:
        """Detach a volume from an instance (its data stays on the volume)."""
        self._volume(volume)
        self._instance(instance)
        if instance not in self._attached[volume]:
            raise AttachmentError(f"volume {volume!r} is not attached to {instance!r}")
        self._attached[volume].remove(instance)

    def snapshot(self, volume: str, name: str) -> Snapshot:
        """Take a snapshot of a volume; it belongs to the volume's Region, not its AZ."""
        from awsbasics.infra import AvailabilityZone

        vol = self._volume(volume)
        self._new_name(name, "snapshot")
        region = AvailabilityZone.parse(_zone_of(volume, vol)).region_code
        snap = Snapshot(name, volume, vol.size_gib, region)
        self.snapshots[name] = snap
        return snap

    def restore(
        self,
        snapshot: str,
        volume: str,
        *,
        availability_zone: str,
        volume_type: str = "gp3",
        size_gib: int | None = None,
        iops: int | None = None,
        throughput_mibps: int | None = None,
    ) -> Volume:
        """Create a new volume from a snapshot in any AZ of the snapshot's Region.

        Raises:
            AttachmentError: the AZ is in another Region (copy the snapshot there first),
                or the new volume is smaller than the snapshot.
        """
        from awsbasics.infra import AvailabilityZone

        if snapshot not in self.snapshots:
            raise AttachmentError(f"no snapshot named {snapshot!r} (snapshots: {', '.join(self.snapshots) or 'none'})")
        snap = self.snapshots[snapshot]
        self._new_name(volume, "volume")
        zone = AvailabilityZone.parse(availability_zone)
        if zone.region_code != snap.region:
            raise AttachmentError(
                f"snapshot {snapshot!r} is in Region {snap.region}, but {availability_zone} is in {zone.region_code}: "
                f"a snapshot makes volumes in any AZ of its own Region; copy it to {zone.region_code} first"
            )
        size = snap.size_gib if size_gib is None else size_gib
        size = require_int(size, "size_gib")
        if size < snap.size_gib:
            raise AttachmentError(
                f"size_gib={_n(size)} is smaller than snapshot {snapshot!r} ({_n(snap.size_gib)} GiB): a volume made "
                "from a snapshot is at least the snapshot's size"
            )
        new = Volume(
            volume_type, size, iops=iops, throughput_mibps=throughput_mibps, availability_zone=availability_zone
        )
        self.add_volume(volume, new)
        self.restored_from[volume] = snapshot
        return new

    def text(self) -> str:
        """One line per volume: where it lives and what it is attached to; one per snapshot."""
        lines = []
        for name, vol in self.volumes.items():
            hosts = self._attached[name]
            where = f"attached to {', '.join(hosts)}" if hosts else "not attached"
            origin = f", restored from snapshot {self.restored_from[name]}" if name in self.restored_from else ""
            lines.append(f"{name} ({vol.volume_type} {vol.size_gib} GiB) in {vol.availability_zone}{origin}: {where}")
        lines += [f"snapshot {s.name} of {s.source_volume} in Region {s.region}" for s in self.snapshots.values()]
        return "\n".join(lines) or "empty model"

    def diagram(self):
        """Region > AZ clusters with instances (boxes), volumes (cylinders) and snapshots."""
        return view("ebs.model_diagram")(self)
