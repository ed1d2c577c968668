"""The capstone architecture: the course's image-processing service, built from the library's own models.

A user uploads an image to the web tier behind an Application Load Balancer;
the web tier stores the original in S3 and publishes to an SNS topic; the topic
fans out to an SQS queue (with a dead-letter queue); Auto Scaling workers read
the queue, process the image, and write the result to the content bucket that
CloudFront serves. :func:`image_service` builds all of it over a VPC of public,
web, worker and data subnets in each AZ, with the models of chapters 02-10:

    >>> arch = image_service(region="us-east-1", azs=3, nat_gateways=3)
    >>> [s.name for s in arch.subnets["public"]]
    ['public-a', 'public-b', 'public-c']
    >>> arch.web.desired_capacity, arch.workers.desired_capacity
    (6, 6)
    >>> sorted(arch.roles)
    ['web', 'worker']

Sources: https://docs.aws.amazon.com/whitepapers/latest/web-application-hosting-best-practices/an-aws-cloud-architecture-for-web-hosting.html ,
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
"""

from __future__ import annotations

from dataclasses import dataclass, field

from awsbasics import data
from awsbasics._checks import require_int, require_str
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.caching.distribution import Distribution
from awsbasics.database import DbInstance, DbSubnetGroup, db_subnet_group, place_db_instance
from awsbasics.errors import VpcError
from awsbasics.ha import AutoScalingGroup
from awsbasics.iam import Account, InstanceProfile, Role, service_trust_policy
from awsbasics.infra import Region
from awsbasics.messaging import Queue, Topic
from awsbasics.network import VPC, Instance, LoadBalancer, NatGateway, SecurityGroup, Subnet, VpcEndpoint
from awsbasics.storage.lifecycle import INTELLIGENT_TIERING_RULE, Lifecycle
from awsbasics.storage.s3 import Bucket

__all__ = ["Architecture", "image_service", "TIERS", "SETTINGS", "GAME_DAY"]

SETTINGS: dict = data.value("capstone", "image_service")
GAME_DAY: dict = data.value("capstone", "game_day")
TIERS = ("public", "web", "worker", "data")
_MAX_NAME = 20  # this library's bound: the name prefixes buckets, roles and queues, which have their own limits
UPLOADS_LIFECYCLE = Lifecycle(transitions=(("STANDARD_IA", 30), ("GLACIER", 90)), expiration_days=365)


def _letter(az: str) -> str:
    return az[-1]


@dataclass(frozen=True, eq=False)
class Architecture(Rendered):
    """The image service's models, grouped by what they are; :func:`image_service` builds one.

    ``subnets`` and ``instances`` map a tier (``public``, ``web``, ``worker``,
    ``data``) to one entry per AZ; an instance stands for its tier's capacity in
    that AZ, so reachability can run from and to it.
    """

    name: str
    region: str
    azs: tuple[str, ...]
    multi_az: bool
    vpc: VPC
    subnets: dict[str, tuple[Subnet, ...]]
    security_groups: dict[str, SecurityGroup]
    nat_gateways: tuple[NatGateway, ...]
    s3_endpoint: VpcEndpoint
    load_balancer: LoadBalancer
    instances: dict[str, tuple[Instance, ...]]
    web: AutoScalingGroup
    workers: AutoScalingGroup
    db_subnet_group: DbSubnetGroup
    database: DbInstance
    buckets: dict[str, Bucket]
    distribution: Distribution | None
    topic: Topic
    queues: dict[str, Queue]
    account: Account
    roles: dict[str, Role]
    profiles: dict[str, InstanceProfile]
    functions: tuple = field(default=())

    _view_ = "capstone.architecture_view"

    # ----- names a policy or a check refers to ------------------------------------------------

    @property
    def topic_arn(self) -> str:
        return f"arn:aws:sns:{self.region}:{self.account.id}:{self.topic.name}"

    def queue_arn(self, key: str = "jobs") -> str:
        """The ARN of ``queues[key]`` (``"jobs"`` or ``"dead-letter"``)."""
        return f"arn:aws:sqs:{self.region}:{self.account.id}:{self.queues[key].name}"

    def needs(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """What each tier's role must be allowed to do: ``tier -> ((action, resource ARN), ...)``."""
        return _needs(self.buckets["uploads"].arn, self.buckets["content"].arn, self.queue_arn(), self.topic_arn)

    def models(self) -> tuple:
        """Everything the templates hold: the VPC, then the application's models (see :meth:`stacks`)."""
        return (self.vpc, *self.application_models())

    def application_models(self) -> tuple:
        """The application stack's models: load balancer, groups, database, storage, messaging, roles."""
        parts: list = [self.load_balancer, self.db_subnet_group, self.database, *self.roles.values()]
        parts += [self.web, self.workers, *self.buckets.values()]
        if self.distribution is not None:
            parts.append(self.distribution)
        parts += [self.queues["dead-letter"], self.queues["jobs"], self.topic, *self.functions]
        return tuple(parts)

    def stacks(self):
        """``(network, application)`` Templates: the VPC exported for import, the rest importing it.

        The network stack holds the VPC, subnets, gateways, route tables, endpoint and security
        groups and exports their ids; the application stack imports them (``Fn::ImportValue``).
        """
        from awsbasics.iac import Stack, to_cloudformation

        network = to_cloudformation(
            self.vpc, export=True, skip=[self.load_balancer], description=f"{self.name}: network layer"
        )
        application = to_cloudformation(
            *self.application_models(),
            imports=[Stack(f"{self.name}-network", network)],
            description=f"{self.name}: application layer (imports the network stack)",
        )
        return network, application

    # ----- views ------------------------------------------------------------------------------

    def rows(self) -> list[tuple[str, str, str]]:
        """One row per part: (layer, part, detail)."""
        letters = ", ".join(_letter(az) for az in self.azs)
        nat = f"{len(self.nat_gateways)} NAT gateway(s) in {', '.join(n.subnet.name for n in self.nat_gateways) or 'none'}"
        rows = [
            ("network", f"VPC {self.vpc.name}", f"{self.vpc.cidr} over {len(self.azs)} AZs ({letters})"),
            ("network", "subnets", ", ".join(f"{len(v)} {k}" for k, v in self.subnets.items())),
            ("network", "NAT gateways", nat),
            ("network", "S3 gateway endpoint", f"on {len(self.s3_endpoint.route_tables)} private route tables"),
            (
                "web",
                f"ALB {self.load_balancer.name}",
                f"HTTPS {SETTINGS['https_port']} -> web tier on {SETTINGS['web_port']}",
            ),
            ("web", "web Auto Scaling group", f"desired {self.web.desired_capacity} over {self.web.azs} AZs"),
            (
                "workers",
                "worker Auto Scaling group",
                f"desired {self.workers.desired_capacity} over {self.workers.azs} AZs",
            ),
            (
                "data",
                f"RDS {self.database.name}",
                f"{SETTINGS['db_engine']} {SETTINGS['db_instance_class']}, "
                f"{'Multi-AZ' if self.multi_az else 'Single-AZ'}, port {self.database.port}, primary in {self.database.az}",
            ),
        ]
        for key, bucket in self.buckets.items():
            rule = bucket.lifecycle.timeline if bucket.lifecycle else "no lifecycle"
            rows.append(
                (
                    "storage",
                    f"S3 {bucket.name}",
                    f"{key}; Block Public Access all on: {bucket.public_access_block.all_on}; {rule}",
                )
            )
        if self.distribution is not None:
            rows.append(
                (
                    "storage",
                    f"CloudFront {getattr(self.distribution, 'name', 'distribution')}",
                    "origin: the content bucket, through Origin Access Control",
                )
            )
        jobs, dlq = self.queues["jobs"], self.queues["dead-letter"]
        rows.append(
            (
                "messaging",
                f"SNS {self.topic.name}",
                f"fans out to {', '.join(s.name for s in self.topic.subscriptions)}",
            )
        )
        rows.append(
            (
                "messaging",
                f"SQS {jobs.name}",
                f"visibility {jobs.visibility_timeout} s, to {dlq.name} after {jobs.max_receive_count} receives",
            )
        )
        for tier, role in self.roles.items():
            actions = sorted({action for action, _ in self.needs()[tier]})
            rows.append(("identity", f"IAM role {role.name}", f"{tier} tier: {', '.join(actions)}"))
        return rows

    def text(self) -> str:
        head = (
            f"Image service {self.name} in {self.region}: {len(self.azs)} AZs, {len(self.nat_gateways)} NAT gateway(s), "
            f"{'Multi-AZ' if self.multi_az else 'Single-AZ'} database"
        )
        return head + "\n" + text_table(["layer", "part", "detail"], self.rows())

    def diagram(self):
        """The whole service: Region > VPC > AZ > subnets, and the services outside the VPC (Graphviz)."""
        return view("capstone.architecture_diagram")(self)

    def __repr__(self) -> str:
        return self.text().splitlines()[0]


def _needs(uploads: str, content: str, queue: str, topic: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each tier's requests, from the ARNs they act on."""
    return {
        "web": (("s3:PutObject", f"{uploads}/originals/cat.jpg"), ("sns:Publish", topic)),
        "worker": (
            ("sqs:ReceiveMessage", queue),
            ("sqs:DeleteMessage", queue),
            ("sqs:ChangeMessageVisibility", queue),
            ("sqs:GetQueueAttributes", queue),
            ("s3:GetObject", f"{uploads}/originals/cat.jpg"),
            ("s3:PutObject", f"{content}/results/cat.jpg"),
        ),
    }


def _check(region: object, azs: object, nat_gateways: object, multi_az: object, name: object) -> tuple:
    region = Region.get(require_str(region, "region")).code
    available = len(Region.get(region).availability_zones)
    azs = require_int(azs, "azs")
    if not 2 <= azs <= min(available, 6):
        raise VpcError(
            f"azs={azs}: the service's ALB and DB subnet group need at least 2 AZs, and {region} has {available}"
        )
    nat_gateways = require_int(nat_gateways, "nat_gateways")
    if not 0 <= nat_gateways <= azs:
        raise VpcError(f"nat_gateways={nat_gateways}: 0 to {azs}, at most one NAT gateway in each AZ's public subnet")
    if not isinstance(multi_az, bool):
        raise TypeError(f"multi_az must be True or False, not {type(multi_az).__name__}")
    name = require_str(name, "name")
    if not (
        1 <= len(name) <= _MAX_NAME and name[0].isalpha() and all(c.islower() or c.isdigit() or c == "-" for c in name)
    ):
        raise VpcError(
            f"name={name[:40]!r}: 1 to {_MAX_NAME} lowercase letters, digits and hyphens starting with a letter "
            "(it prefixes S3 bucket names)"
        )
    return region, azs, nat_gateways, name


def image_service(
    *, region: str = "us-east-1", azs: int = 3, nat_gateways: int = 3, multi_az: bool = True, name: str = "imagesvc"
) -> Architecture:
    """Build the course's image-processing service on a three-tier VPC (see the module docstring).

    Raises:
        VpcError: fewer than 2 or more AZs than the Region has, more NAT gateways than AZs, a bad name.
        RegionError: an unknown Region.
        TypeError: arguments of the wrong kind.
    """
    region, azs, nat_gateways, name = _check(region, azs, nat_gateways, multi_az, name)
    zones = tuple(z.name for z in Region.get(region).availability_zones[:azs])
    vpc = VPC(SETTINGS["vpc_cidr"], name=name, region=region)
    subnets: dict[str, list[Subnet]] = {tier: [] for tier in TIERS}
    for i, az in enumerate(zones):
        x = _letter(az)
        subnets["public"].append(vpc.add_subnet(f"10.0.{i}.0/24", az=az, name=f"public-{x}"))
        subnets["web"].append(vpc.add_subnet(f"10.0.{16 * (i + 1)}.0/20", az=az, name=f"web-{x}"))
        subnets["worker"].append(vpc.add_subnet(f"10.0.{112 + 16 * i}.0/20", az=az, name=f"worker-{x}"))
        subnets["data"].append(vpc.add_subnet(f"10.0.{224 + i}.0/24", az=az, name=f"data-{x}"))

    public_rt = vpc.add_route_table("public")
    public_rt.add_route("0.0.0.0/0", vpc.add_internet_gateway(f"{name}-igw"))
    for subnet in subnets["public"]:
        public_rt.associate(subnet)
    nats = [vpc.add_nat_gateway(subnets["public"][i], name=f"nat-{_letter(zones[i])}") for i in range(nat_gateways)]
    private_rts = []
    for i, az in enumerate(zones):
        table = vpc.add_route_table(f"private-{_letter(az)}")
        if nats:
            table.add_route("0.0.0.0/0", nats[i % len(nats)])  # its own AZ's NAT, or a shared one
        table.associate(subnets["web"][i])
        table.associate(subnets["worker"][i])
        private_rts.append(table)
    endpoint = vpc.add_gateway_endpoint("s3", route_tables=private_rts)

    alb_sg = vpc.add_security_group("alb", description="HTTPS from the internet")
    alb_sg.allow_inbound(SETTINGS["https_port"], source="0.0.0.0/0")
    web_sg = vpc.add_security_group("web", description="HTTP from the load balancer only")
    web_sg.allow_inbound(SETTINGS["web_port"], source=alb_sg)
    worker_sg = vpc.add_security_group("worker", description="no inbound: workers poll the queue")
    db_sg = vpc.add_security_group("db", description="PostgreSQL from the web tier only")
    db_sg.allow_inbound(SETTINGS["db_port"], source=web_sg)

    instances = {
        "web": tuple(
            vpc.add_instance(f"web-{_letter(az)}", subnets["web"][i], security_groups=[web_sg])
            for i, az in enumerate(zones)
        ),
        "worker": tuple(
            vpc.add_instance(f"worker-{_letter(az)}", subnets["worker"][i], security_groups=[worker_sg])
            for i, az in enumerate(zones)
        ),
    }
    alb = vpc.add_load_balancer(f"{name}-alb", subnets=list(subnets["public"]), security_groups=[alb_sg])
    target_group = alb.add_target_group("web", port=SETTINGS["web_port"], targets=list(instances["web"]))
    alb.add_listener(SETTINGS["https_port"], protocol="HTTPS", default=target_group)

    group = db_subnet_group(vpc, list(subnets["data"]), name=f"{name}-db")
    database = place_db_instance(
        group,
        name=f"{name}-db",
        security_groups=[db_sg],
        port=SETTINGS["db_port"],
        engine=SETTINGS["db_engine_id"],
        instance_class=SETTINGS["db_instance_class"],
        multi_az=multi_az,
        allocated_storage_gib=SETTINGS["db_storage_gib"],
    )

    account = Account(SETTINGS["account_id"], name=name)
    uploads = Bucket(f"{name}-uploads-{account.id}", region=region, versioning=True)
    uploads.set_lifecycle(UPLOADS_LIFECYCLE)
    content = Bucket(f"{name}-content-{account.id}", region=region)
    content.set_lifecycle(INTELLIGENT_TIERING_RULE)
    distribution = Distribution(content, name=f"{name}-content", price_class="PriceClass_All")
    content.set_policy(distribution.origin_bucket_policy().document)
    buckets = {"uploads": uploads, "content": content}

    dead_letter = Queue(name=f"{name}-jobs-dlq")
    jobs = Queue(
        name=f"{name}-jobs",
        visibility_timeout=SETTINGS["queue_visibility_timeout_s"],
        max_receive_count=SETTINGS["queue_max_receive_count"],
        dead_letter_queue=dead_letter,
    )
    topic = Topic(f"{name}-uploads")
    topic.subscribe(jobs)

    queue_arn = f"arn:aws:sqs:{region}:{account.id}:{jobs.name}"
    topic_arn = f"arn:aws:sns:{region}:{account.id}:{topic.name}"
    roles = {
        tier: _role(account, f"{name}-{tier}", tier, needed)
        for tier, needed in _needs(uploads.arn, content.arn, queue_arn, topic_arn).items()
    }

    per_az = {"web": GAME_DAY["web_instances_per_az"], "worker": GAME_DAY["worker_instances_per_az"]}
    groups = {
        tier: AutoScalingGroup(
            min_size=azs,
            max_size=4 * per_az[tier] * azs,
            desired_capacity=per_az[tier] * azs,
            azs=azs,
            name=f"{name}-{tier}",
            subnets=tuple(subnets[tier]),
            instance_type=SETTINGS["instance_type"],
            security_groups=(web_sg,) if tier == "web" else (worker_sg,),
            target_group=target_group if tier == "web" else None,
            instance_profile_role=roles[tier],
        )
        for tier in ("web", "worker")
    }

    return Architecture(
        name=name,
        region=region,
        azs=zones,
        multi_az=multi_az,
        vpc=vpc,
        subnets={tier: tuple(found) for tier, found in subnets.items()},
        security_groups={"alb": alb_sg, "web": web_sg, "worker": worker_sg, "db": db_sg},
        nat_gateways=tuple(nats),
        s3_endpoint=endpoint,
        load_balancer=alb,
        instances=instances,
        web=groups["web"],
        workers=groups["worker"],
        db_subnet_group=group,
        database=database,
        buckets=buckets,
        distribution=distribution,
        topic=topic,
        queues={"jobs": jobs, "dead-letter": dead_letter},
        account=account,
        roles=roles,
        profiles={tier: InstanceProfile(f"{name}-{tier}", role) for tier, role in roles.items()},
    )


def _statement(sid: str, actions: list[str], resources: list[str]) -> dict:
    return {"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources}


def _role(account: Account, role_name: str, tier: str, needed: tuple[tuple[str, str], ...]) -> Role:
    """A role EC2 may assume, allowed exactly the requests ``needed`` (S3 keys widened to their prefix)."""
    role = account.add_role(role_name, trust_policy=service_trust_policy("ec2.amazonaws.com"))
    by_resource: dict[str, list[str]] = {}
    for action, resource in needed:
        pattern = resource.rsplit("/", 1)[0] + "/*" if resource.startswith("arn:aws:s3:::") else resource
        by_resource.setdefault(pattern, []).append(action)
    statements = [
        _statement(f"{tier.title()}{i}", sorted(actions), [resource])
        for i, (resource, actions) in enumerate(sorted(by_resource.items()), 1)
    ]
    role.put_inline_policy(f"{tier}-least-privilege", {"Version": "2012-10-17", "Statement": statements})
    return role
