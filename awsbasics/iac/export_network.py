"""The CloudFormation exporters of the network models: a VPC with everything in it, and its load balancers.

A VPC becomes its subnets, route tables, routes and associations, internet and
NAT gateways with their Elastic IPs, security groups (rules that reference each
other as separate resources where a cycle would arise), network ACLs and their
entries, endpoints and IPv6 blocks. Registered by :mod:`awsbasics.iac.export`.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/AWS_EC2.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics.errors import TemplateError
from awsbasics.iac.template import get_att, ref, sub

if TYPE_CHECKING:
    from awsbasics.iac.export import TemplateBuilder

__all__ = ["export_vpc", "export_load_balancer"]

_NO_EGRESS: dict = data.value("iac", "security_group_no_egress_rule")
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


def export_vpc(vpc, builder: TemplateBuilder) -> None:
    """Add ``vpc`` and everything in it (its load balancers through their own exporter) to ``builder``."""
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
        properties: dict = {
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
        properties = {
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
            depends: tuple[str, ...] = ()
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
            body = {"GroupId": ref(_logical_id(builder, group)), **_sg_rule(rule, egress=egress, builder=builder)}
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


def _logical_id(builder: TemplateBuilder, model) -> str:
    """The logical id of a model this template already holds."""
    logical = builder.logical_id_of(model)
    if logical is None:
        raise TemplateError(f"{getattr(model, 'name', model)!r} is not in this template yet")
    return logical


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
            acl_ref = get_att(_logical_id(builder, vpc), "DefaultNetworkAcl")
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


def export_load_balancer(balancer, builder: TemplateBuilder) -> None:
    """Add a load balancer, its listeners (and rules) and its target groups to ``builder``."""
    properties: dict = {
        "Type": balancer.kind,
        "Scheme": balancer.scheme,
        "Subnets": [builder.ref(s, what="subnet") for s in balancer.subnets],
    }
    if balancer.security_groups:
        properties["SecurityGroups"] = [_group_ref(g, builder) for g in balancer.security_groups]
    depends: tuple[str, ...] = ()
    vpc = balancer.vpc
    if balancer.scheme == "internet-facing" and builder.has(vpc):
        attachment = next(
            (
                lid
                for lid, r in builder.resources.items()
                if r["Type"] == "AWS::EC2::VPCGatewayAttachment"
                and r["Properties"]["VpcId"] == ref(_logical_id(builder, vpc))
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
