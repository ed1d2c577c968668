"""VPC.from_aws on describe-* responses that boto3 gets from moto's EC2 mock, and back with to_aws."""

import pytest

from awsbasics.errors import VpcError
from awsbasics.network import VPC, reachability

moto = pytest.importorskip(
    "moto", reason="moto is a test dependency for the AWS import round trip; pip install 'moto[ec2]'"
)
boto3 = pytest.importorskip("boto3", reason="boto3 comes with moto[ec2]")

REGION = "ap-northeast-2"


def _name(ec2, resource_id, name):
    ec2.create_tags(Resources=[resource_id], Tags=[{"Key": "Name", "Value": name}])


@pytest.fixture(scope="module")
def described():
    """Build a two-tier VPC in moto through boto3 and return its describe-* responses."""
    with moto.mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        _name(ec2, vpc_id, "shop")
        public = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.0.0/24", AvailabilityZone=f"{REGION}a")["Subnet"][
            "SubnetId"
        ]
        private = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.16.0/20", AvailabilityZone=f"{REGION}a")["Subnet"][
            "SubnetId"
        ]
        _name(ec2, public, "public-a")
        _name(ec2, private, "private-a")
        igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc_id)
        public_rt = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
        _name(ec2, public_rt, "public")
        ec2.create_route(RouteTableId=public_rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
        ec2.associate_route_table(RouteTableId=public_rt, SubnetId=public)
        allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
        nat = ec2.create_nat_gateway(SubnetId=public, AllocationId=allocation)["NatGateway"]["NatGatewayId"]
        private_rt = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
        _name(ec2, private_rt, "private")
        ec2.create_route(RouteTableId=private_rt, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
        ec2.associate_route_table(RouteTableId=private_rt, SubnetId=private)
        web = ec2.create_security_group(GroupName="web", Description="web tier", VpcId=vpc_id)["GroupId"]
        app = ec2.create_security_group(GroupName="app", Description="app tier", VpcId=vpc_id)["GroupId"]
        ec2.authorize_security_group_ingress(
            GroupId=web,
            IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
            ],
        )
        ec2.authorize_security_group_ingress(
            GroupId=app,
            IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": web}]}
            ],
        )
        acl = ec2.create_network_acl(VpcId=vpc_id)["NetworkAcl"]["NetworkAclId"]
        _name(ec2, acl, "private")
        for number, egress, ports in ((100, False, (8080, 8080)), (110, False, (1024, 65535)), (100, True, (0, 65535))):
            ec2.create_network_acl_entry(
                NetworkAclId=acl,
                RuleNumber=number,
                Protocol="6",
                RuleAction="allow",
                Egress=egress,
                CidrBlock="0.0.0.0/0",
                PortRange={"From": ports[0], "To": ports[1]},
            )
        ec2.create_network_acl_entry(
            NetworkAclId=acl, RuleNumber=90, Protocol="-1", RuleAction="deny", Egress=False, CidrBlock="198.51.100.0/24"
        )
        association = next(
            a["NetworkAclAssociationId"]
            for n in ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["NetworkAcls"]
            for a in n["Associations"]
            if a["SubnetId"] == private
        )
        ec2.replace_network_acl_association(AssociationId=association, NetworkAclId=acl)
        yield {
            "vpc_id": vpc_id,
            "vpcs": ec2.describe_vpcs(),
            "subnets": ec2.describe_subnets(),
            "route_tables": ec2.describe_route_tables(),
            "internet_gateways": ec2.describe_internet_gateways(),
            "nat_gateways": ec2.describe_nat_gateways(),
            "security_groups": ec2.describe_security_groups(),
            "network_acls": ec2.describe_network_acls(),
        }


def _model(described):
    return VPC.from_aws(**{k: v for k, v in described.items() if k != "vpc_id"}, vpc_id=described["vpc_id"])


def _mine(items, vpc_id):
    return [i for i in items if i.get("VpcId") == vpc_id]


def _subnets(items):
    return sorted((s["SubnetId"], s["CidrBlock"], s["AvailabilityZone"]) for s in items)


def _routes(items):
    rows = set()
    for table in items:
        for route in table["Routes"]:
            target = route.get("GatewayId") or route.get("NatGatewayId")
            rows.add((table["RouteTableId"], route["DestinationCidrBlock"], target))
        for association in table["Associations"]:
            rows.add((table["RouteTableId"], "main" if association.get("Main") else association["SubnetId"]))
    return rows


def _permissions(groups):
    rows = set()
    for group in groups:
        for key in ("IpPermissions", "IpPermissionsEgress"):
            for p in group[key]:
                peers = [r["CidrIp"] for r in p.get("IpRanges", [])] + [
                    g["GroupId"] for g in p.get("UserIdGroupPairs", [])
                ]
                for peer in peers:
                    rows.add(
                        (
                            group["GroupId"],
                            group["GroupName"],
                            key,
                            p["IpProtocol"],
                            p.get("FromPort"),
                            p.get("ToPort"),
                            peer,
                        )
                    )
    return rows


def _entries(acls):
    rows = set()
    for acl in acls:
        rows.add((acl["NetworkAclId"], acl["IsDefault"]))
        for e in acl["Entries"]:
            if e["RuleNumber"] == 32767:  # the '*' rule: AWS lists it, moto omits it for new ACLs
                continue
            ports = e.get("PortRange") or {}
            rows.add(
                (
                    acl["NetworkAclId"],
                    e["RuleNumber"],
                    str(e["Protocol"]),
                    e["RuleAction"],
                    e["Egress"],
                    e["CidrBlock"],
                    ports.get("From"),
                    ports.get("To"),
                )
            )
        for a in acl["Associations"]:
            rows.add((acl["NetworkAclId"], a["SubnetId"]))
    return rows


def test_from_aws_keeps_ids_names_and_structure(described):
    vpc = _model(described)
    assert vpc.id == described["vpc_id"] and vpc.name == "shop" and vpc.region == REGION
    assert [(s.name, str(s.cidr)) for s in vpc.subnets] == [("public-a", "10.0.0.0/24"), ("private-a", "10.0.16.0/20")]
    public, private = vpc.subnets
    assert public.is_public and not private.is_public
    assert private.route_table.name == "private" and private.network_acl.name == "private"
    assert public.network_acl.is_default
    (nat,) = vpc.nat_gateways
    assert nat.subnet is public and nat.elastic_ip.public_ip
    assert {g.name for g in vpc.security_groups} == {"default", "web", "app"}
    # moto hands NAT gateways a private address outside their subnet; the import says so and keeps a valid one.
    assert all("private address" in note for note in vpc.import_notes)
    assert public.cidr.contains(nat.private_ip)


def test_round_trip_through_to_aws(described):
    vpc_id = described["vpc_id"]
    back = _model(described).to_aws()
    assert _subnets(back["Subnets"]) == _subnets(_mine(described["subnets"]["Subnets"], vpc_id))
    assert _routes(back["RouteTables"]) == _routes(_mine(described["route_tables"]["RouteTables"], vpc_id))
    original_igw = [
        g
        for g in described["internet_gateways"]["InternetGateways"]
        if any(a["VpcId"] == vpc_id for a in g["Attachments"])
    ]
    assert [g["InternetGatewayId"] for g in back["InternetGateways"]] == [g["InternetGatewayId"] for g in original_igw]
    (nat,) = _mine(described["nat_gateways"]["NatGateways"], vpc_id)
    (back_nat,) = back["NatGateways"]
    assert (back_nat["NatGatewayId"], back_nat["SubnetId"]) == (nat["NatGatewayId"], nat["SubnetId"])
    for key in ("AllocationId", "PublicIp", "NetworkInterfaceId"):
        assert back_nat["NatGatewayAddresses"][0][key] == nat["NatGatewayAddresses"][0][key]
    assert _permissions(back["SecurityGroups"]) == _permissions(
        _mine(described["security_groups"]["SecurityGroups"], vpc_id)
    )
    assert _entries(back["NetworkAcls"]) == _entries(_mine(described["network_acls"]["NetworkAcls"], vpc_id))
    # A second pass changes nothing.
    again = VPC.from_aws(
        vpcs=back["Vpcs"],
        subnets=back["Subnets"],
        route_tables=back["RouteTables"],
        internet_gateways=back["InternetGateways"],
        nat_gateways=back["NatGateways"],
        security_groups=back["SecurityGroups"],
        network_acls=back["NetworkAcls"],
    ).to_aws()
    assert again == back


def test_imported_model_answers_reachability(described):
    vpc = _model(described)
    public, private = vpc.subnets
    web = vpc.add_instance("web", public, security_groups=["web"], public_ip=True)
    app = vpc.add_instance("app", private, security_groups=["app"])
    assert reachability(vpc, "internet", web, port=443).reachable
    assert reachability(vpc, web, app, port=8080).reachable
    assert reachability(vpc, app, "internet", port=443).reachable  # through the NAT gateway
    denied = reachability(vpc, web, app, port=22)
    assert denied.reasons == ("NACL_DENY", "SG_INBOUND_DENIED")


def test_several_vpcs_need_a_vpc_id(described):
    with pytest.raises(VpcError, match=r"lists 2 VPCs .*pass vpc_id="):
        VPC.from_aws(vpcs=described["vpcs"])
    with pytest.raises(VpcError, match="no VPC 'vpc-nope'"):
        VPC.from_aws(vpcs=described["vpcs"], vpc_id="vpc-nope")
    with pytest.raises(VpcError, match="expected the 'Vpcs' list"):
        VPC.from_aws(vpcs={"Nope": []})
