"""Chapter 07 displays: exact fragments of the template, change-set, drift and Run Command views, the diagrams and the figure."""

from awsbasics.display.iac import (
    cdk_view,
    change_set_view,
    deployment_diagram,
    deployment_view,
    drift_view,
    hand_build_view,
    lint_view,
    run_command_figure,
    run_command_view,
    stack_view,
    template_diagram,
    template_view,
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
    run_command,
    to_cloudformation,
)
from awsbasics.network import VPC


def network():
    vpc = VPC("10.0.0.0/16", name="shop")
    a = vpc.add_subnet("10.0.0.0/24", az="az-a", name="public-a")
    b = vpc.add_subnet("10.0.1.0/24", az="az-b", name="public-b")
    igw = vpc.add_internet_gateway()
    table = vpc.add_route_table("public")
    table.associate(a)
    table.add_route("0.0.0.0/0", igw)
    web = vpc.add_security_group("web", description="web tier")
    web.allow_inbound(443, source="0.0.0.0/0")
    vpc.add_load_balancer("web", subnets=[a, b], security_groups=[web])
    return vpc


def test_template_view_lists_types_notes_and_escaped_yaml():
    template = to_cloudformation(network())
    html = template_view(template)["text/html"]
    assert "<caption>CloudFormation template: 10 resources</caption>" in html
    assert "<tr><td>AWS::EC2::Subnet</td><td>2</td></tr>" in html
    assert "VpcId: !Ref VpcShop" in html
    assert "<li>VPC shop names no Region" in html
    bundle = template._repr_mimebundle_()
    assert bundle["text/plain"] == template.text() and "text/html" in bundle


def test_template_diagram_draws_references_and_depends_on():
    diagram = to_cloudformation(network()).diagram()
    assert "-> " in diagram.dot and 'label=" DependsOn"' in diagram.dot
    assert diagram.caption == "10 resources, 15 references (solid: Ref/GetAtt, dashed: DependsOn)"
    assert template_diagram(to_cloudformation(network())).dot == diagram.dot


def test_lint_and_change_set_views():
    bad = Template({"Resources": {"S": {"Type": "AWS::EC2::Subnet", "Properties": {"CidrBlock": "10.0.0.0/24"}}}})
    html = lint_view(lint(bad))["text/html"]
    assert "&#10007; cfn-lint (us-east-1): 1 error(s), 0 warning(s), 0 informational" in html
    assert "<td>E3003</td><td>error</td><td>Resources/S/Properties</td>" in html
    old = to_cloudformation(network())
    html = change_set_view(change_set(old, old.with_tag("SubnetPublicA", "team", "shop")))["text/html"]
    assert "change set: 0 to add, 1 to modify (0 by replacement), 0 to remove" in html
    assert "<td>SubnetPublicA</td><td>AWS::EC2::Subnet</td><td>Modify</td><td>False</td><td>Tags</td>" in html


def test_stack_views_and_the_stacks_diagram():
    vpc = network()
    alb = vpc.load_balancers[0]
    net = Stack("network", to_cloudformation(vpc, export=True, skip=[alb]))
    app = Stack("app", to_cloudformation(alb, imports=[net]))
    assert "<tr><td>network-SubnetPublicA</td><td>SubnetPublicAId</td></tr>" in stack_view(net)["text/html"]
    cloud = Deployment()
    cloud.create(net)
    cloud.create(app)
    html = deployment_view(cloud)["text/html"]
    assert "<tr><td>app</td><td>network</td><td>network-SubnetPublicA</td></tr>" in html
    diagram = deployment_diagram(cloud)
    assert diagram.caption == "2 stacks; app imports 3 value(s) from network"
    assert 'label=" Fn::ImportValue x3"' in diagram.dot
    assert cloud.diagram().dot == diagram.dot


def test_drift_view_marks_the_modified_group():
    vpc = network()
    actual = vpc.to_aws()
    web = next(g for g in actual["SecurityGroups"] if g["GroupName"] == "web")
    web["IpPermissions"] = []
    html = drift_view(detect_drift(vpc, actual))["text/html"]
    assert "stack DRIFTED: 8 IN_SYNC, 1 MODIFIED, 1 NOT_CHECKED" in html
    assert (
        "<td>SecurityGroupWeb</td><td>AWS::EC2::SecurityGroup</td><td>MODIFIED</td><td>SecurityGroupIngress</td><td>REMOVE</td>"
        in html
    )


def test_run_command_view_and_figure():
    run = run_command(40, max_concurrency="8", max_errors="2", failure_rate=0.25, seed=4)
    html = run_command_view(run)["text/html"]
    assert f"{run.succeeded} succeeded, {run.failed} failed, {run.not_sent} never sent" in html
    fig = run_command_figure(run).to_dict()
    assert [t["name"] for t in fig["data"]] == ["running", "succeeded", "failed", "never sent"]
    assert fig["data"][3]["y"][-1] == run.not_sent
    assert fig["layout"]["title"]["text"] == "Run Command on 40 targets: MaxConcurrency 8, MaxErrors 2"
    assert run.figure().to_dict()["data"][0]["y"] == fig["data"][0]["y"]


def test_hand_build_and_cdk_views():
    run = build_by_hand(to_cloudformation(network()), mistake_rate=0.5, seed=1)
    html = hand_build_view(run)["text/html"]
    assert "<caption>differences from the template</caption>" in html
    assert "from the template: 0 in every environment" in html
    example = cdk_vpc(max_azs=1)
    html = cdk_view(example)["text/html"]
    assert "ec2.Vpc(self, &quot;Vpc&quot;," in html and "Type: AWS::EC2::NatGateway" in html
