"""EBS views: they format what the engine objects give them and decide no EBS fact."""

from types import SimpleNamespace

import pandas as pd

from awsbasics.display.ebs import burst_view, credit_balance_svg, model_diagram, model_view, volume_view
from awsbasics.storage.ebs import EbsModel, Volume, burst_outcome


def test_volume_view_is_the_facts_table_under_the_first_line():
    html = volume_view(Volume("gp2", 100))["text/html"]
    assert html.startswith(
        '<table class="awsbasics"><caption>gp2 100 GiB: 300 IOPS baseline, bursts to 3,000 IOPS, 75 to 128 MiB/s'
        "</caption><thead><tr><th>property</th><th>value</th></tr></thead>"
    )
    assert (
        "<tr><td>burst</td><td>3,000 IOPS for 2,000 s (33.3 min) from a full bucket of 5.4 million I/O credits"
        "</td></tr>"
    ) in html
    assert set(volume_view(Volume("gp2", 100))) == {"text/html"}


def test_burst_view_shows_the_demand_the_verdict_and_the_credit_balance():
    html = burst_view(burst_outcome(Volume("gp2", 100), 3000, minutes=60))["text/html"]
    assert html.startswith(
        "<p><b>3,000 IOPS wanted for 60 min</b>: delivers 3,000 IOPS for 2,000 s (33.3 min), then the bucket "
        'is empty and it drops to its 300 IOPS baseline.</p><svg class="awsbasics-credit-plot"'
    )
    assert '<text x="52" y="26" font-size="11" text-anchor="end">5.4</text>' in html  # a full bucket, in millions
    gp3 = burst_view(burst_outcome(Volume("gp3", 100), 1600, minutes=10))["text/html"]
    assert gp3 == "<p><b>1,600 IOPS wanted for 10 min</b>: delivers 1,600 IOPS the whole time (no burst bucket).</p>"


def test_burst_view_formats_and_escapes_what_it_is_given():
    outcome = SimpleNamespace(demand_iops=1234.5, minutes=7, verdict="<a rule>", credits=None)
    assert burst_view(outcome) == {"text/html": "<p><b>1,234.50 IOPS wanted for 7 min</b>: &lt;a rule&gt;</p>"}


def test_credit_balance_svg_scales_to_the_bucket_it_is_given():
    frame = pd.DataFrame({"t_s": [10.0, 20.0], "credits": [1_000_000.0, 0.0]})
    svg = credit_balance_svg(frame, bucket=2_000_000)
    assert '<text x="52" y="26" font-size="11" text-anchor="end">2</text>' in svg
    assert "<title>I/O credit balance over 20 s</title>" in svg
    assert 'points="244.0,72.0 430.0,122.0"' in svg


def test_model_diagram_labels_come_from_the_model():
    model = EbsModel()
    model.add_instance("old", "ap-northeast-2a", nitro=False)
    model.add_volume("data", Volume("gp3", 100, availability_zone="ap-northeast-2a"))
    model.snapshot("data", "nightly")
    diagram = model_diagram(model)
    assert 'label="instance old (Xen)"' in diagram.dot
    assert 'label="snapshot nightly\\nkept by EBS in S3"' in diagram.dot
    assert 'subgraph cluster_ap_northeast_2 {\n    label="Region ap-northeast-2"' in diagram.dot
    assert diagram.caption == (
        "data (gp3 100 GiB) in ap-northeast-2a: not attached; snapshot nightly of data in Region ap-northeast-2"
    )
    html = model_view(model)["text/html"]
    assert html.startswith('<figure class="awsbasics-diagram"') and "<figcaption>data (gp3 100 GiB)" in html


def test_volume_facts_are_the_volumes_own():
    from awsbasics.display.ebs import volume_facts

    volume = Volume("io2", 100, iops=1000)
    assert volume_facts(volume) == volume.facts()
    assert ("provisioned IOPS", "1,000; allowed at this size: 100 to 100,000") in volume_facts(volume)
