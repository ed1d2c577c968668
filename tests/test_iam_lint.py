"""Lint findings beyond the course's advice: unknown actions, ForAllValues on an absent key, variables without a value.

- Actions come from the Service Authorization Reference
  (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html);
  IAM accepts a policy naming an action that does not exist, which then allows (or denies) nothing.
- "ForAllValues ... returns true if there are no keys in the request" and the advice to pair it with a Null check:
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
- Policy variables with no value: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
"""

from __future__ import annotations

import pytest
from _hostile import run_limited

from awsbasics.iam import Policy
from awsbasics.iam.lint import SUGGESTIONS_PER_STATEMENT


def policy(*statements):
    return Policy.from_json({"Version": "2012-10-17", "Statement": list(statements)})


def codes(p):
    return [f.code for f in p.findings]


def test_a_misspelt_action_is_a_finding_with_a_suggestion():
    p = policy({"Effect": "Allow", "Action": ["s3:GetObjekt", "ec2:RunInstance"], "Resource": "arn:aws:s3:::b/*"})
    unknown = [f for f in p.findings if f.code == "unknown-action"]
    assert [f.subject for f in unknown] == ["Statement[0].Action"] * 2
    assert "did you mean 's3:GetObject'?" in unknown[0].message and "allows nothing" in unknown[0].message
    assert "did you mean 'ec2:RunInstances'?" in unknown[1].message
    assert all(f.severity == "warning" for f in unknown)


def test_a_misspelt_deny_denies_nothing():
    p = policy({"Effect": "Deny", "Action": "s3:DeleteBuckett", "Resource": "*"})
    (finding,) = [f for f in p.findings if f.code == "unknown-action"]
    assert "denies nothing" in finding.message


@pytest.mark.parametrize("action", ["s3:Gte*", "s4:GetObject", "notaservice:*"])
def test_patterns_and_prefixes_that_match_nothing(action):
    assert "unknown-action" in codes(policy({"Effect": "Allow", "Action": action, "Resource": "*"}))


@pytest.mark.parametrize("action", ["s3:GetObject", "S3:getobject", "s3:Get*", "s3:*", "*", "ec2:Describe*"])
def test_real_actions_and_patterns_pass(action):
    assert "unknown-action" not in codes(policy({"Effect": "Deny", "Action": action, "Resource": "*"}))


def test_not_action_names_are_checked_too():
    p = policy({"Effect": "Deny", "NotAction": ["iam:CreateUsr"], "Resource": "*"})
    assert [f.subject for f in p.findings if f.code == "unknown-action"] == ["Statement[0].NotAction"]


def test_for_all_values_on_an_absent_key_allows_requests_without_it():
    trap = policy(
        {
            "Effect": "Allow",
            "Action": "s3:PutObject",
            "Resource": "*",
            "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}},
        }
    )
    (finding,) = [f for f in trap.findings if f.code == "forallvalues-absent-key"]
    assert "aws:TagKeys" in finding.message and "Null" in finding.message
    guarded = policy(
        {
            "Effect": "Allow",
            "Action": "s3:PutObject",
            "Resource": "*",
            "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "Null": {"aws:TagKeys": "false"}},
        }
    )
    assert "forallvalues-absent-key" not in codes(guarded)
    deny = policy(
        {
            "Effect": "Deny",
            "Action": "s3:PutObject",
            "Resource": "*",
            "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}},
        }
    )
    assert "forallvalues-absent-key" not in codes(deny)


def test_a_variable_without_value_in_not_resource_or_a_negated_operator():
    not_resource = policy({"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::home/${aws:username}/*"})
    assert "variable-without-value" in codes(not_resource)
    negated = policy(
        {
            "Effect": "Deny",
            "Action": "s3:*",
            "Resource": "*",
            "Condition": {"StringNotEquals": {"s3:prefix": "${aws:username}/"}},
        }
    )
    assert "variable-without-value" in codes(negated)
    with_default = policy(
        {
            "Effect": "Deny",
            "Action": "s3:*",
            "Resource": "*",
            "Condition": {"StringNotEquals": {"s3:prefix": "${aws:username, 'nobody'}/"}},
        }
    )
    assert "variable-without-value" not in codes(with_default)
    positive = policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"})
    assert "variable-without-value" not in codes(positive)


def test_many_unknown_actions_are_all_reported_fast():
    actions = [f"s3:Made{i}Up" for i in range(5_000)]  # about 80,000 characters, under the parse cap

    def lint_them():
        p = policy({"Effect": "Allow", "Action": actions, "Resource": "*"})
        found = [f for f in p.findings if f.code == "unknown-action"]
        assert len(found) == 5_000
        assert sum("did you mean" in f.message for f in found) <= SUGGESTIONS_PER_STATEMENT

    assert run_limited(lint_them, seconds=10)[0] == "returned"


def test_is_action_is_a_lookup():
    from awsbasics.iam.actions import is_action

    assert is_action("S3:getobject") and not is_action("s3:GetObjekt") and not is_action(None)
    assert not is_action("s3:Get*") and not is_action("nosuchservice:Get")
