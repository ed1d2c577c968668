"""The CDK (클라우드 개발 키트): a few lines of code that synthesize a whole template.

With the AWS CDK you write infrastructure in a programming language; ``cdk
synth`` turns it into a CloudFormation template, and CloudFormation deploys
that. One *construct* such as ``ec2.Vpc`` stands for many resources. This
module shows a CDK v2 construct (as text: the CDK itself is not a dependency)
beside the template our exporter writes for the same network, built with the
VPC model as the construct lays it out::

    >>> example = cdk_vpc(max_azs=2)
    >>> example.code_lines, len(example.template.resources)
    (16, 23)

The CDK's own synthesized template differs in logical ids and adds metadata;
the resources are the same kinds and counts.

Sources: https://docs.aws.amazon.com/cdk/v2/guide/home.html,
https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.Vpc.html
"""

from __future__ import annotations

from dataclasses import dataclass

from awsbasics import data
from awsbasics._checks import require_int, require_str
from awsbasics._protocol import Rendered
from awsbasics.errors import TemplateError
from awsbasics.iac.template import Template, show_int

__all__ = ["cdk_vpc", "CdkExample", "CDK_VERSIONS"]

CDK_VERSIONS: dict = data.value("iac", "cdk_versions")
_DEFAULT_VPC: dict = data.value("iac", "cdk_default_vpc")

_CODE = """from aws_cdk import App, Stack
from aws_cdk import aws_ec2 as ec2
from constructs import Construct


class NetworkStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        ec2.Vpc(self, "Vpc",
                ip_addresses=ec2.IpAddresses.cidr("{cidr}"),
                max_azs={azs}, nat_gateways={nats},
                subnet_configuration=[
                    ec2.SubnetConfiguration(name="public", subnet_type=ec2.SubnetType.PUBLIC, cidr_mask={mask}),
                    ec2.SubnetConfiguration(name="private", subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS, cidr_mask={mask}),
                ])


app = App()
NetworkStack(app, "network")
app.synth()"""


@dataclass(frozen=True)
class CdkExample(Rendered):
    """A CDK construct (``code``, Python) beside the template it stands for (``template``)."""

    code: str
    template: Template
    azs: int
    nat_gateways: int

    _view_ = "iac.cdk_view"

    @property
    def code_lines(self) -> int:
        return len([line for line in self.code.splitlines() if line.strip()])

    @property
    def verdict(self) -> str:
        counts = ", ".join(f"{n} {t.removeprefix('AWS::EC2::')}" for t, n in self.template.resource_types().items())
        return (
            f"{self.code_lines} lines of CDK (Python) stand for {len(self.template.resources)} CloudFormation "
            f"resources: {counts}"
        )

    def text(self) -> str:
        return f"{self.verdict}\n\n{self.code}\n\n{self.template.to_yaml()}"


def cdk_vpc(*, cidr: str | None = None, max_azs: int = 2, nat_gateways: int | None = None) -> CdkExample:
    """An ``ec2.Vpc`` construct with public and private subnets, and the template for the same network.

    Args:
        cidr: The VPC block (default the CDK's, 10.0.0.0/16).
        max_azs: Availability Zones to use (1 to 3 here).
        nat_gateways: NAT gateways (default one per AZ, as the CDK does), in the first AZs' public subnets.
    """
    from awsbasics.iac.export import to_cloudformation
    from awsbasics.network import VPC, Cidr, split

    cidr = _DEFAULT_VPC["cidr"] if cidr is None else require_str(cidr, "cidr")
    require_int(max_azs, "max_azs")
    if not 1 <= max_azs <= _DEFAULT_VPC["max_azs"]:
        raise TemplateError(f"max_azs={show_int(max_azs)}: this example lays out 1 to {_DEFAULT_VPC['max_azs']} AZs")
    nats = max_azs if nat_gateways is None else require_int(nat_gateways, "nat_gateways")
    if not 0 <= nats <= max_azs:
        raise TemplateError(f"nat_gateways={show_int(nats)}: at most one per AZ ({max_azs}), or 0 for none")
    block = Cidr.parse(cidr)
    # Like the CDK, split the block evenly: one subnet per AZ and type, the smallest power of two that fits.
    count = 2 * max_azs
    mask = block.prefix + (count - 1).bit_length()
    vpc = VPC(str(block), name="network")
    zones = [f"az-{chr(ord('a') + i)}" for i in range(max_azs)]
    blocks = split(block, [mask] * count)
    public = [vpc.add_subnet(blocks[i], az=z, name=f"public-{z[-1]}") for i, z in enumerate(zones)]
    private = [vpc.add_subnet(blocks[max_azs + i], az=z, name=f"private-{z[-1]}") for i, z in enumerate(zones)]
    igw = vpc.add_internet_gateway()
    for subnet in public:
        table = vpc.add_route_table(subnet.name)
        table.associate(subnet)
        table.add_route("0.0.0.0/0", igw)
    gateways = [vpc.add_nat_gateway(public[i], name=f"nat-{zones[i][-1]}") for i in range(nats)]
    for i, subnet in enumerate(private):
        table = vpc.add_route_table(subnet.name)
        table.associate(subnet)
        if gateways:
            table.add_route("0.0.0.0/0", gateways[i % len(gateways)])
    code = _CODE.format(cidr=block, azs=max_azs, nats=nats, mask=mask)
    return CdkExample(
        code, to_cloudformation(vpc, description="the network an ec2.Vpc construct describes"), max_azs, nats
    )
