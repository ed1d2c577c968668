"""The VPC's one door for data: describe-* shapes and saved documents, through vpc_io."""

import subprocess
import sys

import pytest

from awsbasics.errors import VpcError
from awsbasics.network import VPC, reachability, vpc_io

REGION = "ap-northeast-2"


@pytest.fixture
def shop():
    vpc = VPC("10.0.0.0/16", name="shop", region=REGION)
    public = vpc.add_subnet("10.0.0.0/24", az=f"{REGION}a", name="public-a")
    private = vpc.add_subnet("10.0.16.0/20", az=f"{REGION}a", name="private-a")
    table = vpc.add_route_table("public")
    table.associate(public)
    table.add_route("0.0.0.0/0", vpc.add_internet_gateway())
    vpc.add_nat_gateway(public)
    acl = vpc.add_network_acl("private")
    acl.allow(100, direction="inbound", ports=(1024, 65535))
    acl.associate(private)
    return vpc


def test_the_model_methods_are_the_io_functions(shop):
    assert shop.to_aws() == vpc_io.to_aws(shop)
    assert shop.to_dict() == vpc_io.to_dict(shop)
    assert shop.to_dict()["format"] == vpc_io.FORMAT == "awsbasics.vpc/1"
    again = vpc_io.from_dict(VPC, shop.to_dict())
    assert isinstance(again, VPC) and again.to_dict() == shop.to_dict()


def test_the_catch_all_rule_is_written_and_skipped_as_32767(shop):
    # DescribeNetworkAcls lists each direction's '*' rule with number 32767.
    (acl,) = [a for a in shop.to_aws()["NetworkAcls"] if not a["IsDefault"]]
    assert [(e["RuleNumber"], e["Egress"], e["RuleAction"]) for e in acl["Entries"]] == [
        (100, False, "allow"),
        (32767, False, "deny"),
        (32767, True, "deny"),
    ]
    loaded = VPC.from_aws(
        **{
            key: shop.to_aws()[name]
            for key, name in (("vpcs", "Vpcs"), ("subnets", "Subnets"), ("network_acls", "NetworkAcls"))
        }
    )
    assert [r.label for r in loaded.get("private").rules] == ["100", "*", "*"]


def test_explicit_associations_only(shop):
    tables = {t["RouteTableId"]: t for t in shop.to_aws()["RouteTables"]}
    main, public = shop.main_route_table, shop.get("public")
    assert tables[main.id]["Associations"] == [{"Main": True, "RouteTableId": main.id}]
    assert tables[public.id]["Associations"] == [
        {"Main": False, "RouteTableId": public.id, "SubnetId": shop.get("public-a").id}
    ]


def test_a_nat_gateway_in_a_private_subnet_is_kept_and_explained(shop):
    aws = shop.to_aws()
    aws["RouteTables"] = [t for t in aws["RouteTables"] if t["RouteTableId"] != shop.get("public").id]
    loaded = VPC.from_aws(
        vpcs=aws["Vpcs"],
        subnets=aws["Subnets"],
        route_tables=aws["RouteTables"],
        internet_gateways=aws["InternetGateways"],
        nat_gateways=aws["NatGateways"],
    )
    (nat,) = loaded.nat_gateways
    assert nat.id == shop.nat_gateways[0].id and nat.private_ip == shop.nat_gateways[0].private_ip
    assert nat.interface.elastic_ip is nat.elastic_ip and nat.elastic_ip.interface is nat.interface
    assert not nat.subnet.is_public
    route = loaded.add_route_table("private")
    route.associate(loaded.get("private-a"))
    route.add_route("0.0.0.0/0", nat)
    box = loaded.add_instance("box", loaded.get("private-a"))
    assert reachability(loaded, box, "internet", port=443).reason == "NAT_IN_PRIVATE_SUBNET"


def test_unmodelled_routes_become_import_notes(shop):
    aws = shop.to_aws()
    aws["RouteTables"][0]["Routes"].append({"DestinationCidrBlock": "172.16.0.0/12", "NetworkInterfaceId": "eni-1"})
    loaded = VPC.from_aws(
        vpcs=aws["Vpcs"],
        subnets=aws["Subnets"],
        route_tables=aws["RouteTables"],
        internet_gateways=aws["InternetGateways"],
    )
    assert loaded.import_notes == ("route table main: route 172.16.0.0/12 -> an unmodelled target skipped",)


def test_bad_documents_are_refused():
    with pytest.raises(VpcError, match=r"^not a saved VPC: expected format 'awsbasics.vpc/1', got None$"):
        vpc_io.from_dict(VPC, {})
    with pytest.raises(TypeError, match=r"^a saved VPC is a dict, not list$"):
        vpc_io.from_dict(VPC, [])
    with pytest.raises(VpcError, match=r"^expected the 'Vpcs' list of a describe response, got keys \['Nope'\]$"):
        VPC.from_aws(vpcs={"Nope": []})


def test_the_model_loads_the_io_module_only_when_asked():
    code = (
        "import sys, awsbasics.network.vpc as m; print('awsbasics.network.vpc_io' in sys.modules); "
        "m.VPC('10.0.0.0/16').to_aws(); print('awsbasics.network.vpc_io' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def test_the_released_names_reach_the_same_door(shop):
    from awsbasics.network import aws_import, serialize

    aws = shop.to_aws()
    again = aws_import.from_aws(
        vpcs=aws["Vpcs"],
        subnets=aws["Subnets"],
        route_tables=aws["RouteTables"],
        internet_gateways=aws["InternetGateways"],
        nat_gateways=aws["NatGateways"],
        network_acls=aws["NetworkAcls"],
    )
    assert (
        aws_import.to_aws(again)
        == VPC.from_aws(
            vpcs=aws["Vpcs"],
            subnets=aws["Subnets"],
            route_tables=aws["RouteTables"],
            internet_gateways=aws["InternetGateways"],
            nat_gateways=aws["NatGateways"],
            network_acls=aws["NetworkAcls"],
        ).to_aws()
    )
    assert serialize.FORMAT == vpc_io.FORMAT
    assert serialize.vpc_from_dict(serialize.vpc_to_dict(shop)).to_dict() == shop.to_dict()
    box = shop.add_instance("box", shop.get("public-a"))
    serialize.claim_address(box.primary_interface, "10.0.0.200")
    assert box.private_ip == "10.0.0.200" and shop.add_instance("next", shop.get("public-a")).private_ip == "10.0.0.201"


def test_describe_output_notes_what_a_saved_document_refuses(shop):
    # Partial describe output is normal (a subnet another call would list): from_aws notes it,
    # while a saved document, which always holds the whole model, refuses it with its path.
    aws = shop.to_aws()
    aws["RouteTables"][1]["Associations"].append({"Main": False, "SubnetId": "subnet-0elsewhere"})
    aws["SecurityGroups"][0]["IpPermissions"].append(
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "UserIdGroupPairs": [{"GroupId": "sg-0elsewhere"}]}
    )
    loaded = VPC.from_aws(
        vpcs=aws["Vpcs"],
        subnets=aws["Subnets"],
        route_tables=aws["RouteTables"],
        internet_gateways=aws["InternetGateways"],
        security_groups=aws["SecurityGroups"],
    )
    assert loaded.import_notes == (
        "security group default: skipped a rule for group sg-0elsewhere, which is not in the data",
        "route table public: its subnet subnet-0elsewhere is not in the data",
    )
    document = shop.to_dict()
    document["aws"]["RouteTables"][1]["Associations"].append({"Main": False, "SubnetId": "subnet-0elsewhere"})
    with pytest.raises(
        VpcError,
        match=r"^aws\.RouteTables\[1\]\.Associations\[1\]\.SubnetId: route table public: "
        r"its subnet subnet-0elsewhere is not in the data; a saved VPC holds only",
    ) as info:
        VPC.from_dict(document)
    assert info.value.path == "aws.RouteTables[1].Associations[1].SubnetId"


def test_a_subnet_in_two_route_tables_is_refused(shop):
    aws = shop.to_aws()
    subnet = shop.get("public-a").id
    aws["RouteTables"][0]["Associations"].append({"Main": False, "SubnetId": subnet})
    with pytest.raises(
        VpcError,
        match=r"^aws\.RouteTables\[1\]\.Associations\[0\]\.SubnetId: subnet .* is already "
        r"associated at aws\.RouteTables\[0\]\.Associations\[1\]; a subnet has one",
    ):
        VPC.from_dict(dict(shop.to_dict(), aws=aws))
