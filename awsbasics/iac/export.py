"""Models to CloudFormation: :func:`to_cloudformation` and the exporter registry.

Each model type has an *exporter*, a function ``exporter(model, builder)`` that
adds the model's resources through a :class:`TemplateBuilder`. The exporters
for a VPC (and the load balancers in it), an S3 bucket and IAM roles, managed
policies and accounts are built in; later chapters register theirs with
:func:`register_exporter` so one call exports a whole architecture::

    >>> from awsbasics.network import VPC
    >>> vpc = VPC("10.0.0.0/16", name="shop")
    >>> public = vpc.add_subnet("10.0.0.0/24", az="az-a", name="public-a")
    >>> t = to_cloudformation(vpc, description="shop network")
    >>> sorted(t["Resources"])
    ['SubnetPublicA', 'VpcShop']
    >>> t["Resources"]["SubnetPublicA"]["Properties"]["VpcId"]
    mappingproxy({'Ref': 'VpcShop'})

Logical ids come from the models' names (``Subnet`` + ``public-a`` ->
``SubnetPublicA``), so the same model always gives the same template.
``DependsOn`` is written only where CloudFormation cannot see an order from the
references: a route to an internet gateway waits for the gateway's attachment.

Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Mapping

from awsbasics import data
from awsbasics.errors import TemplateError
from awsbasics.iac.template import (
    FORMAT_VERSION,
    TEMPLATE_QUOTAS,
    Template,
    get_att,
    import_value,
    logical_id,
    ref,
    sub,
)

__all__ = ["to_cloudformation", "register_exporter", "exporter_for", "TemplateBuilder", "exportable_types"]

_REGISTRY: dict[str, Callable] = {}
_BUILTINS_LOADED = False
_NO_EGRESS: dict = data.value("iac", "security_group_no_egress_rule")
_MAX_DESCRIPTION_BYTES = TEMPLATE_QUOTAS["template_description_bytes"]
_MAX_RESOURCES = TEMPLATE_QUOTAS["resources_per_template"]
_MAX_OUTPUTS = TEMPLATE_QUOTAS["outputs_per_template"]


def _qualname(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def register_exporter(model_type, exporter: Callable) -> None:
    """Register ``exporter(model, builder)`` for a model class (or its dotted name, to avoid importing it).

    >>> class Queue: name = "orders"
    >>> def export_queue(queue, builder):
    ...     builder.add("Queue", queue.name, "AWS::SQS::Queue", {}, model=queue)
    >>> register_exporter(Queue, export_queue)
    >>> sorted(to_cloudformation(Queue())["Resources"])
    ['QueueOrders']
    """
    if isinstance(model_type, type):
        key = _qualname(model_type)
    elif isinstance(model_type, str) and "." in model_type:
        key = model_type
    else:
        raise TypeError(f"model_type must be a class or its dotted name 'module.Class', not {model_type!r}")
    if not callable(exporter):
        raise TypeError(f"exporter must be callable as exporter(model, builder), not {type(exporter).__name__}")
    _REGISTRY[key] = exporter


def _load_builtins() -> None:
    global _BUILTINS_LOADED
    if _BUILTINS_LOADED:
        return
    _BUILTINS_LOADED = True
    register_exporter("awsbasics.network.vpc.VPC", _export_vpc)
    register_exporter("awsbasics.network.elb.LoadBalancer", _export_load_balancer)
    register_exporter("awsbasics.storage.s3.Bucket", _export_bucket)
    register_exporter("awsbasics.iam.identities.Role", _export_role)
    register_exporter("awsbasics.iam.identities.ManagedPolicy", _export_managed_policy)
    register_exporter("awsbasics.iam.identities.Account", _export_account)


def exporter_for(model) -> Callable | None:
    """The exporter registered for ``model``'s class or its nearest base class, or None."""
    _load_builtins()
    for cls in type(model).__mro__:
        found = _REGISTRY.get(_qualname(cls))
        if found is not None:
            return found
    return None


def exportable_types() -> tuple[str, ...]:
    """The dotted names of every model class with an exporter."""
    _load_builtins()
    return tuple(sorted(_REGISTRY))


class TemplateBuilder:
    """What an exporter writes into: resources, outputs and notes, with ids kept unique.

    ``add(kind, name, type, properties, model=...)`` adds a resource whose
    logical id is ``logical_id(kind, name)`` and returns that id; ``ref(model)``
    is the ``Ref`` of a model already added (or an ``Fn::ImportValue`` of a
    stack it imports from); ``note(text)`` records what the template leaves out.
    """

    def __init__(self, *, imports=(), skip=()):
        self.resources: dict[str, dict] = {}
        self.outputs: dict[str, dict] = {}
        self.parameters: dict[str, dict] = {}
        self.notes: list[str] = []
        self._ids: dict[int, str] = {}
        self._models: dict[int, object] = {}  # keeps exported models alive so id() stays theirs
        self._imports = list(imports)
        self._skip = {id(m) for m in skip}
        self._done: set[int] = set()

    # ----- ids --------------------------------------------------------------------------------

    def _unique(self, base: str, name: str) -> str:
        if base not in self.resources and base not in self.parameters:
            return base
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8].upper()
        candidate = f"{base[:240]}{digest}"
        counter = 2
        while candidate in self.resources or candidate in self.parameters:
            candidate = f"{base[:240]}{digest}{counter}"
            counter += 1
        return candidate

    def add(
        self,
        kind: str,
        name: str,
        resource_type: str,
        properties: Mapping | None = None,
        *,
        model=None,
        depends_on=(),
        tags: bool = True,
        **attributes,
    ) -> str:
        """Add one resource; its logical id is derived from ``kind`` and ``name``; returns the id."""
        if not isinstance(name, str) or not isinstance(kind, str):
            raise TypeError("kind and name must be str")
        try:
            base = logical_id(kind, name)
            if logical_id(name).lower().startswith(logical_id(kind).lower()):
                base = (
                    logical_id(kind) + logical_id(name)[len(logical_id(kind)) :]
                )  # "eip-nat" -> EipNat, not EipEipNat
        except TemplateError:
            base = logical_id(kind) + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8].upper()
        if len(self.resources) >= _MAX_RESOURCES:
            raise TemplateError(
                f"the models need more than {_MAX_RESOURCES} resources; one template declares at most {_MAX_RESOURCES} "
                "(split them into layered stacks)"
            )
        logical = self._unique(base, name)
        body: dict = {"Type": resource_type}
        if depends_on:
            body["DependsOn"] = sorted(set(depends_on)) if len(set(depends_on)) > 1 else next(iter(depends_on))
        body.update(attributes)
        props = dict(properties or {})
        if tags and name:
            props.setdefault("Tags", [{"Key": "Name", "Value": name}])
        if props:
            body["Properties"] = props
        self.resources[logical] = body
        if model is not None:
            self._ids[id(model)] = logical
            self._models[id(model)] = model
        return logical

    def logical_id_of(self, model) -> str | None:
        """The logical id a model got in this template (None if it is not here)."""
        return self._ids.get(id(model))

    def has(self, model) -> bool:
        return id(model) in self._ids

    def alias(self, model, logical: str, attribute: str) -> None:
        """Name a model that is an attribute of a resource (a VPC's default security group is ``Vpc.DefaultSecurityGroup``)."""
        self._ids[id(model)] = f"{logical}.{attribute}"
        self._models[id(model)] = model

    def ref(self, model, *, what: str = "resource") -> dict:
        """``Ref`` to a model in this template, or ``Fn::ImportValue`` of the stack that exports it."""
        here = self._ids.get(id(model))
        if here is not None:
            return get_att(*here.split(".", 1)) if "." in here else ref(here)
        for stack in self._imports:
            export = stack.export_for(model)
            if export is not None:
                return import_value(export)
        name = getattr(model, "name", type(model).__name__)
        raise TemplateError(
            f"{what} {name!r} is neither in this template nor exported by a stack it imports from; export it "
            "here too, or pass the stack that exports it with imports=[...]"
        )

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def output(self, name: str, value, *, description: str = "", export: str | dict | None = None) -> str:
        """Add an output (with an ``Export`` name when given); returns its logical id."""
        key = self._unique(logical_id(name), name) if logical_id(name) in self.outputs else logical_id(name)
        body: dict = {"Value": value}
        if description:
            body["Description"] = description
        if export is not None:
            body["Export"] = {"Name": export}
        self.outputs[key] = body
        return key

    def parameter(self, name: str, body: dict) -> dict:
        """Declare a parameter once and return its ``Ref``."""
        self.parameters.setdefault(name, body)
        return ref(name)

    # ----- models -----------------------------------------------------------------------------

    def export(self, model) -> None:
        """Export one model with its registered exporter (once, even if listed twice)."""
        if id(model) in self._done or id(model) in self._skip:
            return
        exporter = exporter_for(model)
        if exporter is None:
            raise TypeError(
                f"no CloudFormation exporter for {type(model).__name__}; exportable: "
                f"{', '.join(n.rsplit('.', 1)[1] for n in exportable_types())} (register one with register_exporter)"
            )
        self._done.add(id(model))
        exporter(model, self)

    def skipped(self, model) -> bool:
        return id(model) in self._skip


def to_cloudformation(*models, description: str | None = None, export: bool = False, imports=(), skip=()) -> Template:
    """A CloudFormation :class:`Template` for the given models.

    Args:
        *models: VPCs (with their subnets, route tables, gateways, security
            groups, network ACLs, endpoints and load balancers), S3 buckets,
            IAM roles, managed policies or accounts, and any model a later
            chapter registered with :func:`register_exporter`.
        description: The template's Description (at most 1,024 bytes).
        export: Add an Output with an ``Export`` for each VPC, subnet and
            security group, named ``<stack name>-<logical id>``, for other
            stacks to import.
        imports: :class:`~awsbasics.iac.Stack` objects whose exports this
            template may use (``Fn::ImportValue``) for models it does not hold.
        skip: Models to leave out (e.g. load balancers another stack holds).

    >>> from awsbasics.storage.s3 import Bucket
    >>> t = to_cloudformation(Bucket("seoul-logs-2026", versioning=True))
    >>> t["Resources"]["BucketSeoulLogs2026"]["Properties"]["VersioningConfiguration"]["Status"]
    'Enabled'

    Raises:
        TemplateError: a description that is too long, more resources than one
            template may declare, or a reference to a model neither here nor imported.
        TypeError: a model with no exporter.
    """
    if not models:
        raise TemplateError("to_cloudformation needs at least one model: a template declares at least one resource")
    if len(models) > _MAX_RESOURCES:
        raise TemplateError(f"{len(models):,} models; one template declares at most {_MAX_RESOURCES} resources")
    if description is not None:
        if not isinstance(description, str):
            raise TypeError(f"description must be str, not {type(description).__name__}")
        size = len(description.encode("utf-8", "surrogatepass"))
        if size > _MAX_DESCRIPTION_BYTES:
            raise TemplateError(
                f"the description is {size:,} bytes; a template description holds at most {_MAX_DESCRIPTION_BYTES:,}"
            )
    if not isinstance(export, bool):
        raise TypeError(f"export must be True or False, not {type(export).__name__}")
    imports = _stacks(imports)
    skip = _members(skip, "skip")
    builder = TemplateBuilder(imports=imports, skip=skip)
    for model in models:
        builder.export(model)
    if not builder.resources:
        raise TemplateError("the models given export no resources (all skipped?); a template needs at least one")
    if export:
        _add_exports(builder)
    if len(builder.outputs) > _MAX_OUTPUTS:
        raise TemplateError(f"{len(builder.outputs)} outputs; one template declares at most {_MAX_OUTPUTS}")
    document: dict = {"AWSTemplateFormatVersion": FORMAT_VERSION}
    if description:
        document["Description"] = description
    if builder.parameters:
        document["Parameters"] = builder.parameters
    document["Resources"] = builder.resources
    if builder.outputs:
        document["Outputs"] = builder.outputs
    sources = {key: (builder._models[key], logical) for key, logical in builder._ids.items()}
    return Template(document, notes=builder.notes, sources=sources)


def _stacks(imports) -> list:
    items = _members(imports, "imports")
    for item in items:
        if not hasattr(item, "export_for"):
            raise TypeError(f"imports holds Stack objects, not {type(item).__name__}")
    return items


_MAX_LISTED = 10_000  # a bound of this library on skip=/imports= lists, not an AWS number


def _members(values, what: str) -> list:
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{what} must be a list, not {type(values).__name__}")
    items = list(itertools.islice(values, _MAX_LISTED + 1))
    if len(items) > _MAX_LISTED:
        raise TemplateError(f"{what} lists more than {_MAX_LISTED:,} items (this library's bound)")
    return items


_EXPORTED_TYPES = {"AWS::EC2::VPC": "VPC", "AWS::EC2::Subnet": "subnet", "AWS::EC2::SecurityGroup": "security group"}


def _add_exports(builder: TemplateBuilder) -> None:
    for logical, resource in list(builder.resources.items()):
        what = _EXPORTED_TYPES.get(resource["Type"])
        if what is None:
            continue
        builder.output(
            f"{logical}Id",
            ref(logical),
            description=f"the {what} id of {logical}",
            export=sub(f"${{AWS::StackName}}-{logical}"),
        )
        if resource["Type"] == "AWS::EC2::VPC":
            builder.output(
                f"{logical}DefaultSecurityGroup",
                get_att(logical, "DefaultSecurityGroup"),
                description=f"the default security group of {logical}",
                export=sub(f"${{AWS::StackName}}-{logical}DefaultSecurityGroup"),
            )


# =============================================================================================
# Built-in exporters. They read the models through their public properties only.
# =============================================================================================


def _name_tag(name: str) -> list[dict]:
    return [{"Key": "Name", "Value": name}]


_PROTOCOLS = {"tcp": ("tcp", 6), "udp": ("udp", 17), "icmp": ("icmp", 1), "all": ("-1", -1)}


def _az(vpc, az: str, builder: TemplateBuilder):
    """A literal AZ name when the model names its Region; else the AZ picked by position with Fn::GetAZs."""
    if vpc.region is not None:
        return az
    zones = sorted(vpc.availability_zones)
    builder.note(
        f"VPC {vpc.name} names no Region, so its Availability Zones ({', '.join(zones)}) become "
        "!Select [i, !GetAZs ''] in sorted order: the stack's Region decides the real zones"
    )
    return {"Fn::Select": [zones.index(az), {"Fn::GetAZs": ""}]}


def _export_vpc(vpc, builder: TemplateBuilder) -> None:
    vpc_id = builder.add("Vpc", vpc.name, "AWS::EC2::VPC", {"CidrBlock": str(vpc.cidr)}, model=vpc)
    builder.alias(vpc.default_security_group, vpc_id, "DefaultSecurityGroup")
    blocks = {}
    for index, block in enumerate(vpc.cidr_blocks[1:], start=2):
        blocks[str(block)] = builder.add(
            "VpcCidrBlock",
            f"{vpc.name}-{index}",
            "AWS::EC2::VPCCidrBlock",
            {"VpcId": ref(vpc_id), "CidrBlock": str(block)},
            tags=False,
        )
    ipv6_blocks = tuple(getattr(vpc, "ipv6_cidr_blocks", ()))
    ipv6_block_id = None
    if ipv6_blocks:
        # CloudFormation asks Amazon for a block; which /56 it gets is decided then, not by the template.
        ipv6_block_id = builder.add(
            "VpcCidrBlock",
            f"{vpc.name}-ipv6",
            "AWS::EC2::VPCCidrBlock",
            {"VpcId": ref(vpc_id), "AmazonProvidedIpv6CidrBlock": True},
            tags=False,
        )
        builder.note(
            f"VPC {vpc.name}'s IPv6 block {ipv6_blocks[0]} is Amazon-provided: the stack gets a new /56, "
            "and each subnet takes the same-numbered /64 of it"
        )
        if len(ipv6_blocks) > 1:
            builder.note(f"VPC {vpc.name}: only its first IPv6 block is exported")
    # --- subnets
    for subnet in vpc.subnets:
        secondary = next((lid for text, lid in blocks.items() if _within(subnet.cidr, text, vpc)), None)
        properties = {
            "VpcId": ref(vpc_id),
            "CidrBlock": str(subnet.cidr),
            "AvailabilityZone": _az(vpc, subnet.az, builder),
        }
        depends = [secondary] if secondary else []
        ipv6 = getattr(subnet, "ipv6_cidr", None)
        if ipv6 is not None and ipv6_block_id is not None and ipv6_blocks[0].contains(ipv6):
            index = (ipv6.network - ipv6_blocks[0].network) >> (128 - ipv6.prefix)
            properties["Ipv6CidrBlock"] = {
                "Fn::Select": [
                    index,
                    {"Fn::Cidr": [{"Fn::Select": [0, get_att(vpc_id, "Ipv6CidrBlocks")]}, 256, 128 - ipv6.prefix]},
                ]
            }
            depends.append(ipv6_block_id)
        builder.add("Subnet", subnet.name, "AWS::EC2::Subnet", properties, model=subnet, depends_on=tuple(depends))
    egress_only = getattr(vpc, "egress_only_internet_gateway", None)
    for gateway in (egress_only,) if egress_only is not None else ():
        builder.add(
            "EgressOnlyInternetGateway",
            gateway.name,
            "AWS::EC2::EgressOnlyInternetGateway",
            {"VpcId": ref(vpc_id)},
            model=gateway,
            tags=False,
        )
    # --- internet gateway
    attachment = None
    for igw in vpc.internet_gateways:
        gid = builder.add("InternetGateway", igw.name, "AWS::EC2::InternetGateway", {}, model=igw)
        if igw.attached:
            attachment = builder.add(
                "GatewayAttachment",
                igw.name,
                "AWS::EC2::VPCGatewayAttachment",
                {"VpcId": ref(vpc_id), "InternetGatewayId": ref(gid)},
                tags=False,
            )
        else:
            builder.note(f"internet gateway {igw.name} is detached: exported without a VPCGatewayAttachment")
    # --- Elastic IPs and NAT gateways
    nat_eips = {id(nat.elastic_ip) for nat in vpc.nat_gateways if nat.elastic_ip is not None}
    for eip in vpc.elastic_ips:
        if id(eip) in nat_eips:
            continue
        builder.add("Eip", eip.name, "AWS::EC2::EIP", {"Domain": "vpc"}, model=eip)
        if eip.associated:
            builder.note(f"Elastic IP {eip.name} is exported unassociated: instances are not part of the template")
    for nat in vpc.nat_gateways:
        if nat.connectivity == "private":  # a private NAT gateway has no Elastic IP and never reaches the internet
            builder.add(
                "NatGateway",
                nat.name,
                "AWS::EC2::NatGateway",
                {"SubnetId": builder.ref(nat.subnet), "ConnectivityType": "private"},
                model=nat,
            )
            continue
        eip = builder.add(
            "Eip",
            nat.elastic_ip.name,
            "AWS::EC2::EIP",
            {"Domain": "vpc"},
            model=nat.elastic_ip,
            depends_on=(attachment,) if attachment else (),
        )
        builder.add(
            "NatGateway",
            nat.name,
            "AWS::EC2::NatGateway",
            {"SubnetId": builder.ref(nat.subnet), "AllocationId": get_att(eip, "AllocationId")},
            model=nat,
        )
    # --- route tables, routes, associations
    _export_routes(vpc, vpc_id, attachment, builder)
    # --- security groups
    _export_security_groups(vpc, vpc_id, builder)
    # --- network ACLs
    _export_network_acls(vpc, vpc_id, builder)
    # --- endpoints
    for endpoint in vpc.endpoints:
        properties: dict = {
            "VpcId": ref(vpc_id),
            "ServiceName": sub(f"com.amazonaws.${{AWS::Region}}.{endpoint.service}"),
            "VpcEndpointType": endpoint.kind.capitalize(),
        }
        if endpoint.kind == "gateway":
            properties["RouteTableIds"] = [builder.ref(t) for t in endpoint.route_tables]
        else:
            properties["SubnetIds"] = [builder.ref(s) for s in endpoint.subnets]
            groups = _endpoint_groups(endpoint)
            if groups:
                properties["SecurityGroupIds"] = [_group_ref(g, builder) for g in groups]
            properties["PrivateDnsEnabled"] = True
        builder.add("Endpoint", endpoint.name, "AWS::EC2::VPCEndpoint", properties, model=endpoint, tags=False)
    # --- load balancers
    for balancer in vpc.load_balancers:
        if not builder.skipped(balancer):
            builder.export(balancer)
    # --- what the template leaves out
    if vpc.instances:
        builder.note(f"{len(vpc.instances)} instance(s) are not exported: the model holds no AMI or instance type")
    for peering in vpc.peering_connections:
        builder.note(f"peering connection {peering.name} is not exported: it joins two VPCs' stacks")
    for tgw in vpc.transit_gateways:
        builder.note(f"transit gateway {tgw.name} is not exported: it is shared by several VPCs")


def _within(cidr, block_text: str, vpc) -> bool:
    block = next(b for b in vpc.cidr_blocks if str(b) == block_text)
    return block.contains(cidr)


def _endpoint_groups(endpoint) -> list:
    groups = []
    for interface in endpoint.interfaces:
        for group in interface.security_groups:
            if group not in groups:
                groups.append(group)
    return groups


def _group_ref(group, builder: TemplateBuilder):
    """A security group's id: its Ref, or the VPC's DefaultSecurityGroup attribute for the default group."""
    return builder.ref(group, what="security group")


def _export_routes(vpc, vpc_id: str, attachment: str | None, builder: TemplateBuilder) -> None:
    from awsbasics.network.gateways import InternetGateway, NatGateway, VpcEndpoint

    main = vpc.main_route_table
    for table in vpc.route_tables:
        custom_routes = [r for r in table.routes if r.target != "local" and not isinstance(r.target, VpcEndpoint)]
        endpoints_use = any(isinstance(r.target, VpcEndpoint) for r in table.routes)
        if table is main and not custom_routes and not endpoints_use:
            continue  # the main table exists with the VPC; CloudFormation cannot name it
        rt = builder.add("RouteTable", table.name, "AWS::EC2::RouteTable", {"VpcId": ref(vpc_id)}, model=table)
        subnets = table.subnets if table is main else table.explicit_subnets
        if table is main:
            builder.note(
                f"route table {table.name} is the VPC's main table, which a template cannot name: it is exported "
                f"as {rt}, and the subnets that use it implicitly are associated with it explicitly"
            )
        for subnet in subnets:
            builder.add(
                "RouteTableAssociation",
                f"{table.name}-{subnet.name}",
                "AWS::EC2::SubnetRouteTableAssociation",
                {"RouteTableId": ref(rt), "SubnetId": builder.ref(subnet)},
                tags=False,
            )
        for route in custom_routes:
            key = "DestinationIpv6CidrBlock" if ":" in str(route.destination) else "DestinationCidrBlock"
            properties = {"RouteTableId": ref(rt), key: str(route.destination)}
            depends = ()
            if isinstance(route.target, InternetGateway):
                if not route.target.attached:
                    builder.note(
                        f"route {route.destination} in {table.name} is a blackhole (gateway detached): left out"
                    )
                    continue
                properties["GatewayId"] = builder.ref(route.target)
                depends = (attachment,) if attachment else ()
            elif isinstance(route.target, NatGateway):
                properties["NatGatewayId"] = builder.ref(route.target)
            elif type(route.target).__name__ == "EgressOnlyInternetGateway" and builder.has(route.target):
                properties["EgressOnlyInternetGatewayId"] = builder.ref(route.target)
            else:
                builder.note(
                    f"route {route.destination} -> {route.target.name} in {table.name} is not exported: its "
                    "target lives outside this VPC's template"
                )
                continue
            builder.add(
                "Route",
                f"{table.name}-{route.destination}",
                "AWS::EC2::Route",
                properties,
                depends_on=depends,
                tags=False,
            )


def _sg_rule(rule, *, egress: bool, builder: TemplateBuilder) -> dict:
    protocol, _ = _PROTOCOLS[rule.protocol]
    body: dict = {"IpProtocol": protocol}
    if rule.protocol in ("tcp", "udp"):
        body["FromPort"], body["ToPort"] = rule.from_port, rule.to_port
    elif rule.protocol == "icmp":
        body["FromPort"], body["ToPort"] = -1, -1
    if rule.description:
        body["Description"] = rule.description
    return body


def _export_security_groups(vpc, vpc_id: str, builder: TemplateBuilder) -> None:
    default = vpc.default_security_group
    groups = [g for g in vpc.security_groups if g is not default]
    by_id = {g.id: g for v in _connected_vpcs(vpc) for g in v.security_groups}
    for group in groups:
        inbound = [r for r in group.inbound() if not r.peer.startswith("sg-")]
        outbound = [r for r in group.outbound() if not r.peer.startswith("sg-")]
        properties: dict = {
            "GroupDescription": group.description or f"{group.name} security group",
            "VpcId": ref(vpc_id),
        }
        if inbound:
            properties["SecurityGroupIngress"] = [
                {**_sg_rule(r, egress=False, builder=builder), **_cidr(r.peer)} for r in inbound
            ]
        if [(r.protocol, r.peer) for r in outbound] == [("all", "0.0.0.0/0")]:
            pass  # CloudFormation adds the allow-all outbound rule itself when no egress is listed
        elif outbound:
            properties["SecurityGroupEgress"] = [
                {**_sg_rule(r, egress=True, builder=builder), **_cidr(r.peer)} for r in outbound
            ]
        else:
            properties["SecurityGroupEgress"] = [dict(_NO_EGRESS)]
        builder.add("SecurityGroup", group.name, "AWS::EC2::SecurityGroup", properties, model=group)
    if _default_changed(default):
        builder.note(
            "the default security group's rules were changed in the model; a template cannot redefine "
            "them, so they stay as AWS creates them"
        )
    # Rules that name a group become separate resources, so two groups naming each other form no cycle.
    for group in groups:
        for rule in (r for r in group.rules if r.peer.startswith("sg-")):
            peer = by_id.get(rule.peer)
            if peer is None:
                builder.note(f"rule '{rule.text()}' of {group.name} names a group outside the exported VPCs: left out")
                continue
            egress = rule.direction == "outbound"
            body = {"GroupId": ref(builder.logical_id_of(group)), **_sg_rule(rule, egress=egress, builder=builder)}
            key = "DestinationSecurityGroupId" if egress else "SourceSecurityGroupId"
            try:
                body[key] = _group_ref(peer, builder)
            except TemplateError:
                builder.note(
                    f"rule '{rule.text()}' of {group.name} names group {peer.name}, which is not exported: left out"
                )
                continue
            kind = "SecurityGroupEgress" if egress else "SecurityGroupIngress"
            builder.add(
                kind,
                f"{group.name}-{peer.name}-{rule.protocol}-{rule.from_port}-{rule.to_port}",
                f"AWS::EC2::{kind}",
                body,
                tags=False,
            )


def _cidr(peer: str) -> dict:
    return {"CidrIpv6": peer} if ":" in peer else {"CidrIp": peer}


def _default_changed(group) -> bool:
    from awsbasics.network import VPC

    model = VPC("10.0.0.0/16")
    if getattr(group.vpc, "ipv6_cidr_blocks", ()):
        model.assign_ipv6_cidr_block()
    fresh = model.default_security_group
    shape = sorted((r.direction, r.protocol, r.from_port, r.to_port, r.peer == group.id or r.peer) for r in group.rules)
    expected = sorted(
        (r.direction, r.protocol, r.from_port, r.to_port, r.peer == fresh.id or r.peer) for r in fresh.rules
    )
    return shape != expected


def _connected_vpcs(vpc) -> list:
    vpcs = [vpc]
    vpcs += [p.other(vpc) for p in vpc.peering_connections]
    vpcs += [a.vpc for tgw in vpc.transit_gateways for a in tgw.attachments]
    return list({id(v): v for v in vpcs}.values())


def _export_network_acls(vpc, vpc_id: str, builder: TemplateBuilder) -> None:
    from awsbasics.network.security import DEFAULT_ALLOW_RULE

    for acl in vpc.network_acls:
        numbered = [r for r in acl.rules if r.number is not None]
        if acl.is_default:
            defaults = {DEFAULT_ALLOW_RULE: "0.0.0.0/0"}
            if getattr(vpc, "ipv6_cidr_blocks", ()):
                defaults[data.value("vpc", "default_network_acl_ipv6_rule")] = "::/0"
            default_rules = {(d, n) for d in ("inbound", "outbound") for n in defaults}
            extra = [r for r in numbered if (r.direction, r.number) not in default_rules]
            kept = [r for r in numbered if (r.direction, r.number) in default_rules]
            if len(kept) != len(default_rules) or any(
                r.action != "allow" or r.protocol != "all" or r.cidr != defaults[r.number] for r in kept
            ):
                builder.note(
                    "the default network ACL's rule 100 was changed or removed: a template cannot change "
                    "the rules AWS creates with the VPC, so they stay allow-all"
                )
            if not extra:
                continue
            acl_ref = get_att(builder.logical_id_of(vpc), "DefaultNetworkAcl")
            prefix = f"{vpc.name}-default"
            numbered = extra
        else:
            acl_id = builder.add("NetworkAcl", acl.name, "AWS::EC2::NetworkAcl", {"VpcId": ref(vpc_id)}, model=acl)
            acl_ref = ref(acl_id)
            prefix = acl.name
            for subnet in acl.subnets:
                builder.add(
                    "NetworkAclAssociation",
                    f"{acl.name}-{subnet.name}",
                    "AWS::EC2::SubnetNetworkAclAssociation",
                    {"NetworkAclId": acl_ref, "SubnetId": builder.ref(subnet)},
                    tags=False,
                )
        for rule in numbered:
            _, number = _PROTOCOLS[rule.protocol]
            body: dict = {
                "NetworkAclId": acl_ref,
                "RuleNumber": rule.number,
                "Protocol": number,
                "RuleAction": rule.action,
                "Egress": rule.direction == "outbound",
                ("Ipv6CidrBlock" if ":" in rule.cidr else "CidrBlock"): rule.cidr,
            }
            if rule.protocol in ("tcp", "udp"):
                body["PortRange"] = {"From": rule.from_port, "To": rule.to_port}
            elif rule.protocol == "icmp":
                body["Icmp"] = {"Code": -1, "Type": -1}
            builder.add(
                "NetworkAclEntry",
                f"{prefix}-{rule.direction}-{rule.number}",
                "AWS::EC2::NetworkAclEntry",
                body,
                tags=False,
            )


_TG_PROTOCOL = {"HTTP": "HTTP", "HTTPS": "HTTP", "TCP": "TCP", "TLS": "TCP", "UDP": "UDP", "TCP_UDP": "TCP_UDP"}


def _export_load_balancer(balancer, builder: TemplateBuilder) -> None:
    properties: dict = {
        "Type": balancer.kind,
        "Scheme": balancer.scheme,
        "Subnets": [builder.ref(s, what="subnet") for s in balancer.subnets],
    }
    if balancer.security_groups:
        properties["SecurityGroups"] = [_group_ref(g, builder) for g in balancer.security_groups]
    depends = ()
    vpc = balancer.vpc
    if balancer.scheme == "internet-facing" and builder.has(vpc):
        attachment = next(
            (
                lid
                for lid, r in builder.resources.items()
                if r["Type"] == "AWS::EC2::VPCGatewayAttachment"
                and r["Properties"]["VpcId"] == ref(builder.logical_id_of(vpc))
            ),
            None,
        )
        depends = (attachment,) if attachment else ()
    lb = builder.add(
        "LoadBalancer",
        balancer.name,
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        properties,
        model=balancer,
        depends_on=depends,
    )
    vpc_ref = builder.ref(vpc, what="VPC")
    default_tg_protocol = "HTTP" if balancer.kind == "application" else "TCP"
    for group in balancer.target_groups:
        used = [
            listener.protocol
            for listener in balancer.listeners
            if listener.default is group or any(r.target_group is group for r in listener.rules)
        ]
        protocol = _TG_PROTOCOL.get(used[0], default_tg_protocol) if used else default_tg_protocol
        builder.add(
            "TargetGroup",
            f"{balancer.name}-{group.name}",
            "AWS::ElasticLoadBalancingV2::TargetGroup",
            {"VpcId": vpc_ref, "Port": group.port, "Protocol": protocol, "TargetType": "instance"},
            model=group,
        )
        if group.targets:
            builder.note(
                f"target group {group.name}: its {len(group.targets)} instance target(s) are registered "
                "outside the template (instances are not exported)"
            )
    for listener in balancer.listeners:
        body: dict = {
            "LoadBalancerArn": ref(lb),
            "Port": listener.port,
            "Protocol": listener.protocol,
            "DefaultActions": [{"Type": "forward", "TargetGroupArn": builder.ref(listener.default)}],
        }
        if listener.protocol in ("HTTPS", "TLS"):
            certificate = builder.parameter(
                "CertificateArn",
                {"Type": "String", "Description": "ARN of the ACM certificate for HTTPS/TLS listeners"},
            )
            body["Certificates"] = [{"CertificateArn": certificate}]
        lid = builder.add(
            "Listener",
            f"{balancer.name}-{listener.port}",
            "AWS::ElasticLoadBalancingV2::Listener",
            body,
            model=listener,
            tags=False,
        )
        for rule in listener.rules:
            conditions = []
            if rule.host:
                conditions.append({"Field": "host-header", "HostHeaderConfig": {"Values": [rule.host]}})
            if rule.path:
                conditions.append({"Field": "path-pattern", "PathPatternConfig": {"Values": [rule.path]}})
            builder.add(
                "ListenerRule",
                f"{balancer.name}-{listener.port}-{rule.priority}",
                "AWS::ElasticLoadBalancingV2::ListenerRule",
                {
                    "ListenerArn": ref(lid),
                    "Priority": rule.priority,
                    "Conditions": conditions,
                    "Actions": [{"Type": "forward", "TargetGroupArn": builder.ref(rule.target_group)}],
                },
                tags=False,
            )


def _export_bucket(bucket, builder: TemplateBuilder) -> None:
    properties: dict = {"BucketName": bucket.name}
    if bucket.versioning == "Enabled":
        properties["VersioningConfiguration"] = {"Status": "Enabled"}
    lifecycle = bucket.lifecycle
    if lifecycle is not None:
        rule: dict = {"Id": "awsbasics-rule", "Status": "Enabled"}
        if lifecycle.transitions:
            rule["Transitions"] = [
                {"StorageClass": code, "TransitionInDays": days} for code, days in lifecycle.transitions
            ]
        if lifecycle.expiration_days is not None:
            rule["ExpirationInDays"] = lifecycle.expiration_days
        properties["LifecycleConfiguration"] = {
            "Rules": [rule],
            "TransitionDefaultMinimumObjectSize": lifecycle.transition_default_minimum_object_size,
        }
    properties["PublicAccessBlockConfiguration"] = bucket.public_access_block.to_aws()
    bid = builder.add("Bucket", bucket.name, "AWS::S3::Bucket", properties, model=bucket)
    if bucket.policy is not None:
        builder.add(
            "BucketPolicy",
            bucket.name,
            "AWS::S3::BucketPolicy",
            {"Bucket": ref(bid), "PolicyDocument": bucket.policy.document},
            tags=False,
        )


def _aws_managed_arn(name: str) -> dict:
    return sub(f"arn:${{AWS::Partition}}:iam::aws:policy/{name}")


def _export_managed_policy(managed, builder: TemplateBuilder) -> None:
    if managed.aws_managed:
        builder.note(f"{managed.name} is an AWS managed policy: roles refer to its ARN, nothing is created")
        return
    if builder.has(managed):
        return
    builder.add(
        "ManagedPolicy",
        managed.name,
        "AWS::IAM::ManagedPolicy",
        {"ManagedPolicyName": managed.name, "PolicyDocument": managed.policy.document},
        model=managed,
        tags=False,
    )


def _export_role(role, builder: TemplateBuilder) -> None:
    arns = []
    for managed in role.managed_policies:
        if managed.aws_managed:
            arns.append(_aws_managed_arn(managed.name))
        else:
            if not builder.has(managed):
                _export_managed_policy(managed, builder)
            arns.append(builder.ref(managed))
    properties: dict = {"RoleName": role.name, "AssumeRolePolicyDocument": role.trust_policy.document}
    if arns:
        properties["ManagedPolicyArns"] = arns
    inline = role.inline_policies
    if inline:
        properties["Policies"] = [
            {"PolicyName": name, "PolicyDocument": policy.document} for name, policy in inline.items()
        ]
    from awsbasics.iam.identities import SESSION_DEFAULT_SECONDS

    if role.max_session_duration_seconds != SESSION_DEFAULT_SECONDS:
        properties["MaxSessionDuration"] = role.max_session_duration_seconds
    if role.permissions_boundary is not None:
        boundary = role.permissions_boundary
        if boundary.aws_managed:
            properties["PermissionsBoundary"] = _aws_managed_arn(boundary.name)
        else:
            if not builder.has(boundary):
                _export_managed_policy(boundary, builder)
            properties["PermissionsBoundary"] = builder.ref(boundary)
    rid = builder.add("Role", role.name, "AWS::IAM::Role", properties, model=role, tags=False)
    if _trusts_ec2(role.trust_policy.document):
        builder.add(
            "InstanceProfile",
            role.name,
            "AWS::IAM::InstanceProfile",
            {"InstanceProfileName": role.name, "Roles": [ref(rid)]},
            tags=False,
        )


def _trusts_ec2(document: dict) -> bool:
    """Whether a trust policy lets EC2 assume the role (then instances need an instance profile to carry it)."""
    statements = document.get("Statement", [])
    statements = [statements] if isinstance(statements, dict) else statements
    for statement in statements:
        if statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal", {})
        services = principal.get("Service", []) if isinstance(principal, dict) else []
        services = [services] if isinstance(services, str) else services
        if "ec2.amazonaws.com" in services:
            return True
    return False


def _export_account(account, builder: TemplateBuilder) -> None:
    for role in account.roles:
        builder.export(role)
    if account.users or account.groups:
        builder.note(
            f"account {account.id}: {len(account.users)} user(s) and {len(account.groups)} group(s) are not "
            "exported (people sign in through IAM Identity Center or federation, not stacks)"
        )
