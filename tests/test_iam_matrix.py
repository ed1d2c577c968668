"""The access matrix: one engine decision per cell, policies compiled once, and its heatmap."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from awsbasics.display import PALETTE
from awsbasics.display.iam_matrix import DECISION_COLOURS, access_heatmap
from awsbasics.errors import PolicyError, RequestError
from awsbasics.iam import DECISIONS, Policy, Request, evaluate
from awsbasics.iam.identities import Account, ManagedPolicy, assume_role
from awsbasics.iam.matrix import MATRIX_COLUMNS, access_matrix

ID = "111122223333"
BUCKET = "arn:aws:s3:::reports/q1.csv"
OTHER = "arn:aws:s3:::secret/q1.csv"


def document(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


@pytest.fixture
def team():
    account = Account(ID)
    reader = account.add_user("reader")
    reader.attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    admin = account.add_user("admin")
    admin.attach_policy(ManagedPolicy.aws("AdministratorAccess"))
    admin.put_inline_policy(
        "NoSecret", document({"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::secret/*"})
    )
    role = account.add_role(
        "Ops", trust_policy=document({"Effect": "Allow", "Principal": {"AWS": admin.arn}, "Action": "sts:AssumeRole"})
    )
    role.put_inline_policy("Ec2", document({"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}))
    session = assume_role(admin, role, session_name="ops")
    return [reader, admin, session, account.root]


def test_columns_order_and_decisions(team):
    m = access_matrix(team, ["s3:GetObject", "s3:PutObject", "ec2:RunInstances"], [BUCKET, OTHER])
    assert tuple(m.columns) == MATRIX_COLUMNS
    assert len(m) == 4 * 3 * 2
    assert list(m["principal"].cat.categories) == [
        "user reader",
        "user admin",
        "role Ops (session ops)",
        "root user (111122223333)",
    ]
    assert list(m["decision"].cat.categories) == list(DECISIONS)
    table = m.pivot_table(
        index=["principal", "resource"], columns="action", values="decision", aggfunc="first", observed=True
    )
    assert table.loc[("user reader", BUCKET)].tolist() == ["Allow", "ImplicitDeny"]
    assert table.loc[("user admin", BUCKET)].tolist() == ["Allow", "Allow"]
    assert table.loc[("user admin", OTHER)].tolist() == ["ExplicitDeny", "ExplicitDeny"]
    assert table.loc[("role Ops (session ops)", BUCKET)].tolist() == ["ImplicitDeny", "ImplicitDeny"]
    assert table.loc[("root user (111122223333)", OTHER)].tolist() == ["Allow", "Allow"]
    assert m["allowed"].tolist() == (m["decision"] == "Allow").tolist()
    # RunInstances acts on EC2 resource types, never on an S3 object: the pair cannot occur and has no decision
    # (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html).
    impossible = m[m["action"] == "ec2:RunInstances"]
    assert not impossible["applies"].any() and impossible["decision"].isna().all() and not impossible["allowed"].any()
    assert m.loc[m["action"] != "ec2:RunInstances", "applies"].all()


def test_every_cell_equals_the_principals_own_evaluation(team):
    actions = ["s3:GetObject", "s3:DeleteObject", "ec2:RunInstances", "iam:CreateUser"]
    resources = [BUCKET, OTHER, "*"]
    m = access_matrix(team, actions, resources, context={"aws:SourceIp": "203.0.113.7"})
    for row in m.itertuples():
        principal = next(p for p in team if p.label == row.principal)
        expected = principal.evaluate(row.action, row.resource, context={"aws:SourceIp": "203.0.113.7"}).decision
        if row.applies:
            assert row.decision == expected, row
        else:
            assert pd.isna(row.decision) and row.resource != "*", row


def test_policy_dict_principals_and_resource_policies():
    bucket_policy = document(
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public/*"}
    )
    m = access_matrix(
        {"nobody": [], "writer": document({"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"})},
        ["s3:GetObject", "s3:PutObject"],
        ["arn:aws:s3:::public/a", BUCKET],
        resource_policies={"arn:aws:s3:::public/a": bucket_policy},
    )
    got = {(r.principal, r.action, r.resource): r.decision for r in m.itertuples()}
    assert got[("nobody", "s3:GetObject", "arn:aws:s3:::public/a")] == "Allow"  # Principal "*" grants directly
    assert got[("nobody", "s3:GetObject", BUCKET)] == "ImplicitDeny"
    assert got[("writer", "s3:PutObject", BUCKET)] == "Allow"


def test_scps_apply_to_every_cell():
    scp = document({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})
    m = access_matrix(
        {"admin": document({"Effect": "Allow", "Action": "*", "Resource": "*"})},
        ["s3:GetObject", "ec2:RunInstances"],
        scps=[scp],
    )
    assert m["decision"].tolist() == ["Allow", "ImplicitDeny"]
    assert m["resource"].tolist() == ["*", "*"]


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda p: access_matrix(p, "s3:GetObject"), TypeError, "actions must be a list of strings"),
        (lambda p: access_matrix(p, []), ValueError, "actions is empty"),
        (lambda p: access_matrix(p, ["s3:GetObject", "s3:GetObject"]), ValueError, "lists a value twice"),
        (lambda p: access_matrix(p, ["s3:Get*"]), RequestError, "wildcards belong in policies"),
        (lambda p: access_matrix(p, ["s3:GetObject"], ["bucket/key"]), RequestError, "is not a resource"),
        (lambda p: access_matrix([], ["s3:GetObject"]), ValueError, "principals is empty"),
        (lambda p: access_matrix("alice", ["s3:GetObject"]), TypeError, "principals is a list of principals"),
        (lambda p: access_matrix([object()], ["s3:GetObject"]), TypeError, "is not a principal"),
        (lambda p: access_matrix(p + p, ["s3:GetObject"]), ValueError, "two principals are labelled 'user reader'"),
        (
            lambda p: access_matrix({"x": {"Statement": []}}, ["s3:GetObject"]),
            PolicyError,
            "Statement is an empty list",
        ),
        (
            lambda p: access_matrix(p, ["s3:GetObject"], [BUCKET], resource_policies={OTHER: {}}),
            ValueError,
            "not one of the resources",
        ),
    ],
)
def test_bad_arguments(team, call, error, message):
    with pytest.raises(error, match=message):
        call(team[:1])


@given(
    st.lists(
        st.sampled_from(
            ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "ec2:RunInstances", "iam:PassRole", "sqs:SendMessage"]
        ),
        min_size=1,
        max_size=6,
        unique=True,
    ),
    st.lists(
        st.sampled_from([BUCKET, OTHER, "*", "arn:aws:sqs:us-east-1:111122223333:q"]),
        min_size=1,
        max_size=4,
        unique=True,
    ),
)
def test_matrix_agrees_with_evaluate(actions, resources):
    policies = {
        "a": Policy.from_json(
            document(
                {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                {"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"},
            )
        ),
        "b": Policy.from_json(
            document({"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::reports/*"})
        ),
    }
    m = access_matrix({k: [v] for k, v in policies.items()}, actions, resources)
    for row in m.itertuples():
        expected = evaluate(Request(row.action, row.resource), identity_policies=[policies[row.principal]])
        assert row.decision == expected.decision if row.applies else pd.isna(row.decision)


def test_fifty_by_two_hundred_by_ten():
    """The benchmark's size (benchmarks/iam_access_matrix.py times it): every cell decided."""
    account = Account(ID)
    shared = account.add_policy(
        "Shared",
        document(
            {"Effect": "Allow", "Action": ["s3:Get*", "ec2:Describe*"], "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:GetObjectAcl", "Resource": "*"},
        ),
    )
    users = []
    for i in range(50):
        user = account.add_user(f"u{i}")
        user.attach_policy(shared)
        user.put_inline_policy(
            "Own", document({"Effect": "Allow", "Action": f"s3:Put{i}*", "Resource": f"arn:aws:s3:::b{i % 10}/*"})
        )
        users.append(user)
    actions = [f"s3:Action{i:03d}" for i in range(100)] + [f"ec2:DescribeThing{i:03d}" for i in range(100)]
    resources = [f"arn:aws:s3:::b{i}/k" for i in range(10)]
    m = access_matrix(users, actions, resources)
    assert len(m) == 100_000
    assert (m["decision"] == "Allow").sum() == 50 * 100 * 10


# --- heatmap -------------------------------------------------------------------------------------


def test_heatmap_layout_colours_and_hover(team):
    m = access_matrix(team, ["s3:GetObject", "s3:PutObject"], [BUCKET])
    figure = access_heatmap(m)
    trace = figure.data[0]
    assert trace.type == "heatmap"
    assert list(trace.x) == ["s3:GetObject", "s3:PutObject"]
    assert list(trace.y) == ["user reader", "user admin", "role Ops (session ops)", "root user (111122223333)"]
    assert trace.z.tolist() == [[2, 1], [2, 2], [1, 1], [2, 2]]
    assert trace.customdata[0][1].tolist() == ["s3:PutObject", BUCKET, "ImplicitDeny"]
    assert "decision: %{customdata[2]}" in trace.hovertemplate
    colours = {c for _, c in trace.colorscale}
    assert colours == {DECISION_COLOURS[d] for d in DECISIONS} and DECISION_COLOURS["Allow"] == PALETTE["bluish_green"]
    layout = figure.to_dict()["layout"]
    assert layout["title"]["text"] == "Access matrix: 5 of 8 requests allowed"
    assert layout["xaxis"]["title"]["text"] == "action" and layout["yaxis"]["title"]["text"] == "principal"
    assert "http" not in figure.to_json()


def test_heatmap_with_several_resources_labels_pairs(team):
    m = access_matrix(team[:1], ["s3:GetObject"], [BUCKET, OTHER])
    figure = access_heatmap(m, title="Reader")
    assert list(figure.data[0].x) == [f"s3:GetObject @ {BUCKET}", f"s3:GetObject @ {OTHER}"]
    assert figure.layout.title.text == "Reader"
    assert figure.layout.xaxis.title.text == "action @ resource"
    with pytest.raises(TypeError, match="takes the DataFrame access_matrix returns"):
        access_heatmap(m[["principal"]])
