"""Network costs: public IPv4 address-hours, NAT gateway hours and GB, the S3 gateway endpoint.

Prices are us-east-1 list prices from https://aws.amazon.com/vpc/pricing/ (public IPv4 $0.005 per
address-hour since 1 February 2024; NAT gateway $0.045 per hour and $0.045 per GB processed;
Reachability Analyzer $0.10 per analysis) and https://docs.aws.amazon.com/vpc/latest/privatelink/
gateway-endpoints.html (gateway endpoints: no additional charge).
"""

import pytest

from awsbasics.errors import VpcError
from awsbasics.network import VPC, network_cost, reachability_analyzer_cost, s3_through_nat_vs_endpoint
from awsbasics.network.costs import PRICES


def test_prices_are_the_sourced_ones():
    assert (
        PRICES["public_ipv4_usd_per_hour"],
        PRICES["nat_gateway_usd_per_hour"],
        PRICES["nat_gateway_usd_per_gb"],
        PRICES["gateway_endpoint_usd_per_gb"],
        PRICES["reachability_analyzer_usd_per_analysis"],
        PRICES["hours_per_month"],
    ) == (0.005, 0.045, 0.045, 0.0, 0.10, 730)


def _vpc(nats=1):
    vpc = VPC("10.0.0.0/16", name="bill")
    igw = vpc.add_internet_gateway()
    for i in range(nats):
        subnet = vpc.add_subnet(f"10.0.{i}.0/24", az=f"az-{i}")
        table = vpc.add_route_table(f"public-{i}")
        table.associate(subnet)
        table.add_route("0.0.0.0/0", igw)
        vpc.add_nat_gateway(subnet)
    return vpc


def test_one_nat_gateway_for_a_month():
    cost = network_cost(_vpc(), nat_gb_per_month=100)
    # 730 h x $0.005 (its Elastic IP) + 730 h x $0.045 + 100 GB x $0.045
    assert cost.public_ipv4_addresses == 1 and cost.nat_gateways == 1
    assert [round(line.usd_per_month, 2) for line in cost.lines] == [3.65, 32.85, 4.5]
    assert round(cost.total_usd, 2) == 41.0


def test_one_nat_per_az_doubles_the_hours_not_the_gigabytes():
    one, two = network_cost(_vpc(1), nat_gb_per_month=500), network_cost(_vpc(2), nat_gb_per_month=500)
    assert round(two.total_usd - one.total_usd, 2) == round(730 * (0.005 + 0.045), 2)  # 36.5


def test_public_addresses_count_instances_and_idle_elastic_ips():
    vpc = _vpc()
    vpc.add_instance("web", vpc.subnets[0], public_ip=True)
    vpc.add_instance("app", vpc.subnets[0])
    vpc.allocate_elastic_ip("spare")  # idle, still charged
    assert network_cost(vpc).public_ipv4_addresses == 3


def test_an_ipv6_only_address_costs_nothing():
    vpc = VPC("10.0.0.0/16", name="v6")
    vpc.assign_ipv6_cidr_block()
    subnet = vpc.add_subnet("10.0.0.0/24", az="az-a", ipv6_cidr="auto")
    vpc.add_instance("box", subnet, ipv6=True)
    assert network_cost(vpc).total_usd == 0


def test_s3_through_a_nat_gateway_versus_a_gateway_endpoint():
    comparison = s3_through_nat_vs_endpoint(2000)
    assert (comparison.through_nat_usd, comparison.through_endpoint_usd, comparison.savings_usd) == (90.0, 0.0, 90.0)
    assert comparison.text() == (
        "2,000 GB of S3 traffic a month: $90.00 through a NAT gateway, $0.00 through a gateway "
        "endpoint; the endpoint saves $90.00 a month"
    )


def test_reachability_analyzer_is_charged_per_analysis():
    assert round(reachability_analyzer_cost(25), 2) == 2.5


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: network_cost("vpc"), TypeError, "takes a VPC"),
        (lambda: network_cost(_vpc(), nat_gb_per_month=-1), VpcError, "between 0 and"),
        (lambda: network_cost(_vpc(), nat_gb_per_month=float("nan")), VpcError, "between 0 and"),
        (lambda: network_cost(_vpc(), nat_gb_per_month="5"), TypeError, "must be a number"),
        (lambda: network_cost(_vpc(), hours=10**9), VpcError, "between 0 and 8,784"),
        (lambda: network_cost(VPC("10.0.0.0/16", name="none"), nat_gb_per_month=5), VpcError, "has no NAT gateway"),
        (lambda: s3_through_nat_vs_endpoint(float("inf")), VpcError, "between 0 and"),
        (lambda: s3_through_nat_vs_endpoint(None), TypeError, "must be a number"),
        (lambda: reachability_analyzer_cost(1.5), TypeError, "must be int"),
        (lambda: reachability_analyzer_cost(-1), VpcError, "between 0"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_cost_views_render():
    cost = network_cost(_vpc(), nat_gb_per_month=100)
    html = cost._repr_mimebundle_()["text/html"]
    assert "<b>Network cost of VPC bill: $41.00 a month (us-east-1 list prices)</b>" in html
    assert "<td>NAT gateway hours</td><td>730</td><td>gateway-hours</td><td>0.045</td><td>32.85</td>" in html
    assert "through an S3 gateway endpoint" in s3_through_nat_vs_endpoint(10)._repr_mimebundle_()["text/html"]
