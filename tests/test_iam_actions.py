"""The IAM action catalog: actions, their resource types and ARN shapes, and "did you mean".

Expected values are read from the Service Authorization Reference pages:
- Amazon S3: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
  (GetObject acts on ``object``, ListBucket on ``bucket``; object ARN arn:${Partition}:s3:::${BucketName}/${ObjectName})
- Amazon EC2: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
  (RunInstances is a Write action on ``instance`` among others)
- AWS STS: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
  (GetCallerIdentity names no resource type: Resource must be "*")
- IAM: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
  (PassRole acts on ``role``, whose ARN carries a path)
"""

from __future__ import annotations

import pytest
from _hostile import run_limited

from awsbasics.errors import AwsRuleError
from awsbasics.iam.actions import (
    IamAction,
    UnknownActionError,
    actions_matching,
    catalog_version,
    is_action,
    is_service,
    suggest_action,
)

OBJECT = "arn:aws:s3:::photos/2026/cat.jpg"
BUCKET = "arn:aws:s3:::photos"
INSTANCE = "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234def567890"
ROLE_WITH_PATH = "arn:aws:iam::123456789012:role/app/worker"


@pytest.mark.parametrize(
    ("action", "arn", "acts"),
    [
        ("s3:GetObject", OBJECT, True),
        ("s3:GetObject", BUCKET, False),
        ("s3:ListBucket", BUCKET, True),
        ("s3:ListBucket", OBJECT, False),
        ("ec2:RunInstances", INSTANCE, True),
        ("ec2:RunInstances", OBJECT, False),
        ("iam:PassRole", ROLE_WITH_PATH, True),
        ("iam:PassRole", INSTANCE, False),
        ("sts:GetCallerIdentity", ROLE_WITH_PATH, False),
        ("sts:GetCallerIdentity", "*", True),
        ("s3:GetObject", "*", True),
    ],
)
def test_an_action_acts_only_on_its_resource_types(action, arn, acts):
    assert IamAction.get(action).acts_on(arn) is acts


def test_entry_reads_like_the_reference():
    get = IamAction.get("S3:getobject")  # action names are case-insensitive
    assert (get.service, get.name, get.access_level) == ("s3", "GetObject", "Read")
    assert "object" in get.resource_type_names
    assert "s3:ExistingObjectTag/<key>" in get.condition_keys
    assert IamAction.get("ec2:RunInstances").access_level == "Write"
    assert IamAction.get("sts:GetCallerIdentity").resource_types == ()
    assert get.text().startswith("s3:GetObject (Read); resource types:")


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("s3:GetObjekt", "s3:GetObject"),
        ("ec2:RunInstance", "ec2:RunInstances"),
        ("dynamodb:GetIten", "dynamodb:GetItem"),
        ("s3:getobject", "s3:GetObject"),
        ("s3:Frobnicate", None),
        ("notaservice:GetObject", None),
    ],
)
def test_suggestions(typed, suggestion):
    assert suggest_action(typed) == suggestion


def test_unknown_actions_are_rule_errors_with_a_suggestion():
    with pytest.raises(UnknownActionError, match=r"did you mean 's3:GetObject'\?"):
        IamAction.get("s3:GetObjekt")
    assert issubclass(UnknownActionError, AwsRuleError)
    assert not is_action("s3:GetObjekt") and is_action("s3:GetObject")
    assert not is_action("s3:Get*")  # a pattern, not an action


@pytest.mark.parametrize("bad", ["s3GetObject", "s3:Get*", "", ":GetObject", "s3:", "s3:Get Object"])
def test_malformed_names_say_how_actions_are_written(bad):
    with pytest.raises(UnknownActionError, match="service:ActionName"):
        IamAction.get(bad)


@pytest.mark.parametrize("bad", [None, 3, b"s3:GetObject", ["s3:GetObject"]])
def test_wrong_types(bad):
    with pytest.raises(TypeError):
        IamAction.get(bad)
    assert suggest_action(bad) is None


def test_the_catalog_says_which_snapshot_it_is():
    assert catalog_version() == "2026-10-27"


@pytest.mark.parametrize(
    "call",
    [
        lambda: IamAction.get("s3:" + "G" * 1_000_000),
        lambda: IamAction.get("a" * 1_000_000 + ":GetObject"),
        lambda: suggest_action("s3:" + "GetObjekt" * 100_000),
        lambda: IamAction.get("s3:GetObject").acts_on("arn:aws:s3:::" + "b/" * 500_000),
        lambda: IamAction.get("ec2:RunInstances").acts_on("arn:" + ":" * 1_000_000),
        lambda: actions_matching("s3:" + "*" * 1_000_000),
        lambda: actions_matching("s3:" + "a*" * 90 + "b"),
        lambda: is_action("s3:" + "G" * 1_000_000),
        lambda: is_service("s" * 1_000_000),
    ],
)
def test_hostile_names_and_arns_answer_fast(call):
    kind, _message = run_limited(call)
    assert kind in {"returned", "UnknownActionError"}


def test_patterns_and_services_of_the_wrong_kind_answer_plainly():
    assert actions_matching(None) == () and actions_matching("s3:" + "*" * 300) == ()
    assert not is_service(None) and is_service("S3") and not is_service("s4")
