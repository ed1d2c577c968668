"""Parsing, validation and findings of IAM policies, each rule citing the AWS page it comes from."""

import json
import subprocess
import sys

import pytest

from awsbasics import data
from awsbasics.errors import AwsRuleError
from awsbasics.iam import KINDS, Finding, Policy, PolicyError
from awsbasics.iam.principals import PrincipalSpec

IAM = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
GRAMMAR = IAM + "reference_policies_grammar.html"
ELEMENTS = IAM + "reference_policies_elements.html"
VERSION = IAM + "reference_policies_elements_version.html"
EFFECT = IAM + "reference_policies_elements_effect.html"
ACTION = IAM + "reference_policies_elements_action.html"
RESOURCE = IAM + "reference_policies_elements_resource.html"
PRINCIPAL = IAM + "reference_policies_elements_principal.html"
SID = IAM + "reference_policies_elements_sid.html"
QUOTAS = IAM + "reference_iam-quotas.html"
VARIABLES = IAM + "reference_policies_variables.html"
SCP_QUOTAS = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html"

STATEMENT = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}


def doc(*statements, version="2012-10-17", **top):
    document = {"Statement": list(statements) if len(statements) != 1 else [statements[0]], **top}
    if version:
        document = {"Version": version, **document}
    return document


# --- what AWS accepts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "document"),
    [
        (GRAMMAR, {"Version": "2012-10-17", "Statement": STATEMENT}),  # Statement as one object
        (GRAMMAR, {"Version": "2012-10-17", "Statement": [STATEMENT, {**STATEMENT, "Effect": "Deny"}]}),
        (GRAMMAR, doc({**STATEMENT, "Action": ["s3:GetObject", "s3:PutObject"], "Resource": ["arn:aws:s3:::a/*"]})),
        (VERSION, doc(STATEMENT, version="2008-10-17")),
        (VERSION, doc(STATEMENT, version=None)),
        (GRAMMAR, doc({**STATEMENT, "Sid": "ReadBucket1"})),
        (ACTION, doc({**STATEMENT, "Action": "*"})),
        (ACTION, doc({**STATEMENT, "Action": "iam:*AccessKey*"})),
        (RESOURCE, doc({**STATEMENT, "Resource": "*"})),
        (RESOURCE, doc({**STATEMENT, "Resource": "arn:aws:iam::123456789012:user/accounting/*"})),
        (GRAMMAR, doc({"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::x"})),
        (GRAMMAR, doc({**STATEMENT, "Condition": {"Bool": {"aws:SecureTransport": True}}})),  # unquoted Boolean
        (GRAMMAR, doc({**STATEMENT, "Condition": {"NumericLessThanEquals": {"s3:max-keys": 10}}})),  # unquoted number
        (GRAMMAR, {"Statement": STATEMENT, "Version": "2012-10-17"}),  # blocks in any order
    ],
)
def test_accepts_what_aws_accepts(page, document):
    for given in (document, json.dumps(document)):
        policy = Policy.from_json(given)
        assert policy.kind == "identity", page
        assert policy.statements


def test_kind_is_inferred_from_principal():
    # GRAMMAR: the principal block belongs to resource-based policies and role trust policies.
    trust = Policy.from_json(
        doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"})
    )
    assert trust.kind == "resource"
    assert trust.statements[0].resource_element is None  # a trust policy has no Resource
    assert Policy.from_json(doc(STATEMENT)).kind == "identity"
    for kind in KINDS:
        if kind not in ("resource", "rcp"):  # an RCP statement names Principal "*" (its own test file)
            assert Policy.from_json(doc(STATEMENT), kind=kind).kind == kind


# --- what AWS rejects: (page, document or text, kind, path, message) ---------------------------------

REJECTED = [
    (
        GRAMMAR,
        "{not json",
        None,
        "",
        r"^not valid JSON: Expecting property name enclosed in double quotes \(line 1, column 2\)$",
    ),
    (
        GRAMMAR,
        '{"Version": "2012-10-17", "Statement": [], "Statement": []}',
        None,
        "Statement",
        r"policy has the key 'Statement' twice; each key may appear once",
    ),
    (
        GRAMMAR,
        '{"Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}}',
        None,
        "Statement.Effect",
        r"statement has the key 'Effect' twice",
    ),
    (
        GRAMMAR,
        '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": NaN}}',
        None,
        "",
        r"NaN is not JSON",
    ),
    (GRAMMAR, "[1, 2]", None, "", r"a policy is a JSON object with a Statement element"),
    (GRAMMAR, {"Version": "2012-10-17"}, None, "", r"a policy needs a Statement element"),
    (GRAMMAR, {"Statement": []}, None, "Statement", r"Statement is an empty list"),
    (GRAMMAR, {"Statement": "Allow everything"}, None, "Statement", r"Statement must be an object or a list"),
    (GRAMMAR, {"Statement": ["s3:GetObject"]}, None, "Statement[0]", r"a statement is a JSON object"),
    (
        GRAMMAR,
        {"Statment": [STATEMENT]},
        None,
        "Statment",
        r"'Statment' is not a policy element; did you mean 'Statement'\?",
    ),
    (
        GRAMMAR,
        doc({**STATEMENT, "Actions": "s3:*"}),
        None,
        "Statement[0].Actions",
        r"'Actions' is not a statement element; did you mean 'Action'\?",
    ),
    (
        VERSION,
        doc(STATEMENT, version="2012-10-18"),
        None,
        "Version",
        r"'2012-10-18' is not a policy language version; use \"2012-10-17\"",
    ),
    (
        EFFECT,
        doc({**STATEMENT, "Effect": "allow"}),
        None,
        "Statement[0].Effect",
        r"'allow' is not an effect: use \"Allow\" or \"Deny\"; effects are case-sensitive, did you mean 'Allow'\?",
    ),
    (EFFECT, doc({"Action": "*", "Resource": "*"}), None, "Statement[0]", r"a statement needs an Effect"),
    (
        ACTION,
        doc({**STATEMENT, "NotAction": "s3:PutObject"}),
        None,
        "Statement[0]",
        r"a statement has either Action or NotAction, not both",
    ),
    (ACTION, doc({"Effect": "Allow", "Resource": "*"}), None, "Statement[0]", r"a statement needs Action or NotAction"),
    (
        ACTION,
        doc({**STATEMENT, "Action": "GetObject"}),
        None,
        "Statement[0].Action",
        r"'GetObject' is not an action: actions are service:ActionName",
    ),
    (
        ACTION,
        doc({**STATEMENT, "Action": ["s3:GetObject", "s3 GetObject"]}),
        None,
        "Statement[0].Action[1]",
        r"'s3 GetObject' is not an action",
    ),
    (ACTION, doc({**STATEMENT, "Action": []}), None, "Statement[0].Action", r"Action is an empty list"),
    (
        ACTION,
        doc({**STATEMENT, "Action": 42}),
        None,
        "Statement[0].Action",
        r"Action must be a string or a list of strings",
    ),
    (ACTION, doc({**STATEMENT, "Action": ["s3:GetObject", 7]}), None, "Statement[0].Action[1]", r"7 is not a string"),
    (
        RESOURCE,
        doc({"Effect": "Allow", "Action": "s3:*"}),
        None,
        "Statement[0]",
        r"a statement needs Resource or NotResource",
    ),
    (
        RESOURCE,
        doc({**STATEMENT, "NotResource": "*"}),
        None,
        "Statement[0]",
        r"either Resource or NotResource, not both",
    ),
    (
        RESOURCE,
        doc({**STATEMENT, "Resource": "my-bucket"}),
        None,
        "Statement[0].Resource",
        r"Resource 'my-bucket' must be \"\*\" or an ARN",
    ),
    (
        RESOURCE,
        doc({**STATEMENT, "Resource": ["*", "arn:aws:s3"]}),
        None,
        "Statement[0].Resource[1]",
        r"Resource 'arn:aws:s3' must be \"\*\" or an ARN",
    ),
    (
        RESOURCE,
        doc({**STATEMENT, "Resource": "arn:aws:*:::bucket"}),
        None,
        "Statement[0].Resource",
        r"a wildcard cannot stand for the service segment",
    ),
    (
        RESOURCE,
        doc({**STATEMENT, "Resource": "arn::s3:::bucket"}),
        None,
        "Statement[0].Resource",
        r"needs a partition and a service",
    ),
    (
        PRINCIPAL,
        doc({**STATEMENT, "Principal": "*"}),
        "identity",
        "Statement[0].Principal",
        r"Principal is not allowed in an identity policy: the principal is the identity the policy is attached to",
    ),
    (
        PRINCIPAL,
        doc({**STATEMENT, "NotPrincipal": {"AWS": "123456789012"}}),
        "scp",
        "Statement[0].NotPrincipal",
        r"NotPrincipal is not allowed in an SCP: an SCP applies to the principals of the accounts",
    ),
    (
        GRAMMAR,
        doc({"Effect": "Allow", "Principal": "*", "Action": "s3:*"}, STATEMENT),
        None,
        "Statement[1]",
        r"a statement needs Principal or NotPrincipal",
    ),
    (
        PRINCIPAL,
        doc({**STATEMENT, "Principal": "*", "NotPrincipal": "*"}),
        None,
        "Statement[0]",
        r"either Principal or NotPrincipal, not both",
    ),
    (
        PRINCIPAL,
        doc({**STATEMENT, "Principal": {"AWS": "arn:aws:iam::123456789012:user/*"}}),
        None,
        "Statement[0].Principal.AWS",
        r"you cannot use a wildcard to match part of a principal name or ARN",
    ),
    (
        PRINCIPAL,
        doc({**STATEMENT, "Principal": {"AWS": ["123456789012", "bob"]}}),
        None,
        "Statement[0].Principal.AWS[1]",
        r"'bob' is not an AWS principal",
    ),
    (
        PRINCIPAL,
        doc({**STATEMENT, "Principal": {"Users": "bob"}}),
        None,
        "Statement[0].Principal.Users",
        r"unknown principal type 'Users'",
    ),
    (
        PRINCIPAL,
        doc({**STATEMENT, "Principal": "everyone"}),
        None,
        "Statement[0].Principal",
        r"is not a principal: use \"\*\"",
    ),
    (
        PRINCIPAL,
        doc({**STATEMENT, "Principal": {"AWS": []}}),
        None,
        "Statement[0].Principal.AWS",
        r"an empty list names no principal",
    ),
    (
        SID,
        doc({**STATEMENT, "Sid": "read bucket"}),
        None,
        "Statement[0].Sid",
        r"an IAM Sid holds only letters A-Z, a-z and digits 0-9",
    ),
    (
        SID,
        doc({**STATEMENT, "Sid": "One"}, {**STATEMENT, "Sid": "One"}),
        None,
        "Statement[1].Sid",
        r"Sid 'One' is used twice; Sids must be unique within an IAM policy",
    ),
    (SID, doc({**STATEMENT, "Sid": 1}), None, "Statement[0].Sid", r"1 is not a string"),
    (
        GRAMMAR,
        doc({**STATEMENT, "Condition": "aws:SecureTransport"}),
        None,
        "Statement[0].Condition",
        r"Condition must be an object",
    ),
    (
        GRAMMAR,
        doc({**STATEMENT, "Condition": {"Bool": "true"}}),
        None,
        "Statement[0].Condition.Bool",
        r"Bool must map condition keys to values",
    ),
    (
        GRAMMAR,
        '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": '
        '{"Bool": {"a:b": "true"}, "Bool": {"a:b": "false"}}}}',
        None,
        "Statement.Condition.Bool",
        r"the operator 'Bool' appears twice in one Condition block",
    ),
    (
        QUOTAS,
        doc({**STATEMENT, "Resource": "arn:aws:s3:::버킷/*"}),
        None,
        "Statement[0].Resource",
        r"character '버' \(U\+BC84\) is not allowed: IAM policies may hold only tab, line feed, carriage return",
    ),
    (GRAMMAR, doc({**STATEMENT, "Id": 7}, version=None), None, "Statement[0].Id", r"'Id' is not a statement element"),
    (GRAMMAR, {"Id": ["x"], "Statement": STATEMENT}, None, "Id", r"\['x'\] is not a string"),
]


@pytest.mark.parametrize(("page", "given", "kind", "path", "message"), REJECTED)
def test_rejects_what_aws_rejects_with_a_json_path(page, given, kind, path, message):
    with pytest.raises(PolicyError, match=message) as caught:
        Policy.from_json(given, kind=kind)
    assert caught.value.path == path, page
    assert str(caught.value).startswith(f"{path}: " if path else "")
    assert isinstance(caught.value, AwsRuleError) and isinstance(caught.value, ValueError)


def test_latin_1_is_allowed_and_resource_policies_may_hold_any_text():
    # QUOTAS: IAM policies hold U+0020..U+00FF (so "é" is fine); other services' resource policies are not IAM's.
    Policy.from_json(doc({**STATEMENT, "Resource": "arn:aws:s3:::café/*"}))
    Policy.from_json(doc({**STATEMENT, "Principal": "*", "Resource": "arn:aws:s3:::버킷/*"}))


def test_resource_policy_sids_follow_the_service_not_iam():
    # SID: "Other AWS services that support resource policies may have other requirements for the Sid value".
    Policy.from_json(doc({**STATEMENT, "Principal": "*", "Sid": "Public read, for the website"}))


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (b'{"Statement": []}', "a policy is JSON text (str) or a dict, not bytes"),
        ([STATEMENT], "a policy is JSON text (str) or a dict, not list"),
        (None, "a policy is JSON text (str) or a dict, not NoneType"),
        ({"Statement": {**STATEMENT, "Action": {"s3:GetObject"}}}, "Statement.Action: set is not a JSON value"),
        ({"Statement": STATEMENT, 1: "x"}, "JSON object keys are str, not int"),
    ],
)
def test_python_objects_of_the_wrong_kind_are_type_errors(given, message):
    with pytest.raises(TypeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Policy.from_json(given)


def test_nan_in_a_dict_is_a_policy_error():
    with pytest.raises(PolicyError, match=r"nan is not a JSON number") as caught:
        Policy.from_json({"Statement": {**STATEMENT, "Condition": {"NumericEquals": {"a:b": float("nan")}}}})
    assert caught.value.path == "Statement.Condition.NumericEquals.a:b"


def test_kind_and_name_arguments():
    with pytest.raises(ValueError, match=r"kind 'user' is not a policy kind; use one of identity, resource, scp"):
        Policy.from_json(doc(STATEMENT), kind="user")
    with pytest.raises(TypeError, match="kind must be str or None, not int"):
        Policy.from_json(doc(STATEMENT), kind=1)
    with pytest.raises(TypeError, match="name must be str, not int"):
        Policy.from_json(doc(STATEMENT), name=1)


def test_deep_nesting_is_a_policy_error():
    with pytest.raises(PolicyError, match="nested too deeply"):
        Policy.from_json("[" * 40_000 + "]" * 40_000)


def test_odd_keys_are_quoted_in_paths():
    with pytest.raises(PolicyError) as caught:
        Policy.from_json(doc({**STATEMENT, "Condition": {"StringEquals": {"aws:PrincipalTag/team name": []}}}))
    assert caught.value.path == 'Statement[0].Condition.StringEquals["aws:PrincipalTag/team name"]'


# --- findings -------------------------------------------------------------------------------------


def codes(policy):
    return [f.code for f in policy.findings]


@pytest.mark.parametrize(
    ("document", "kind", "expected"),
    [
        (doc({**STATEMENT, "Action": "*"}), None, ["wildcard-action"]),
        (doc({**STATEMENT, "Action": "s3:*"}), None, ["wildcard-action"]),
        (doc({**STATEMENT, "Action": "s3:Get*"}), None, []),  # a scoped wildcard is fine
        (doc({**STATEMENT, "Resource": "*"}), None, ["wildcard-resource"]),
        (doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::b"}), None, ["allow-not-action"]),
        (
            doc({"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b"}),
            None,
            ["allow-not-resource"],
        ),
        (
            doc({"Effect": "Allow", "NotPrincipal": {"AWS": "123456789012"}, "Action": "s3:GetObject"}),
            None,
            ["allow-not-principal"],
        ),
        (doc({"Effect": "Deny", "NotAction": "iam:*", "NotResource": "*"}), None, []),  # Deny by exclusion is fine
        (doc({"Effect": "Allow", "Action": "*", "Resource": "*"}), "scp", []),  # FullAWSAccess is the usual SCP
        (doc({"Effect": "Allow", "Action": "*", "Resource": "*"}), "boundary", []),
        (doc(STATEMENT, version=None), None, ["no-version"]),
        (doc(STATEMENT, version="2008-10-17"), None, ["old-version"]),
        (
            doc({**STATEMENT, "Resource": "arn:aws:s3:::b/${aws:username}"}, version="2008-10-17"),
            None,
            ["old-version", "literal-variable"],
        ),
        (doc({**STATEMENT, "Resource": "arn:aws:s3:::b/${aws:username}"}), None, []),
        (doc({**STATEMENT, "Resource": "arn:aws:s3:${aws:region}::b"}), None, ["variable-in-arn-prefix"]),
        (doc(STATEMENT, Id="MyPolicy"), None, ["id-in-identity-policy"]),
        (doc({**STATEMENT, "Principal": {"AWS": "AIDACKCEVSQ6C2EXAMPLE"}}), None, ["principal-unique-id"]),
    ],
)
def test_findings(document, kind, expected):
    assert codes(Policy.from_json(document, kind=kind)) == expected


def test_finding_text():
    (finding,) = Policy.from_json(doc({**STATEMENT, "Action": "*"})).findings
    assert finding == Finding("wildcard-action", "warning", "Statement[0].Action", finding.message)
    assert str(finding) == finding.message
    assert finding.text() == "warning [wildcard-action] Statement[0].Action: " + finding.message
    assert "least privilege" in finding.message


def padded(size_chars, *, kind=None, whitespace=""):
    """A valid policy of exactly ``size_chars`` non-white-space characters (padding goes in a Sid)."""
    base = doc({**STATEMENT, "Sid": ""})
    text = json.dumps(base, separators=(",", ":"))
    pad = size_chars - len(text)
    document = doc({**STATEMENT, "Sid": "S" * pad})
    text = json.dumps(document, separators=(",", ":"))
    return Policy.from_json(text.replace(",", "," + whitespace), kind=kind)


@pytest.mark.parametrize(
    ("fact", "code", "kind"),
    [
        ("managed_policy_max_chars", "size-managed", "identity"),
        ("managed_policy_max_chars", "size-managed", "boundary"),
        ("inline_user_policy_max_chars", "size-inline-user", "identity"),
        ("inline_group_policy_max_chars", "size-inline-group", "identity"),
        ("inline_role_policy_max_chars", "size-inline-role", "identity"),
        ("session_policy_max_chars", "size-session", "session"),
    ],
)
def test_size_quotas_do_not_count_white_space(fact, code, kind):
    # QUOTAS: "IAM does not count white space when calculating the size of a policy".
    limit = data.value("iam", fact)
    at_limit = padded(limit, kind=kind, whitespace="\n    ")
    assert at_limit.size_chars == limit and code not in codes(at_limit)
    over = padded(limit + 1, kind=kind)
    assert code in codes(over)
    message = next(f.message for f in over.findings if f.code == code)
    assert f"{limit + 1:,} characters" in message and f"{limit:,}-character quota" in message


def test_documented_quota_values():
    # QUOTAS and SCP_QUOTAS, as of the data file's date.
    assert data.value("iam", "managed_policy_max_chars") == 6144
    assert data.value("iam", "inline_user_policy_max_chars") == 2048
    assert data.value("iam", "inline_group_policy_max_chars") == 5120
    assert data.value("iam", "inline_role_policy_max_chars") == 10240
    assert data.value("iam", "session_policy_max_chars") == 2048
    assert data.value("iam", "scp_max_chars") == 5120


def test_scp_size_counts_every_character():
    # SCP_QUOTAS: the API saves an SCP as given, white space included.
    limit = data.value("iam", "scp_max_chars")
    compact = padded(limit - 10, kind="scp")
    assert "size-scp" not in codes(compact)
    spaced = padded(limit - 10, kind="scp", whitespace=" " * 10)
    assert "size-scp" in codes(spaced)


def test_resource_policies_have_no_iam_size_finding():
    big = doc({**STATEMENT, "Principal": "*", "Sid": "S" * 7000})
    assert codes(Policy.from_json(big)) == []


# --- the Policy object -----------------------------------------------------------------------------


def test_policy_is_a_value_with_a_round_tripping_repr():
    policy = Policy.from_json(doc(STATEMENT), name="Reader")
    assert eval(repr(policy)) == policy  # noqa: S307 - repr is an expression by design
    assert policy == Policy.from_json(json.dumps(doc(STATEMENT)), name="Reader")
    assert policy != Policy.from_json(doc(STATEMENT))  # another name
    assert len({policy, eval(repr(policy))}) == 1  # noqa: S307
    assert policy.document == doc(STATEMENT) and policy.document is not policy.document
    assert json.loads(policy.to_json()) == doc(STATEMENT)
    assert policy.version == "2012-10-17" and policy.id is None and policy.name == "Reader"


def test_with_kind_revalidates():
    identity = Policy.from_json(doc(STATEMENT))
    assert identity.with_kind("scp").kind == "scp"
    with pytest.raises(PolicyError, match="a statement needs Principal"):
        identity.with_kind("resource")


def test_statements_are_compiled_with_paths():
    policy = Policy.from_json({"Version": "2012-10-17", "Statement": {**STATEMENT, "Sid": "Only"}})
    (statement,) = policy.statements
    assert statement.path == "Statement" and statement.label == "Statement (Only)"
    assert statement.actions == ("s3:GetObject",) and statement.effect == "Allow"
    assert repr(statement) == "<Statement Statement 'Only': Allow Action=['s3:GetObject']>"


def test_import_is_light():
    code = (
        "import sys, awsbasics.iam; "
        "print(','.join(m for m in ('pandas', 'plotly', 'ipywidgets', 'graphviz', 'numpy', 'IPython', 'wasmtime', "
        "'moto', 'boto3', 'botocore') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


def test_policies_and_statements_are_read_only():
    policy = Policy.from_json(doc(STATEMENT))
    with pytest.raises(AttributeError, match="Policy is immutable"):
        policy.kind = "resource"
    with pytest.raises(AttributeError, match="Statement is immutable"):
        policy.statements[0].effect = "Deny"
    assert policy.text().splitlines()[0] == (
        "identity policy, 1 statement, 116 characters without white space, 0 findings"
    )


def test_text_view_is_the_line_the_findings_and_the_json():
    policy = Policy.from_json(
        doc({"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"}), name="Broad"
    )
    lines = policy.text().split("\n")
    assert lines[0] == "Broad identity policy, 1 statement, 108 characters without white space, 1 findings"
    assert lines[1].split() == ["finding", "path", "message"]
    assert lines[2].startswith("wildcard-action  Statement[0].Action  ")
    assert policy.text().endswith("\n" + policy.to_json())
    assert json.loads(policy.to_json()) == policy.document and policy.to_json().startswith('{\n  "Version"')


def test_principal_element_text_names_whom_it_names():
    # The Principal element: "*" is everyone; otherwise accounts, ARNs, services and roles.
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    spec, errors = PrincipalSpec.parse(
        {"AWS": ["111122223333", "arn:aws:iam::111122223333:role/Ops"], "Service": "ec2.amazonaws.com"},
        "Statement[0].Principal",
    )
    assert errors == []
    assert spec.text() == "111122223333, ec2.amazonaws.com, arn:aws:iam::111122223333:role/Ops"
    assert PrincipalSpec.parse("*", "Principal")[0].text() == "everyone (*)"
    assert PrincipalSpec().text() == "nobody"
