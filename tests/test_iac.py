"""Chapter 07 engine: templates, export, cfn-lint, change sets, stacks, drift, Run Command, CDK, hand builds.

Facts asserted here come from the CloudFormation user guide and template reference
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/), the resource schemas
cfn-lint ships, and the Systems Manager SendCommand API reference
(https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from awsbasics.errors import StackError, TemplateError
from awsbasics.iac import (
    Deployment,
    Stack,
    Template,
    build_by_hand,
    cdk_vpc,
    change_set,
    detect_drift,
    lint,
    logical_id,
    rate_control,
    register_exporter,
    replacement_properties,
    run_command,
    to_cloudformation,
)
from awsbasics.iam import Account, ManagedPolicy
from awsbasics.network import VPC
from awsbasics.storage.s3 import Bucket, Lifecycle

TRUST_EC2 = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def shop(*, region="ap-northeast-2", cidr="10.0.0.0/24", with_alb=True):
    """A two-AZ network: public and private subnets, IGW, NAT, SGs naming each other, a NACL, endpoints, an ALB."""
    zone = (lambda s: f"{region}{s}") if region else (lambda s: f"az-{s}")
    vpc = VPC("10.0.0.0/16", name="shop", region=region)
    a = vpc.add_subnet(cidr, az=zone("a"), name="public-a")
    b = vpc.add_subnet("10.0.1.0/24", az=zone("c"), name="public-b")
    private = vpc.add_subnet("10.0.10.0/24", az=zone("a"), name="private-a")
    igw = vpc.add_internet_gateway()
    public_rt = vpc.add_route_table("public")
    public_rt.associate(a)
    public_rt.associate(b)
    public_rt.add_route("0.0.0.0/0", igw)
    nat = vpc.add_nat_gateway(a)
    private_rt = vpc.add_route_table("private")
    private_rt.associate(private)
    private_rt.add_route("0.0.0.0/0", nat)
    web = vpc.add_security_group("web", description="web tier")
    app = vpc.add_security_group("app", description="app tier")
    web.allow_inbound(443, source="0.0.0.0/0")
    app.allow_inbound(8080, source=web)
    web.allow_outbound(8080, destination=app)
    acl = vpc.add_network_acl("private")
    acl.allow(100, direction="inbound", ports=(1024, 65535), cidr="10.0.0.0/16")
    acl.deny(110, direction="inbound", ports="all", protocol="icmp")
    acl.allow(100, direction="outbound", ports="all", protocol="all")
    acl.associate(private)
    vpc.add_gateway_endpoint("s3", route_tables=[private_rt])
    if with_alb:
        alb = vpc.add_load_balancer("web", subnets=[a, b], security_groups=[web])
        api, site = alb.add_target_group("api"), alb.add_target_group("site")
        listener = alb.add_listener(80, protocol="HTTP", default=site)
        listener.add_rule(10, path="/api/*", target_group=api)
    return vpc


def storage_and_identity():
    bucket = Bucket("seoul-logs-2026", versioning=True)
    bucket.set_lifecycle(Lifecycle(transitions=(("STANDARD_IA", 30), ("GLACIER", 90)), expiration_days=365))
    bucket.set_policy(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": ["arn:aws:s3:::seoul-logs-2026", "arn:aws:s3:::seoul-logs-2026/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        }
    )
    account = Account("123456789012")
    role = account.add_role("web-server", trust_policy=TRUST_EC2)
    role.attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    role.attach_policy(
        account.add_policy(
            "logs-write",
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::seoul-logs-2026/*"}
                ],
            },
        )
    )
    role.put_inline_policy(
        "read-params",
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "*"}]},
    )
    return bucket, account


# ----- templates and YAML ------------------------------------------------------------------------


def test_logical_ids_are_alphanumeric_and_deterministic():
    assert logical_id("Subnet", "public-a") == "SubnetPublicA"
    assert logical_id("SecurityGroup", "web_tier 2") == "SecurityGroupWebTier2"
    assert to_cloudformation(shop()) == to_cloudformation(shop())


def test_yaml_uses_short_form_intrinsics_and_parses_back_as_cloudformation():
    from cfnlint.decode.decode import decode_str

    template = to_cloudformation(shop())
    text = template.to_yaml()
    assert "VpcId: !Ref VpcShop" in text
    assert "AllocationId: !GetAtt EipNatPublicA.AllocationId" in text
    assert "ServiceName: !Sub com.amazonaws.${AWS::Region}.s3" in text
    assert "Fn::" not in text and "Ref:" not in text
    decoded, errors = decode_str(text)
    assert not errors
    assert json.loads(json.dumps(decoded)) == json.loads(template.to_json())


def test_template_is_a_read_only_mapping():
    template = to_cloudformation(shop())
    assert template["AWSTemplateFormatVersion"] == "2010-09-09"
    with pytest.raises(TypeError):
        template["Resources"]["VpcShop"]["Type"] = "AWS::EC2::Subnet"  # type: ignore[index]
    copy = template.to_dict()
    copy["Resources"].clear()
    assert template["Resources"]


def test_route_to_internet_gateway_waits_for_the_attachment_and_nothing_else_depends():
    resources = to_cloudformation(shop()).to_dict()["Resources"]
    depends = {lid: r["DependsOn"] for lid, r in resources.items() if "DependsOn" in r}
    # https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
    # (routes through a gateway, EIPs, internet-facing load balancers wait for the VPCGatewayAttachment)
    assert depends == {
        "RoutePublic00000": "GatewayAttachmentIgw",
        "EipNatPublicA": "GatewayAttachmentIgw",
        "LoadBalancerWeb": "GatewayAttachmentIgw",
    }


def test_group_references_become_separate_rule_resources():
    resources = to_cloudformation(shop()).to_dict()["Resources"]
    ingress = [r for r in resources.values() if r["Type"] == "AWS::EC2::SecurityGroupIngress"]
    egress = [r for r in resources.values() if r["Type"] == "AWS::EC2::SecurityGroupEgress"]
    assert ingress == [
        {
            "Type": "AWS::EC2::SecurityGroupIngress",
            "Properties": {
                "GroupId": {"Ref": "SecurityGroupApp"},
                "IpProtocol": "tcp",
                "FromPort": 8080,
                "ToPort": 8080,
                "SourceSecurityGroupId": {"Ref": "SecurityGroupWeb"},
            },
        }
    ]
    assert egress[0]["Properties"]["DestinationSecurityGroupId"] == {"Ref": "SecurityGroupApp"}
    web = resources["SecurityGroupWeb"]["Properties"]
    assert web["SecurityGroupIngress"] == [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}]


def test_a_group_with_no_outbound_rule_gets_the_never_matching_rule():
    vpc = VPC("10.0.0.0/16", name="quiet")
    group = vpc.add_security_group("sealed", description="no egress")
    group.revoke(group.outbound()[0])
    rule = to_cloudformation(vpc).to_dict()["Resources"]["SecurityGroupSealed"]["Properties"]["SecurityGroupEgress"]
    assert rule == [
        {
            "CidrIp": "255.255.255.255/32",
            "IpProtocol": "icmp",
            "FromPort": 252,
            "ToPort": 86,
            "Description": "Disallow all traffic",
        }
    ]


def test_nacl_entries_use_protocol_numbers():
    resources = to_cloudformation(shop()).to_dict()["Resources"]
    icmp = resources["NetworkAclEntryPrivateInbound110"]["Properties"]
    assert icmp["Protocol"] == 1 and icmp["Icmp"] == {"Code": -1, "Type": -1} and icmp["RuleAction"] == "deny"
    tcp = resources["NetworkAclEntryPrivateInbound100"]["Properties"]
    assert tcp["Protocol"] == 6 and tcp["PortRange"] == {"From": 1024, "To": 65535} and tcp["Egress"] is False


def test_main_route_table_with_routes_is_exported_as_an_explicit_table():
    vpc = VPC("10.0.0.0/16", name="flat")
    subnet = vpc.add_subnet("10.0.0.0/24", az="az-a", name="only")
    igw = vpc.add_internet_gateway()
    vpc.main_route_table.add_route("0.0.0.0/0", igw)
    template = to_cloudformation(vpc)
    resources = template.to_dict()["Resources"]
    assert resources["RouteTableAssociationMainOnly"]["Properties"]["SubnetId"] == {"Ref": "SubnetOnly"}
    assert any("main table" in note for note in template.notes)
    assert subnet.is_public


def test_bucket_export_has_versioning_lifecycle_block_public_access_and_policy():
    bucket, _ = storage_and_identity()
    resources = to_cloudformation(bucket).to_dict()["Resources"]
    properties = resources["BucketSeoulLogs2026"]["Properties"]
    assert properties["VersioningConfiguration"] == {"Status": "Enabled"}
    assert properties["LifecycleConfiguration"]["Rules"][0]["Transitions"] == [
        {"StorageClass": "STANDARD_IA", "TransitionInDays": 30},
        {"StorageClass": "GLACIER", "TransitionInDays": 90},
    ]
    assert properties["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == 365
    assert properties["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }
    assert resources["BucketPolicySeoulLogs2026"]["Properties"]["Bucket"] == {"Ref": "BucketSeoulLogs2026"}


def test_role_export_has_trust_policy_managed_arns_inline_policies_and_an_instance_profile():
    _, account = storage_and_identity()
    resources = to_cloudformation(account).to_dict()["Resources"]
    role = resources["RoleWebServer"]["Properties"]
    assert role["AssumeRolePolicyDocument"] == TRUST_EC2
    assert role["ManagedPolicyArns"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess"},
        {"Ref": "ManagedPolicyLogsWrite"},
    ]
    assert role["Policies"][0]["PolicyName"] == "read-params"
    assert resources["InstanceProfileWebServer"]["Properties"]["Roles"] == [{"Ref": "RoleWebServer"}]


def test_exporter_registry_takes_later_chapters_models():
    class Topic:
        name = "orders"

    def export_topic(topic, builder):
        builder.add("Topic", topic.name, "AWS::SNS::Topic", {"TopicName": topic.name}, model=topic)

    register_exporter(Topic, export_topic)
    template = to_cloudformation(Topic(), Bucket("orders-archive-2026"))
    assert sorted(template["Resources"]) == ["BucketOrdersArchive2026", "TopicOrders"]
    assert lint(template).ok


def test_no_exporter_and_bad_options_are_refused():
    with pytest.raises(TypeError, match="no CloudFormation exporter for int"):
        to_cloudformation(3)
    with pytest.raises(TemplateError, match="needs at least one model"):
        to_cloudformation()
    with pytest.raises(TemplateError, match="at most 1,024"):
        to_cloudformation(Bucket("a-bucket-name"), description="x" * 1025)


# ----- every exported template passes cfn-lint ---------------------------------------------------


def _vpc_without_region():
    return shop(region=None)


def _vpc_secondary_block_interface_endpoint_nlb():
    vpc = VPC("10.0.0.0/16", name="edge", region="us-east-1")
    vpc.add_cidr_block("10.1.0.0/16")
    a = vpc.add_subnet("10.1.0.0/24", az="us-east-1a", name="extra-a")
    b = vpc.add_subnet("10.0.1.0/24", az="us-east-1b", name="main-b")
    group = vpc.add_security_group("endpoints", description="interface endpoints")
    group.allow_inbound(443, source="10.0.0.0/8")
    vpc.add_interface_endpoint("ssm", subnets=[a, b], security_groups=[group])
    nlb = vpc.add_load_balancer("tcp", kind="network", subnets=[a, b], scheme="internal")
    pool = nlb.add_target_group("pool", port=8443)
    nlb.add_listener(443, protocol="TLS", default=pool)
    return vpc


LINTED = {
    "full network in a Region": lambda: to_cloudformation(shop(), description="shop network"),
    "network with no Region (GetAZs)": lambda: to_cloudformation(_vpc_without_region()),
    "secondary block, interface endpoint, NLB with TLS": lambda: to_cloudformation(
        _vpc_secondary_block_interface_endpoint_nlb()
    ),
    "bucket and IAM": lambda: to_cloudformation(*storage_and_identity()),
    "CDK-shaped VPC": lambda: cdk_vpc(max_azs=3).template,
    "network stack with exports": lambda: to_cloudformation(shop(with_alb=False), export=True),
    "private NAT gateway": lambda: to_cloudformation(_vpc_with_private_nat()),
}


def _vpc_with_private_nat():
    vpc = VPC("10.1.0.0/16", name="hybrid", region="us-east-1")
    subnet = vpc.add_subnet("10.1.0.0/24", az="us-east-1a", name="transit-a")
    vpc.add_nat_gateway(subnet, connectivity="private")
    return vpc


def test_a_private_nat_gateway_exports_without_an_elastic_ip():
    resources = _vpc_with_private_nat_resources()
    (nat,) = [r for r in resources.values() if r["Type"] == "AWS::EC2::NatGateway"]
    assert nat["Properties"]["ConnectivityType"] == "private" and "AllocationId" not in nat["Properties"]
    assert not [r for r in resources.values() if r["Type"] == "AWS::EC2::EIP"]


def _vpc_with_private_nat_resources():
    return to_cloudformation(_vpc_with_private_nat()).to_dict()["Resources"]


@pytest.mark.parametrize("name", sorted(LINTED))
def test_every_exported_template_lints_with_zero_errors(name):
    report = lint(LINTED[name]())
    assert report.errors == (), report.text()


def test_lint_finds_errors_and_infers_the_region_from_the_zones():
    bad = Template(
        {
            "Resources": {
                "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"CidrBlock": "10.0.0.0/24", "Color": "blue"}}
            }
        }
    )
    report = lint(bad)
    assert not report.ok and [f.rule for f in report.errors] == ["E3002", "E3003"]
    assert report.errors[0].path == ("Resources", "Subnet", "Properties", "Color")
    assert to_cloudformation(shop()).regions() == ("ap-northeast-2",)


# ----- change sets --------------------------------------------------------------------------------


def test_subnet_cidr_change_replaces_and_tag_change_does_not_from_the_schemas():
    assert "CidrBlock" in replacement_properties("AWS::EC2::Subnet")
    assert "Tags" not in replacement_properties("AWS::EC2::Subnet")
    old = to_cloudformation(shop(with_alb=False))
    moved = change_set(old, to_cloudformation(shop(cidr="10.0.2.0/24", with_alb=False)))
    change = moved.by_id("SubnetPublicA")
    assert (change.action, change.replacement, change.properties) == ("Modify", "True", ("CidrBlock",))
    assert change.why == "CidrBlock is create-only in the AWS::EC2::Subnet schema"
    # The NAT gateway sits in the replaced subnet: its SubnetId is create-only, so it is replaced too.
    assert moved.by_id("NatGatewayNatPublicA").replacement == "True"
    assert moved.by_id("RouteTableAssociationPublicPublicA").action == "Modify"
    tagged = change_set(old, old.with_tag("SubnetPublicA", "team", "payments")).by_id("SubnetPublicA")
    assert (tagged.action, tagged.replacement, tagged.properties) == ("Modify", "False", ("Tags",))


def test_deletion_and_update_replace_policies_decide_what_survives():
    bucket = Bucket("seoul-logs-2026")
    kept = to_cloudformation(bucket).with_policy("BucketSeoulLogs2026", deletion="Retain")
    other = to_cloudformation(Bucket("seoul-logs-2027"))
    changes = change_set(kept, other)
    assert changes.by_id("BucketSeoulLogs2026").action == "Remove"
    assert changes.by_id("BucketSeoulLogs2026").old_resource.startswith("it is kept outside the stack")
    assert changes.by_id("BucketSeoulLogs2027").action == "Add"
    with pytest.raises(TemplateError, match="Snapshot is not supported by AWS::S3::Bucket"):
        kept.with_policy("BucketSeoulLogs2026", deletion="Snapshot")
    # An RDS instance without a DeletionPolicy is snapshotted by default.
    db = Template(
        {
            "Resources": {
                "Db": {
                    "Type": "AWS::RDS::DBInstance",
                    "Properties": {"DBInstanceClass": "db.t3.micro", "Engine": "mysql"},
                }
            }
        }
    )
    rest = Template({"Resources": {"Other": {"Type": "AWS::S3::Bucket"}}})
    assert "final snapshot" in change_set(db, rest).by_id("Db").old_resource


# ----- layered stacks -----------------------------------------------------------------------------


def test_layered_stacks_export_import_and_protect_exports():
    vpc = shop()
    alb = vpc.load_balancers[0]
    network = Stack("network", to_cloudformation(vpc, export=True, skip=[alb]))
    app = Stack("app", to_cloudformation(alb, imports=[network]))
    assert network.exports["network-SubnetPublicA"] == "SubnetPublicAId"
    assert app.imports == {
        "network-SubnetPublicA",
        "network-SubnetPublicB",
        "network-SecurityGroupWeb",
        "network-VpcShop",
    }
    assert app.template["Resources"]["LoadBalancerWeb"]["Properties"]["Subnets"][0] == {
        "Fn::ImportValue": "network-SubnetPublicA"
    }
    assert lint(app.template).ok and lint(network.template).ok
    cloud = Deployment()
    with pytest.raises(StackError, match="No export named network-SecurityGroupWeb found"):
        cloud.create(app)
    cloud.create(network)
    cloud.create(app)
    with pytest.raises(StackError, match="Export network-SecurityGroupWeb cannot be deleted as it is in use by app"):
        cloud.delete("network")
    bare = Stack("network", to_cloudformation(vpc, skip=[alb]))
    with pytest.raises(StackError, match="Cannot update or delete export network-SecurityGroupWeb"):
        cloud.update(bare)
    cloud.delete("app")
    cloud.delete("network")
    assert cloud.stacks == ()


def test_stack_names_follow_the_rule():
    template = to_cloudformation(Bucket("a-bucket-name"))
    with pytest.raises(StackError, match="a letter first"):
        Stack("1network", template)
    with pytest.raises(StackError, match="at most 128"):
        Stack("a" * 129, template)


# ----- drift --------------------------------------------------------------------------------------


def test_drift_reports_modified_deleted_and_in_sync_and_changes_nothing():
    vpc = shop()
    actual = vpc.to_aws()
    assert detect_drift(vpc, actual).stack_status == "IN_SYNC"
    web = next(g for g in actual["SecurityGroups"] if g["GroupName"] == "web")
    web["IpPermissions"].append(
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
    )
    actual["NatGateways"] = []
    before = to_cloudformation(vpc)
    report = detect_drift(vpc, actual)
    assert report.status("SecurityGroupWeb") == "MODIFIED"
    assert report.status("NatGatewayNatPublicA") == "DELETED"
    assert report.status("SubnetPublicA") == "IN_SYNC"
    assert report.status("LoadBalancerWeb") == "NOT_CHECKED"
    ingress = next(p for r in report.drifted if r.logical_id == "SecurityGroupWeb" for p in r.properties)
    assert ingress.difference == "NOT_EQUAL" and ingress.name == "SecurityGroupIngress"
    assert to_cloudformation(vpc) == before


# ----- Systems Manager Run Command ---------------------------------------------------------------


def test_rate_control_numbers_and_percentages():
    # SendCommand defaults: MaxConcurrency 50, MaxErrors 0; 10% of 50 targets is 5.
    assert rate_control(50) == (50, 0)
    assert rate_control(50, max_concurrency="10%", max_errors="10%") == (5, 5)
    assert rate_control(5, max_concurrency="10%") == (1, 0)  # at least one target at a time


def test_run_command_stops_after_the_error_past_the_threshold():
    run = run_command(100, max_concurrency="10", max_errors="3", failure_rate=0.2, seed=5)
    assert run.stopped and run.failed >= 4 and run.not_sent > 0
    assert run.succeeded + run.failed + run.not_sent == 100
    assert max(row[1] for row in run.timeline) <= 10
    assert run_command(100, max_concurrency="10", max_errors="3", failure_rate=0.2, seed=5) == run
    one_at_a_time = run_command(100, max_concurrency="1", max_errors="3", failure_rate=0.2, seed=5)
    assert one_at_a_time.failed == 4  # with MaxConcurrency 1 nothing else is running when the 4th error arrives
    clean = run_command(30, max_concurrency="25%", max_errors="0", failure_rate=0.0, seed=1)
    assert (clean.succeeded, clean.stopped, clean.concurrency) == (30, False, 7)


# ----- hand builds and CDK ------------------------------------------------------------------------


def test_hand_built_environments_drift_apart_and_the_template_does_not():
    run = build_by_hand(to_cloudformation(shop()), environments=("dev", "stage", "prod"), mistake_rate=0.2, seed=2)
    assert not run.consistent and run.from_template_consistent
    assert {m[2] for m in run.mistakes} <= {"forgotten", "typed differently"}
    assert build_by_hand(to_cloudformation(shop()), mistake_rate=0.0, seed=2).consistent


def test_cdk_construct_stands_for_the_resources_it_synthesizes():
    example = cdk_vpc(max_azs=2)
    assert example.template.resource_types() == {
        "AWS::EC2::EIP": 2,
        "AWS::EC2::InternetGateway": 1,
        "AWS::EC2::NatGateway": 2,
        "AWS::EC2::Route": 4,
        "AWS::EC2::RouteTable": 4,
        "AWS::EC2::Subnet": 4,
        "AWS::EC2::SubnetRouteTableAssociation": 4,
        "AWS::EC2::VPC": 1,
        "AWS::EC2::VPCGatewayAttachment": 1,
    }
    assert "ec2.Vpc(self" in example.code and "max_azs=2" in example.code
    subnets = [
        r["Properties"]["CidrBlock"]
        for r in example.template.to_dict()["Resources"].values()
        if r["Type"] == "AWS::EC2::Subnet"
    ]
    assert subnets == ["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18", "10.0.192.0/18"]


# ----- light import -------------------------------------------------------------------------------


def test_importing_iac_loads_neither_cfnlint_nor_yaml():
    code = "import sys, awsbasics.iac; print(sorted(m for m in ('cfnlint', 'yaml', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_dual_stack_network_exports_ipv6_blocks_routes_rules_and_lints():
    vpc = VPC("10.0.0.0/16", name="dual", region="us-east-1")
    vpc.assign_ipv6_cidr_block()
    public = vpc.add_subnet("10.0.0.0/24", az="us-east-1a", name="public-a")
    private = vpc.add_subnet("10.0.1.0/24", az="us-east-1b", name="private-b")
    public.assign_ipv6_cidr_block()
    private.assign_ipv6_cidr_block()
    igw = vpc.add_internet_gateway()
    eigw = vpc.add_egress_only_internet_gateway()
    table = vpc.add_route_table("private")
    table.associate(private)
    table.add_route("::/0", eigw)
    group = vpc.add_security_group("web", description="web")
    group.allow_inbound(443, source="::/0")
    assert igw.attached
    template = to_cloudformation(vpc)
    resources = template.to_dict()["Resources"]
    assert resources["VpcCidrBlockDualIpv6"]["Properties"] == {
        "VpcId": {"Ref": "VpcDual"},
        "AmazonProvidedIpv6CidrBlock": True,
    }
    # Each subnet takes its /64 of the VPC's /56 by number: the second subnet the second /64.
    assert resources["SubnetPrivateB"]["Properties"]["Ipv6CidrBlock"] == {
        "Fn::Select": [1, {"Fn::Cidr": [{"Fn::Select": [0, {"Fn::GetAtt": ["VpcDual", "Ipv6CidrBlocks"]}]}, 256, 64]}]
    }
    assert resources["SubnetPrivateB"]["DependsOn"] == "VpcCidrBlockDualIpv6"
    route = next(r["Properties"] for r in resources.values() if r["Type"] == "AWS::EC2::Route")
    assert route["DestinationIpv6CidrBlock"] == "::/0" and route["EgressOnlyInternetGatewayId"] == {
        "Ref": "EgressOnlyInternetGatewayEigw"
    }
    assert resources["SecurityGroupWeb"]["Properties"]["SecurityGroupIngress"][0]["CidrIpv6"] == "::/0"
    assert not any("default security group" in note for note in template.notes)
    assert lint(template).ok


# ----- chapter 07 exercises -----------------------------------------------------------------------


def test_constructive_exercises_are_graded_by_cfnlint_the_schemas_and_the_rate_rule():
    from awsbasics import exercises

    lint_it, in_place, rates, vpc_cidr, *_ = exercises.chapter("07")
    assert lint_it.check(lint_it.answer).correct
    no_description = lint_it.answer.replace("      GroupDescription: web tier\n", "")
    feedback = lint_it.check(no_description)
    assert not feedback.correct and "E3003" in feedback.message and "GroupDescription" in feedback.message
    assert not lint_it.check(lint_it.answer.replace("443", "80")).correct
    assert in_place.check({"Tags": [{"Key": "team", "Value": "web"}]}).correct
    assert in_place.check('{"MapPublicIpOnLaunch": true}').correct
    replaced = in_place.check({"CidrBlock": "10.0.1.0/24"})
    assert not replaced.correct and "create-only" in replaced.message
    assert "E3002" in in_place.check({"Colour": "blue"}).message
    assert rates.check("2, 1").correct and rates.check("3, 0").correct
    too_many = rates.check("10, 3")
    assert not too_many.correct and "In the worst case 13 could fail" in too_many.message
    assert not rates.check("1, 2").correct
    assert set(vpc_cidr.answer) == {"VpcShop", "SubnetPublicA"}


def test_parse_reads_short_and_long_forms_back_to_the_same_template():
    template = to_cloudformation(shop())
    assert Template.parse(template.to_yaml()) == template
    assert Template.parse(template.to_json()) == template
    with pytest.raises(TemplateError, match="refuses anchors and aliases"):
        Template.parse("Resources: {A: &a {Type: 'AWS::S3::Bucket'}, B: *a}")
