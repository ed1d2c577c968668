"""Chapter 07 exercises: write a template cfn-lint accepts, change a subnet without replacing it, set rate controls.

The three constructive exercises run what the learner builds through
:mod:`awsbasics.iac`: cfn-lint judges a template, the change-set preview (from
the resource schemas) judges a change, and the Run Command rate-control rule
judges the settings. The feedback names the idea a wrong answer reveals.
"""

from __future__ import annotations

import json

from awsbasics.chapters.exercise import Exercise, GradedExercise
from awsbasics.iac import (
    Template,
    change_set,
    lint,
    rate_control,
    replacement_properties,
    run_command,
    to_cloudformation,
)
from awsbasics.network import VPC

SEED = 7
FLEET = 100
FAILURE_RATE = 0.1
MAX_FAILURES = 3
SUBNET = "SubnetPublicA"


def network() -> VPC:
    """The small network the change exercise edits."""
    vpc = VPC("10.0.0.0/16", name="shop")
    vpc.add_subnet("10.0.0.0/24", az="az-a", name="public-a")
    return vpc


def _text(answer: object):
    return answer if isinstance(answer, str) and answer.strip() else None


def _grade_template(text: str) -> tuple[bool, str]:
    template = Template.parse(text)
    report = lint(template)
    if report.errors:
        first = report.errors[0]
        return False, (
            f"cfn-lint finds {len(report.errors)} error(s), first {first.rule} at {first.where}: {first.message}. "
            "A template is checked against each resource type's schema: required properties must be there, and "
            "only the properties the schema lists are allowed."
        )
    groups = [r for r in template.to_dict()["Resources"].values() if r["Type"] == "AWS::EC2::SecurityGroup"]
    opens = [
        rule
        for group in groups
        for rule in group.get("Properties", {}).get("SecurityGroupIngress", [])
        if rule.get("CidrIp") == "0.0.0.0/0"
        and rule.get("IpProtocol") == "tcp"
        and rule.get("FromPort") == 443
        and rule.get("ToPort") == 443
    ]
    if not groups:
        return False, "The template lints cleanly, but it declares no AWS::EC2::SecurityGroup."
    if not opens:
        return False, (
            "The security group lints cleanly but does not allow HTTPS from anywhere: an inbound rule "
            "needs IpProtocol tcp, FromPort 443, ToPort 443 and CidrIp 0.0.0.0/0 (a port range, not one Port)."
        )
    return True, (
        f"cfn-lint accepts it ({report.verdict}), and the group allows tcp 443 from 0.0.0.0/0. "
        "CloudFormation could create it."
    )


def _changes(answer: object):
    if isinstance(answer, str):
        try:
            answer = json.loads(answer)
        except ValueError:
            return None
    if not isinstance(answer, dict) or not answer or not all(isinstance(k, str) for k in answer):
        return None
    return answer


def _grade_change(changes: dict) -> tuple[bool, str]:
    base = to_cloudformation(network())
    document = base.to_dict()
    properties = document["Resources"][SUBNET]["Properties"]
    properties.update(changes)
    edited = Template(document)
    report = lint(edited)
    if report.errors:
        first = report.errors[0]
        return False, f"cfn-lint refuses the edited subnet ({first.rule}: {first.message})."
    preview = change_set(base, edited)
    if not preview.changes:
        return False, "Those values are what the subnet already has: the change set is empty, nothing would update."
    change = preview.by_id(SUBNET)
    if change.replaces:
        return False, (
            f"The change set says Replacement: True, because {change.why}. A create-only property can "
            "be set only when a resource is created, so CloudFormation builds a new subnet and deletes "
            "the old one with everything in it."
        )
    return True, (
        f"Modify {', '.join(change.properties)} with Replacement: False: CloudFormation updates the subnet in place."
    )


def _settings(answer: object):
    if isinstance(answer, str):
        parts = [p.strip() for p in answer.replace(";", ",").split(",")]
    elif isinstance(answer, (list, tuple)):
        parts = list(answer)
    else:
        return None
    if len(parts) != 2 or not all(isinstance(p, (str, int)) and not isinstance(p, bool) for p in parts):
        return None
    return tuple(str(p) for p in parts)


def _grade_settings(settings: tuple[str, str]) -> tuple[bool, str]:
    concurrency, threshold = rate_control(FLEET, max_concurrency=settings[0], max_errors=settings[1])
    run = run_command(FLEET, max_concurrency=settings[0], max_errors=settings[1], failure_rate=FAILURE_RATE, seed=SEED)
    worst = threshold + concurrency
    said = (
        f"MaxConcurrency {settings[0]} ({concurrency} at once) and MaxErrors {settings[1]} ({threshold}): "
        f"in the simulation {run.failed} targets failed."
    )
    if concurrency < 2:
        return False, f"{said} One at a time caps the failures, but the patch must run on at least 2 nodes at once."
    if worst > MAX_FAILURES:
        return False, (
            f"{said} In the worst case {worst} could fail: sending stops at error {threshold + 1}, and "
            f"up to {concurrency - 1} invocations still running finish and may fail too. MaxErrors alone "
            "does not cap the failures; MaxErrors + MaxConcurrency does."
        )
    return True, f"{said} At most {worst} can ever fail: MaxErrors + MaxConcurrency <= {MAX_FAILURES}."


def exercises() -> tuple[Exercise, ...]:
    """The seven exercises of chapter 07, graded by cfn-lint, the change-set preview and the rate-control rule."""
    create_only = replacement_properties("AWS::EC2::Subnet")
    vpc_change = change_set(to_cloudformation(network()), _vpc_moved())
    replaced = sorted(c.logical_id for c in vpc_change.replacements)
    return (
        GradedExercise(
            id="07-lint-template",
            question=(
                "Build it: write a template (YAML or JSON text) with a parameter or resource for a VPC id and an "
                "AWS::EC2::SecurityGroup that allows HTTPS (tcp 443) from 0.0.0.0/0. It passes when cfn-lint finds "
                "no error. Check your text first with iac.lint(iac.Template.parse(text))."
            ),
            answer=(
                "Parameters:\n  VpcId:\n    Type: AWS::EC2::VPC::Id\nResources:\n  Web:\n"
                "    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web tier\n"
                "      VpcId: !Ref VpcId\n      SecurityGroupIngress:\n      - IpProtocol: tcp\n"
                "        FromPort: 443\n        ToPort: 443\n        CidrIp: 0.0.0.0/0\n"
            ),
            explanation="cfn-lint checks every resource against its type's schema and the template's references.",
            hint_text=(
                "A security group needs a GroupDescription; a rule names IpProtocol, FromPort and ToPort; "
                "!Ref must name a parameter or resource of the same template."
            ),
            kind="exact",
            grade=_grade_template,
            parse=_text,
            form=('.check("Resources: ...")', "template text in YAML or JSON"),
        ),
        GradedExercise(
            id="07-change-in-place",
            question=(
                f"Build it: to_cloudformation(network()) has one subnet, {SUBNET}. Give the property changes (a dict "
                "of CloudFormation property names and new values) that modify the subnet WITHOUT replacing it. "
                "Preview them with iac.change_set(old, new)."
            ),
            answer={"Tags": [{"Key": "Name", "Value": "public-a"}, {"Key": "team", "Value": "web"}]},
            explanation=(
                "A change replaces a resource when it touches a createOnlyProperties entry of the type's "
                f"schema; for a subnet those include {', '.join(create_only[:4])}."
            ),
            hint_text="Tags, MapPublicIpOnLaunch and similar settings can change on a running subnet; its address block cannot.",
            kind="exact",
            grade=_grade_change,
            parse=_changes,
            form=('.check({"MapPublicIpOnLaunch": True})', "a dict of property names and values"),
        ),
        GradedExercise(
            id="07-rate-control",
            question=(
                f"Build it: a patch goes to {FLEET} managed nodes with Run Command; about "
                f"{FAILURE_RATE:.0%} of them fail it. Choose MaxConcurrency and MaxErrors (answer 'concurrency, "
                f"errors', e.g. '10, 5' or '5%, 1') so that at least 2 nodes run at once and never more than "
                f"{MAX_FAILURES} nodes can fail. Try iac.run_command({FLEET}, max_concurrency=..., max_errors=..., "
                f"failure_rate={FAILURE_RATE}, seed={SEED})."
            ),
            answer="2, 1",
            explanation=(
                "Systems Manager stops sending the command after error MaxErrors + 1, but invocations already "
                "running finish."
            ),
            hint_text="Count the worst case: the errors that stop the command plus every invocation still in flight.",
            kind="exact",
            grade=_grade_settings,
            parse=_settings,
            form=('.check("2, 1")', "two settings, 'MaxConcurrency, MaxErrors'"),
        ),
        Exercise(
            id="07-vpc-cidr",
            question=(
                "In network(), change the VPC's CidrBlock from 10.0.0.0/16 to 10.1.0.0/16 (and the subnet to "
                "10.1.0.0/24). Which resources does the change set replace?"
            ),
            answer=replaced,
            explanation=(
                "A VPC's CidrBlock is create-only, so the VPC is replaced and gets a new id; a subnet's VpcId "
                "is create-only too, so every subnet that refers to the VPC is replaced with it."
            ),
            hint_text="Replacement spreads along create-only references: what refers to the VPC?",
            kind="set",
        ),
        Exercise(
            id="07-delete-exporting-stack",
            question=(
                "The network stack exports its subnet ids and the app stack imports them with Fn::ImportValue. "
                "What happens when you delete the network stack?"
            ),
            answer="CloudFormation refuses: an export another stack imports cannot be deleted",
            choices=(
                "The network stack and the app stack are both deleted",
                "The network stack is deleted and the app stack keeps the old subnet ids",
                "CloudFormation refuses: an export another stack imports cannot be deleted",
                "The app stack is updated to use the default VPC",
            ),
            explanation=(
                "CloudFormation keeps a link from each export to the stacks that import it and refuses to "
                "delete or change an export in use; delete or update the importing stacks first."
            ),
            hint_text="Try Deployment().delete('network') after creating both stacks.",
            kind="choice",
        ),
        Exercise(
            id="07-drift",
            question=(
                "Someone opened port 22 on the stack's web security group in the console. Drift detection "
                "runs. What does CloudFormation do?"
            ),
            answer="It reports the group as MODIFIED and changes nothing",
            choices=(
                "It closes port 22 again to match the template",
                "It reports the group as MODIFIED and changes nothing",
                "It deletes the group and creates it again",
                "It adds port 22 to the template",
            ),
            explanation=(
                "Drift detection compares the actual configuration with the template and reports it; "
                "bringing them together again (revert by hand, or change the template and update) is up to you."
            ),
            hint_text="Drift detection is a report.",
            kind="choice",
        ),
        Exercise(
            id="07-session-manager",
            question=(
                "You replace SSH with Systems Manager Session Manager for private instances. What must the "
                "instances' security group allow inbound?"
            ),
            answer="Nothing: the SSM Agent connects outbound to Systems Manager",
            choices=(
                "Port 22 from the administrators' addresses",
                "Port 22 from 0.0.0.0/0",
                "Port 443 from 0.0.0.0/0",
                "Nothing: the SSM Agent connects outbound to Systems Manager",
            ),
            explanation=(
                "Session Manager needs no inbound port and no bastion host: the agent keeps an outbound HTTPS "
                "connection (through a NAT gateway or interface endpoints), and who may start a session is "
                "an IAM permission."
            ),
            hint_text="Who opens the connection, the administrator or the agent?",
            kind="choice",
        ),
    )


def _vpc_moved() -> Template:
    vpc = VPC("10.1.0.0/16", name="shop")
    vpc.add_subnet("10.1.0.0/24", az="az-a", name="public-a")
    return to_cloudformation(vpc)
