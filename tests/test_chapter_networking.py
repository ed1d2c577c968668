"""Chapter 03's exercises: answers from the engines, feedback per misconception, two built by the learner.

Facts: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html (5 reserved addresses;
/56 VPC and /64 subnet IPv6 blocks), https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
(secondary block restrictions), https://aws.amazon.com/vpc/pricing/ (NAT gateway and public IPv4 prices).
"""

import pytest

from awsbasics.chapters.exercise import GradedExercise
from awsbasics.chapters.networking import HOSTS_NEEDED, broken_shop
from awsbasics.exercises import chapter


@pytest.fixture(scope="module")
def by_id():
    return {e.id: e for e in chapter("03")}


def test_seven_exercises_two_of_them_built_and_graded_by_the_engine(by_id):
    assert list(by_id) == [
        "03-size-for-hosts",
        "03-repair-shop",
        "03-secondary-block",
        "03-nat-subnet",
        "03-ipv6-subnet-count",
        "03-ipv6-route-target",
        "03-nat-monthly-cost",
    ]
    built = [e for e in by_id.values() if e.question.startswith("Build it")]
    assert len(built) == 2 and all(isinstance(e, GradedExercise) for e in built)


@pytest.mark.parametrize(
    "answer, correct, fragment",
    [
        ("/20", True, "4,091 usable"),
        ("20", True, "4,091 usable"),
        ("/21", False, "AWS keeps 5 of every subnet"),
        ("/24", False, "has only 256 addresses"),
        ("/19", False, "2 times the size you need"),
        ("/12", False, "subnets run from /16 to /28"),
        ("twenty", False, "expects a prefix length"),
    ],
)
def test_sizing_names_the_forgotten_reserved_addresses(by_id, answer, correct, fragment):
    assert HOSTS_NEEDED == 2045  # /21 has 2,048 addresses but 2,043 usable
    feedback = by_id["03-size-for-hosts"].check(answer)
    assert feedback.correct is correct and fragment in feedback.message


def test_the_broken_shop_is_judged_step_by_step(by_id):
    exercise = by_id["03-repair-shop"]
    shop = broken_shop()
    assert "lets anyone open SSH" in exercise.check(shop).message
    web_sg = next(g for g in shop.security_groups if g.name == "web-sg")
    alb_sg = next(g for g in shop.security_groups if g.name == "alb-sg")
    for rule in web_sg.inbound():
        if rule.from_port == 22:
            web_sg.revoke(rule)
    assert "allows port 80 from an address block" in exercise.check(shop).message
    for rule in web_sg.inbound():
        web_sg.revoke(rule)
    assert "can no longer reach web-a on port 80" in exercise.check(shop).message
    web_sg.allow_inbound(80, source=alb_sg)
    single = exercise.check(shop)
    assert not single.correct and "single point of failure" in single.message
    nat_c = shop.add_nat_gateway(shop.get("public-c"), name="nat-c")
    table = shop.add_route_table("app-c")
    table.add_route("0.0.0.0/0", nat_c)
    table.associate(shop.get("app-c"))
    assert exercise.check(shop).correct


def test_the_repair_refuses_other_answers(by_id):
    exercise = by_id["03-repair-shop"]
    assert "expects the VPC you repaired" in exercise.check("fixed").message
    from awsbasics.network import VPC

    assert "Start from broken_shop()" in exercise.check(VPC("10.0.0.0/16")).message


def test_moving_a_web_server_to_the_internet_is_caught(by_id):
    shop = broken_shop()
    shop.get("private").remove_route("0.0.0.0/0")
    shop.get("private").add_route("0.0.0.0/0", shop.internet_gateway)
    shop.associate_elastic_ip(shop.allocate_elastic_ip("oops"), shop.get("web-a"))
    assert "answers the internet directly on port 80" in by_id["03-repair-shop"].check(shop).message


@pytest.mark.parametrize(
    "exercise_id, answer, fragment",
    [
        ("03-secondary-block", "A", "AWS restricts mixing the RFC 1918 ranges"),
        ("03-secondary-block", "D", "link-local"),
        ("03-nat-subnet", "public", "only a route to an internet gateway does"),
        ("03-ipv6-subnet-count", "8", "number of bits between the two prefixes"),
        ("03-ipv6-subnet-count", "251", "not subnets of the VPC block"),
        ("03-ipv6-route-target", "A", "public for IPv6"),
        ("03-ipv6-route-target", "B", "nothing to translate"),
        ("03-nat-monthly-cost", "109.5", "per-GB processing charge"),
        ("03-nat-monthly-cost", "112.05", "every public IPv4"),
        ("03-nat-monthly-cost", "50", "That is one NAT gateway"),
    ],
)
def test_wrong_answers_get_their_misconception(by_id, exercise_id, answer, fragment):
    feedback = by_id[exercise_id].check(answer)
    assert not feedback.correct and fragment in feedback.message


@pytest.mark.parametrize(
    "exercise_id, answer",
    [
        ("03-secondary-block", "172.30.0.0/16"),
        ("03-nat-subnet", "B"),
        ("03-ipv6-subnet-count", "256"),
        ("03-ipv6-route-target", "an egress-only internet gateway"),
        ("03-nat-monthly-cost", "$123.00"),  # 3 x 730 x (0.045 + 0.005) + 300 x 0.045
    ],
)
def test_right_answers(by_id, exercise_id, answer):
    assert by_id[exercise_id].check(answer).correct


def test_the_sizing_form_answers_wrong_then_right(by_id):
    form = by_id["03-size-for-hosts"].widget()
    form.answer.value = "/21"
    form.check_button.click()
    assert "Not yet" in form.feedback.value
    form.answer.value = "/20"
    form.check_button.click()
    assert "Correct" in form.feedback.value or "That is right" in form.feedback.value
