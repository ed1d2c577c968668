"""Hostile input for every public chapter 07 function: wrong kinds, huge sizes, NaN, odd strings, deep nesting.

Each call runs in a child forked from the test process with ~1 GiB of extra address space and
a time limit: a size that drives allocation or a loop is refused before any work.
"""

from __future__ import annotations

import re

import pytest
from _hostile import run_limited

from awsbasics.errors import (
    BucketConfigError,
    CidrError,
    PolicyError,
    RunCommandError,
    StackError,
    TemplateError,
    VpcError,
)
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
from awsbasics.network import VPC
from awsbasics.storage.s3 import Bucket, PublicAccessBlock

_TIMEOUT_S = 10  # lint and change sets start cfn-lint or read schemas in the child
NAN, HUGE = float("nan"), 10**400
BUCKET = Bucket("hostile-bucket-2026")
TEMPLATE = to_cloudformation(BUCKET)
VPC_MODEL = VPC("10.0.0.0/16", name="shop")
STACK = Stack("network", TEMPLATE)


def _deep(levels: int) -> dict:
    value: dict = {}
    for _ in range(levels):
        value = {"a": value}
    return value


def _shared(levels: int) -> dict:
    value: object = ["x"] * 10
    for _ in range(levels):
        value = [value] * 10  # the same list ten times: 10**levels values when copied out
    return {"Bomb": value}


def _buckets_with_policies(count: int) -> list:
    buckets = []
    for i in range(count):
        bucket = Bucket(f"b-{i:04d}-hostile")
        bucket.set_policy(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": f"{bucket.arn}/*",
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    }
                ],
            }
        )
        buckets.append(bucket)
    return buckets


def _deployment_with(stack):
    cloud = Deployment()
    cloud.create(stack)
    return cloud


CASES = [
    # to_cloudformation / register_exporter / logical_id
    ("export nothing", lambda: to_cloudformation(), TemplateError, r"needs at least one model"),
    ("export int", lambda: to_cloudformation(3), TypeError, r"no CloudFormation exporter for int"),
    ("export str", lambda: to_cloudformation("vpc"), TypeError, r"no CloudFormation exporter for str"),
    ("export description int", lambda: to_cloudformation(BUCKET, description=5), TypeError, r"description must be str"),
    (
        "export description long",
        lambda: to_cloudformation(BUCKET, description="x" * 10**6),
        TemplateError,
        r"1,000,000 bytes; a template description holds at most 1,024",
    ),
    ("export export str", lambda: to_cloudformation(BUCKET, export="yes"), TypeError, r"export must be True or False"),
    ("export imports str", lambda: to_cloudformation(BUCKET, imports="network"), TypeError, r"imports must be a list"),
    ("export imports ints", lambda: to_cloudformation(BUCKET, imports=[1]), TypeError, r"imports holds Stack objects"),
    (
        "export skip endless",
        lambda: to_cloudformation(BUCKET, skip=iter(int, 1)),
        TemplateError,
        r"skip lists more than 10,000 items",
    ),
    ("export too many models", lambda: to_cloudformation(*[BUCKET] * 600), TemplateError, r"600 models; one template"),
    (
        "export too many resources",
        lambda: to_cloudformation(*_buckets_with_policies(260)),
        TemplateError,
        r"more than 500 resources",
    ),
    ("register int", lambda: register_exporter(3, print), TypeError, r"model_type must be a class"),
    ("register not callable", lambda: register_exporter(int, 5), TypeError, r"exporter must be callable"),
    ("logical id empty", lambda: logical_id("---"), TemplateError, r"hold no letters or digits"),
    ("logical id int", lambda: logical_id(5), TypeError, r"built from names \(str\)"),
    # Template and its copies
    ("template list", lambda: Template([1, 2]), TypeError, r"a template is a mapping"),
    ("template no resources", lambda: Template({"Resources": {}}), TemplateError, r"at least one resource"),
    (
        "template unknown section",
        lambda: Template({"Resources": {"A": {"Type": "AWS::S3::Bucket"}}, "Extra": 1}),
        TemplateError,
        r"'Extra' is not a template section",
    ),
    (
        "template bad id",
        lambda: Template({"Resources": {"a-b": {"Type": "AWS::S3::Bucket"}}}),
        TemplateError,
        r"logical id 'a-b' must be 1 to 255 letters and digits",
    ),
    (
        "template no type",
        lambda: Template({"Resources": {"A": {"Properties": {}}}}),
        TemplateError,
        r"resource A must be a mapping with a Type",
    ),
    (
        "template nan",
        lambda: Template({"Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": {"X": NAN}}}}),
        TemplateError,
        r"NaN and Infinity are not template values",
    ),
    (
        "template set",
        lambda: Template({"Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": {"X": {1}}}}}),
        TemplateError,
        r"not JSON",
    ),
    (
        "template deep",
        lambda: Template({"Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": _deep(100_000)}}}),
        TemplateError,
        r"nested too deeply",
    ),
    (
        "template 501 resources",
        lambda: Template({"Resources": {f"R{i}": {"Type": "AWS::S3::Bucket"} for i in range(501)}}),
        TemplateError,
        r"501 resources; a template declares at most 500",
    ),
    ("parse int", lambda: Template.parse(5), TypeError, r"a template is YAML or JSON text"),
    (
        "parse list text",
        lambda: Template.parse("[1, 2]"),
        TemplateError,
        r"a template is a mapping of sections, not list",
    ),
    ("parse bad yaml", lambda: Template.parse("Resources: [unclosed"), TemplateError, r"not YAML or JSON"),
    ("parse huge", lambda: Template.parse("#" * 2_000_000), TemplateError, r"2,000,000 bytes; CloudFormation reads"),
    ("parse deep", lambda: Template.parse("[" * 50_000 + "]" * 50_000), TemplateError, r"nested too deeply|not YAML"),
    ("parse unknown tag", lambda: Template.parse("Resources: !Nope x"), TemplateError, r"not YAML or JSON"),
    (
        "parse nested alias bomb",
        lambda: Template.parse(
            "Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Metadata:\n      a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"      {c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
        ),
        TemplateError,
        r"refuses anchors and aliases",
    ),
    (
        "template shared-value bomb",
        lambda: Template({"Resources": {"R": {"Type": "AWS::S3::Bucket", "Properties": _shared(12)}}}),
        TemplateError,
        r"more than 1,000,000 values",
    ),
    (
        "parse alias bomb",
        lambda: Template.parse("a: &a [x, x]\nb: &b [*a, *a]\nResources: {R: {Type: AWS::S3::Bucket}}"),
        TemplateError,
        r"refuses anchors and aliases",
    ),
    (
        "with_policy unknown id",
        lambda: TEMPLATE.with_policy("Nope", deletion="Retain"),
        TemplateError,
        r"no resource 'Nope'",
    ),
    (
        "with_policy bad value",
        lambda: TEMPLATE.with_policy("BucketHostileBucket2026", deletion="Keep"),
        TemplateError,
        r"DeletionPolicy 'Keep' must be one of Delete, Retain, RetainExceptOnCreate, Snapshot",
    ),
    (
        "with_policy snapshot bucket",
        lambda: TEMPLATE.with_policy("BucketHostileBucket2026", deletion="Snapshot"),
        TemplateError,
        r"Snapshot is not supported by AWS::S3::Bucket",
    ),
    (
        "with_policy int",
        lambda: TEMPLATE.with_policy("BucketHostileBucket2026", deletion=1),
        TypeError,
        r"DeletionPolicy must be str",
    ),
    (
        "with_tag long value",
        lambda: TEMPLATE.with_tag("BucketHostileBucket2026", "k", "v" * 257),
        TemplateError,
        r"a key is 1 to 128 characters and a value at most 256",
    ),
    ("with_tag empty key", lambda: TEMPLATE.with_tag("BucketHostileBucket2026", "", "v"), TemplateError, r"a key is 1"),
    ("with_tag int", lambda: TEMPLATE.with_tag("BucketHostileBucket2026", "k", 5), TypeError, r"value must be str"),
    # lint
    ("lint int", lambda: lint(5), TypeError, r"lint takes a Template or template text"),
    ("lint regions str", lambda: lint(TEMPLATE, regions="us-east-1"), TypeError, r"regions must be a list"),
    ("lint regions empty", lambda: lint(TEMPLATE, regions=[]), TypeError, r"at least one Region code"),
    ("lint regions unknown", lambda: lint(TEMPLATE, regions=["mars-east-9"]), ValueError, r"mars-east-9"),
    ("lint huge text", lambda: lint("a" * 2_000_000), TemplateError, r"2,000,000 bytes; CloudFormation reads at most"),
    # change sets
    ("change_set int", lambda: change_set(3, TEMPLATE), TypeError, r"old must be a Template or a model"),
    ("change_set region int", lambda: change_set(TEMPLATE, TEMPLATE, region=1), TypeError, r"region must be str"),
    (
        "change_set unknown type",
        lambda: change_set(
            Template({"Resources": {"A": {"Type": "AWS::Nope::Thing", "Properties": {"X": 1}}}}),
            Template({"Resources": {"A": {"Type": "AWS::Nope::Thing", "Properties": {"X": 2}}}}),
        ),
        TemplateError,
        r"'AWS::Nope::Thing' is not a resource type",
    ),
    ("replacement int", lambda: replacement_properties(5), TypeError, r"resource_type must be str"),
    ("replacement unknown", lambda: replacement_properties("x" * 100_000), TemplateError, r"is not a resource type"),
    # stacks
    ("stack bad name", lambda: Stack("1net", TEMPLATE), StackError, r"a letter first"),
    ("stack long name", lambda: Stack("a" * 100_000, TEMPLATE), StackError, r"at most 128 characters"),
    ("stack int name", lambda: Stack(5, TEMPLATE), TypeError, r"a stack name must be str"),
    ("stack dict template", lambda: Stack("net", {"Resources": {}}), TypeError, r"template must be a Template"),
    ("deploy twice", lambda: _deployment_with(STACK).create(STACK), StackError, r"already exists"),
    ("deploy str", lambda: Deployment().create("network"), TypeError, r"create takes a Stack"),
    ("delete unknown", lambda: Deployment().delete("nope"), StackError, r"stack nope does not exist"),
    ("delete int", lambda: Deployment().delete(5), TypeError, r"name must be str"),
    ("update unknown", lambda: Deployment().update(STACK), StackError, r"does not exist; create it first"),
    # drift
    ("drift int model", lambda: detect_drift(5, {}), TypeError, r"compares a VPC model"),
    ("drift list actual", lambda: detect_drift(VPC_MODEL, [1]), TypeError, r"actual must be a VPC or a dict"),
    (
        "drift unknown key",
        lambda: detect_drift(VPC_MODEL, {"Instances": []}),
        TemplateError,
        r"'Instances' is not a describe-\* response",
    ),
    ("drift no vpcs", lambda: detect_drift(VPC_MODEL, {"Subnets": []}), TemplateError, r"needs the describe-vpcs"),
    ("drift int key", lambda: detect_drift(VPC_MODEL, {1: []}), TypeError, r"keys of actual are describe-\* names"),
    ("drift bad document", lambda: detect_drift(VPC_MODEL, {"Vpcs": [{"VpcId": 5}]}), VpcError, r"VpcId"),
    # Run Command
    ("rate targets huge", lambda: rate_control(HUGE), RunCommandError, r"targets=\(an int of 1,329 bits\)"),
    ("rate targets 0", lambda: rate_control(0), RunCommandError, r"targets=0: this simulation runs 1 to 10,000"),
    ("rate targets float", lambda: rate_control(5.0), TypeError, r"targets must be int"),
    (
        "rate concurrency 0",
        lambda: rate_control(5, max_concurrency="0"),
        RunCommandError,
        r"MaxConcurrency '0' breaks the SendCommand rule",
    ),
    (
        "rate concurrency 101%",
        lambda: rate_control(5, max_concurrency="101%"),
        RunCommandError,
        r"MaxConcurrency '101%'",
    ),
    ("rate errors -1", lambda: rate_control(5, max_errors="-1"), RunCommandError, r"MaxErrors '-1'"),
    ("rate errors long", lambda: rate_control(5, max_errors="9" * 100_000), RunCommandError, r"MaxErrors '9{20}'"),
    ("rate errors float", lambda: rate_control(5, max_errors=1.5), TypeError, r"MaxErrors is a number or a percentage"),
    ("rate errors bool", lambda: rate_control(5, max_errors=True), TypeError, r"MaxErrors is a number"),
    ("run failure nan", lambda: run_command(5, failure_rate=NAN, seed=1), RunCommandError, r"failure_rate=nan"),
    ("run failure 2", lambda: run_command(5, failure_rate=2, seed=1), RunCommandError, r"failure_rate=2"),
    (
        "run failure str",
        lambda: run_command(5, failure_rate="0.1", seed=1),
        TypeError,
        r"failure_rate must be a number",
    ),
    ("run seed -1", lambda: run_command(5, seed=-1), RunCommandError, r"seed=-1: a seed is 0 to 2\*\*64 - 1"),
    ("run seed huge", lambda: run_command(5, seed=HUGE), RunCommandError, r"seed=\(an int of 1,329 bits\)"),
    ("run seed none", lambda: run_command(5, seed=None), TypeError, r"seed must be int"),
    ("run targets huge", lambda: run_command(10**9, seed=1), RunCommandError, r"targets=1000000000"),
    # hand builds
    ("hand dict", lambda: build_by_hand({}, seed=1), TypeError, r"template must be a Template"),
    (
        "hand envs str",
        lambda: build_by_hand(TEMPLATE, environments="dev", seed=1),
        TypeError,
        r"environments must be a list",
    ),
    (
        "hand envs endless",
        lambda: build_by_hand(TEMPLATE, environments=iter(str, 1), seed=1),
        TemplateError,
        r"11\+ environments",
    ),
    ("hand envs duplicate", lambda: build_by_hand(TEMPLATE, environments=("a", "a"), seed=1), TypeError, r"distinct"),
    ("hand rate nan", lambda: build_by_hand(TEMPLATE, mistake_rate=NAN, seed=1), TemplateError, r"mistake_rate=nan"),
    ("hand seed huge", lambda: build_by_hand(TEMPLATE, seed=HUGE), TemplateError, r"seed=\(an int of"),
    # CDK
    ("cdk azs huge", lambda: cdk_vpc(max_azs=HUGE), TemplateError, r"max_azs=\(an int of 1,329 bits\)"),
    ("cdk azs 0", lambda: cdk_vpc(max_azs=0), TemplateError, r"max_azs=0: this example lays out 1 to 3"),
    ("cdk nat 5", lambda: cdk_vpc(max_azs=2, nat_gateways=5), TemplateError, r"nat_gateways=5: at most one per AZ"),
    ("cdk cidr bad", lambda: cdk_vpc(cidr="10.0.0.1/16"), CidrError, r"host bits"),
    ("cdk cidr int", lambda: cdk_vpc(cidr=10), TypeError, r"cidr must be str"),
    # Bucket configuration
    ("bucket lifecycle dict", lambda: Bucket("abc-def").set_lifecycle({}), TypeError, r"lifecycle must be a Lifecycle"),
    (
        "bucket policy other bucket",
        lambda: Bucket("abc-def").set_policy(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::abc-defg/*",
                    }
                ],
            }
        ),
        BucketConfigError,
        r"names resource 'arn:aws:s3:::abc-defg/\*'",
    ),
    ("bucket policy not json", lambda: Bucket("abc-def").set_policy("{"), PolicyError, r""),
    ("bucket policy deep", lambda: Bucket("abc-def").set_policy(_deep(100_000)), PolicyError, r""),
    ("bucket block int", lambda: Bucket("abc-def").set_public_access_block(1), TypeError, r"PublicAccessBlock"),
    (
        "public access str",
        lambda: PublicAccessBlock(ignore_public_acls="yes"),
        TypeError,
        r"ignore_public_acls must be True or False",
    ),
]


def _event_source(batch_size):
    from awsbasics.iac.export import TemplateBuilder
    from awsbasics.iac.export_compute import export_sqs_event_source
    from awsbasics.messaging import Queue
    from awsbasics.microservices import LambdaFunction

    return export_sqs_event_source(LambdaFunction(), Queue(name="q"), TemplateBuilder(), batch_size=batch_size)


def _simulation_group():
    from awsbasics.ha import AutoScalingGroup

    return to_cloudformation(AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1))


CASES += [
    (
        "event source batch 0",
        lambda: _event_source(0),
        TemplateError,
        r"batch_size=0: an SQS event source takes 1 to 10,000",
    ),
    ("event source batch huge", lambda: _event_source(10**400), TemplateError, r"1 to 10,000 messages"),
    ("event source batch nan", lambda: _event_source(NAN), TypeError, r"batch_size must be int"),
    ("event source batch str", lambda: _event_source("10"), TypeError, r"batch_size must be int"),
    ("simulation-only group", _simulation_group, TemplateError, r"exports with its subnets"),
]


@pytest.mark.parametrize(("call", "error", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_quickly_with_the_rule(call, error, message):
    kind, text = run_limited(call, seconds=_TIMEOUT_S)
    assert kind != "timeout", f"the call was still running after {_TIMEOUT_S} s"
    assert kind == error.__name__ or (error is ValueError and kind.endswith("Error") and kind != "TypeError"), text
    assert re.search(message, text), text


def test_a_refused_change_leaves_the_bucket_unchanged():
    bucket = Bucket("steady-bucket")
    with pytest.raises(BucketConfigError):
        bucket.set_policy(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::steady-bucket/*",
                    }
                ],
            }
        )
    assert bucket.policy is None and bucket.public_access_block.all_on


def test_largest_allowed_sizes_still_run():
    assert rate_control(10_000, max_concurrency="100%", max_errors="100%") == (10_000, 10_000)
    assert build_by_hand(TEMPLATE, environments=[f"env{i}" for i in range(10)], seed=2**64 - 1).resources == 1
    assert run_command(1, seed=0).succeeded + run_command(1, seed=0).failed == 1
