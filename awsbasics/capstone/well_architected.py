"""A Well-Architected-style review whose every row a check of this library computed.

:func:`review` runs the checks of earlier chapters on the capstone
architecture and files each result under a pillar of the AWS Well-Architected
Framework: reachability (chapter 03) and least privilege with policy lint
(chapter 05) under security; AZ spread, NAT gateways per AZ, the database's
Multi-AZ setting and the game day's availability (chapters 03, 04, 06) under
reliability; lifecycle findings (chapter 02), public IPv4 addresses and the
estimate under cost optimization; instance generation and the S3 gateway
endpoint under performance efficiency; the dead-letter queue and cfn-lint
(chapters 07, 09) under operational excellence; Graviton and storage tiering
under sustainability. Every row is one :class:`~awsbasics._finding.Finding`:

    >>> from awsbasics.capstone import image_service
    >>> r = review(image_service(nat_gateways=1, multi_az=False))
    >>> sorted({f.code for f in r.findings if f.severity != "info"})
    ['nat-shared', 'rds-single-az', 'target-missed']

Source: https://docs.aws.amazon.com/wellarchitected/latest/framework/the-pillars-of-the-framework.html
"""

from __future__ import annotations

from dataclasses import dataclass

from awsbasics import data
from awsbasics._finding import SEVERITIES, Finding
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.capstone.architecture import SETTINGS, UPLOADS_LIFECYCLE, Architecture
from awsbasics.capstone.checks import least_privilege, prove_paths
from awsbasics.capstone.resilience import USAGE, availability_model, estimate_for
from awsbasics.compute import InstanceType, current_generations
from awsbasics.network import reachability
from awsbasics.storage.lifecycle import lifecycle_cost

__all__ = ["PILLARS", "ReviewRow", "WellArchitectedReview", "review"]

PILLARS: tuple[str, ...] = tuple(data.value("capstone", "well_architected_pillars"))
_TARGET: float = data.value("capstone", "availability_target")
_COLUMNS = ("pillar", "code", "severity", "subject", "message", "check")


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One finding filed under a pillar, with the library check that produced it."""

    pillar: str
    finding: Finding
    check: str


@dataclass(frozen=True, slots=True, eq=False)
class WellArchitectedReview(Rendered):
    """The review: one row per finding, most serious first within each pillar."""

    name: str
    rows_: tuple[ReviewRow, ...]

    _view_ = "capstone.review_view"

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(row.finding for row in self.rows_)

    def pillar(self, name: str) -> tuple[Finding, ...]:
        """The findings filed under one pillar."""
        if name not in PILLARS:
            raise KeyError(f"pillar {str(name)[:40]!r}: the pillars are {', '.join(PILLARS)}")
        return tuple(row.finding for row in self.rows_ if row.pillar == name)

    def rows(self) -> list[tuple[str, str, str, str, str, str]]:
        return [
            (r.pillar, r.finding.code, r.finding.severity, r.finding.subject, r.finding.message, r.check)
            for r in self.rows_
        ]

    def table(self):
        """The rows as a DataFrame: pillar, code, severity, subject, message, check."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=list(_COLUMNS))

    def counts(self) -> dict[str, int]:
        """Findings per severity."""
        return {level: sum(1 for f in self.findings if f.severity == level) for level in SEVERITIES}

    @property
    def verdict(self) -> str:
        c = self.counts()
        return (
            f"Review of {self.name}: {len(self.rows_)} findings over {len(PILLARS)} pillars - "
            f"{c['error']} error(s), {c['warning']} warning(s), {c['info']} info."
        )

    def text(self) -> str:
        return self.verdict + "\n" + text_table(_COLUMNS, self.rows())

    def __repr__(self) -> str:
        return self.verdict


class _Rows:
    def __init__(self) -> None:
        self.rows: list[ReviewRow] = []

    def add(self, pillar: str, check: str, code: str, severity: str, subject: str, message: str) -> None:
        self.rows.append(ReviewRow(pillar, Finding(code, severity, subject, message), check))


def _security(arch: Architecture, out: _Rows) -> None:
    paths = prove_paths(arch)
    for c in paths.checks:
        if not c.ok:
            pillar = "security" if not c.must_work else "reliability"
            code = "path-open" if not c.must_work else "path-closed"
            out.add(pillar, "network.reachability", code, "error", c.name, c.explanation)
    closed = [c for c in paths.checks if not c.must_work and c.ok]
    if closed:
        out.add(
            "security",
            "network.reachability",
            "paths-closed",
            "info",
            f"{len(closed)} paths",
            f"Closed as designed: {'; '.join(c.name for c in closed)}.",
        )
    access = least_privilege(arch)
    for tier, action, resource in access.excess:
        out.add(
            "security",
            "iam.access_matrix",
            "iam-excess",
            "error",
            f"{tier} tier",
            f"allows {action} on {resource}, which the tier does not need",
        )
    for tier, action, resource in access.missing:
        out.add(
            "reliability",
            "iam.access_matrix",
            "iam-missing",
            "error",
            f"{tier} tier",
            f"cannot {action} on {resource}, which the tier needs",
        )
    if access.ok:
        out.add("security", "iam.access_matrix", "least-privilege", "info", ", ".join(arch.roles), access.verdict)
    for f in access.findings:
        out.add("security", "iam.Policy lint", f.code, f.severity, f.subject, f.message)
    for bucket in arch.buckets.values():
        if not bucket.public_access_block.all_on:
            out.add(
                "security",
                "s3.PublicAccessBlock",
                "bucket-public-access",
                "warning",
                bucket.name,
                "S3 Block Public Access is not fully on.",
            )
    on = [b.name for b in arch.buckets.values() if b.public_access_block.all_on]
    if on:
        out.add(
            "security",
            "s3.PublicAccessBlock",
            "block-public-access",
            "info",
            ", ".join(on),
            "All four Block Public Access settings are on.",
        )


def _reliability(arch: Architecture, out: _Rows) -> None:
    zones = len(arch.azs)
    out.add(
        "reliability",
        "network.VPC",
        "az-spread",
        "info" if zones >= 3 else "warning",
        arch.vpc.name,
        f"Every tier has a subnet and an instance in each of {zones} AZs"
        + ("." if zones >= 3 else "; with 2, losing one halves capacity."),
    )
    nats = len(arch.nat_gateways)
    cut = []
    for i, az in enumerate(arch.azs):
        own = f"private-{az[-1]}"
        table = next(t for t in arch.vpc.route_tables if t.name == own)
        for route in table.routes:
            nat_az = getattr(getattr(route.target, "subnet", None), "az", None)
            if nat_az is not None and nat_az != az:
                probe = reachability(arch.vpc, arch.instances["web"][i], "internet", port=443, failed_azs=[nat_az])
                if not probe.reachable:
                    cut.append((az, nat_az, probe))
    for az, nat_az, probe in cut:
        out.add(
            "reliability",
            "network.reachability(failed_azs)",
            "nat-shared",
            "warning",
            az,
            f"Routes through the NAT gateway in {nat_az}; with {nat_az} down: {probe.blocked[0].detail}",
        )
    if not cut and nats:
        out.add(
            "reliability",
            "network.reachability(failed_azs)",
            "nat-per-az",
            "info",
            f"{nats} NAT gateways",
            "Each AZ has its own NAT gateway: one AZ failing leaves the others' outbound path intact.",
        )
    if arch.multi_az:
        out.add(
            "reliability",
            "database.fail",
            "rds-multi-az",
            "info",
            arch.database.name,
            "Multi-AZ DB instance: a synchronous standby in another AZ takes over automatically.",
        )
    else:
        out.add(
            "reliability",
            "database.fail",
            "rds-single-az",
            "warning",
            arch.database.name,
            "Single-AZ: losing the primary's AZ leaves writes down until a restore into another AZ.",
        )
    model = availability_model(azs=zones, nat_gateways=max(1, nats), multi_az=arch.multi_az)
    met = model.availability >= _TARGET
    out.add(
        "reliability",
        "ha.series/parallel",
        "target-met" if met else "target-missed",
        "info" if met else "warning",
        f"{100 * _TARGET:g}% target",
        f"The request path computes to {100 * model.availability:.4f}% ({model.downtime.minutes_per_month:,.1f} min a month).",
    )


def _cost(arch: Architecture, out: _Rows) -> None:
    cost = lifecycle_cost(
        UPLOADS_LIFECYCLE,
        size_gb=USAGE["s3_gb"],
        object_count=USAGE["uploads_per_month"],
        months=13,
        region=arch.region if arch.region in ("us-east-1", "ap-northeast-2") else "us-east-1",
    )
    for f in cost.findings:
        out.add(
            "cost optimization",
            "storage.lifecycle_cost",
            f.code,
            f.severity,
            f"{arch.buckets['uploads'].name} {f.subject}",
            f.message,
        )
    addresses = len(arch.azs) + len(arch.nat_gateways)
    out.add(
        "cost optimization",
        "capstone.monthly_estimate",
        "public-ipv4",
        "info",
        f"{addresses} addresses",
        f"One public IPv4 address per ALB node ({len(arch.azs)}) and per NAT gateway ({len(arch.nat_gateways)}); every public IPv4 address is billed by the hour.",
    )
    if arch.region in ("us-east-1", "ap-northeast-2") and arch.nat_gateways:
        est = estimate_for(
            region=arch.region, azs=len(arch.azs), nat_gateways=len(arch.nat_gateways), multi_az=arch.multi_az
        )
        vpc = est.by_service().get("Amazon VPC", 0.0)
        if vpc:
            out.add(
                "cost optimization",
                "capstone.monthly_estimate",
                "nat-cost",
                "info",
                "Amazon VPC",
                f"NAT gateways and public IPv4 cost ${vpc:,.2f} of the ${est.total_usd:,.2f} month; the S3 gateway endpoint keeps S3 traffic off the NAT gateways for free.",
            )


def _performance(arch: Architecture, out: _Rows) -> None:
    kind = InstanceType.parse(SETTINGS["instance_type"])
    table = current_generations("large")
    same = [
        InstanceType.parse(n)
        for n in table["instance_type"]
        if InstanceType.parse(n).family == kind.family and InstanceType.parse(n).attributes == kind.attributes
    ]
    newest = max(same, key=lambda t: t.generation or 0)
    if (newest.generation or 0) > (kind.generation or 0):
        out.add(
            "performance efficiency",
            "compute.current_generations",
            "newer-generation",
            "info",
            kind.name,
            f"{newest.name} is a newer generation of the same family; compare its price and performance before the next deploy.",
        )
    if arch.s3_endpoint is not None:
        out.add(
            "performance efficiency",
            "network.reachability",
            "s3-gateway-endpoint",
            "info",
            "vpce-s3",
            "Workers reach S3 through the gateway endpoint, on the AWS network, not through a NAT gateway.",
        )


def _operations(arch: Architecture, out: _Rows, templates) -> None:
    jobs = arch.queues["jobs"]
    if jobs.dead_letter_queue is not None:
        out.add(
            "operational excellence",
            "messaging.Queue",
            "dead-letter-queue",
            "info",
            jobs.name,
            f"A message received {jobs.max_receive_count} times without being deleted moves to {jobs.dead_letter_queue.name}, where it can be inspected.",
        )
    else:
        out.add(
            "operational excellence",
            "messaging.Queue",
            "no-dead-letter-queue",
            "warning",
            jobs.name,
            "A poison message is retried until it expires.",
        )
    if templates is None:
        return
    from awsbasics.iac import lint

    for label, template in templates:
        report = lint(template)
        for f in report.errors:
            out.add(
                "operational excellence", "iac.lint (cfn-lint)", f.code, "error", f"{label}: {f.subject}", f.message
            )
        out.add(
            "operational excellence",
            "iac.lint (cfn-lint)",
            "cfn-lint",
            "info" if report.ok else "error",
            label,
            report.verdict,
        )


def _sustainability(arch: Architecture, out: _Rows) -> None:
    kind = InstanceType.parse(SETTINGS["instance_type"])
    if kind.processor and "Graviton" in kind.processor:
        out.add(
            "sustainability",
            "compute.InstanceType",
            "graviton",
            "info",
            kind.name,
            f"{kind.processor}: more work per watt than comparable x86 instances, per AWS.",
        )
    tiered = [b.name for b in arch.buckets.values() if b.lifecycle is not None]
    out.add(
        "sustainability",
        "storage.Lifecycle",
        "storage-tiering",
        "info",
        ", ".join(tiered),
        "Objects move to colder storage classes or expire by rule, so less is kept on the hottest tier.",
    )


def review(arch: Architecture, *, templates=None) -> WellArchitectedReview:
    """Run the library's checks on ``arch`` and file every result under a Well-Architected pillar.

    Args:
        arch: From :func:`~awsbasics.capstone.image_service`.
        templates: ``[(label, Template), ...]`` to lint with cfn-lint (e.g. the layered stacks);
            none by default, since cfn-lint takes a few seconds.

    Raises:
        TypeError: not an architecture from :func:`image_service`.
    """
    if not isinstance(arch, Architecture):
        raise TypeError(f"arch must come from image_service(), not {type(arch).__name__}")
    if templates is not None and not isinstance(templates, (list, tuple)):
        raise TypeError(f"templates must be a list of (label, Template) pairs, not {type(templates).__name__}")
    out = _Rows()
    _security(arch, out)
    _reliability(arch, out)
    _cost(arch, out)
    _performance(arch, out)
    _operations(arch, out, templates)
    _sustainability(arch, out)
    order = {p: i for i, p in enumerate(PILLARS)}
    rows = sorted(out.rows, key=lambda r: (order[r.pillar], -r.finding.rank))
    return WellArchitectedReview(arch.name, tuple(rows))
