"""S3 views: they format what listings, buckets, rules and costs give them."""

from types import SimpleNamespace

import pandas as pd

from awsbasics.display import PALETTE
from awsbasics.display.s3 import bucket_view, cost_view, lifecycle_view, listing_view, monthly_cost_figure
from awsbasics.storage.s3 import Bucket, Lifecycle, lifecycle_cost, list_objects

COURSE = Lifecycle(transitions=(("STANDARD_IA", 30), ("GLACIER", 90)), expiration_days=365)


def test_listing_view_is_a_captioned_table_of_its_rows():
    html = listing_view(list_objects(["a.txt", "photos/x.png"], delimiter="/"))["text/html"]
    assert html == (
        '<table class="awsbasics"><caption>List with prefix &#x27;&#x27;, delimiter &#x27;/&#x27;: 1 object(s), '
        "1 common prefix(es)</caption><thead><tr><th>name</th><th>kind</th></tr></thead><tbody>"
        "<tr><td>photos/</td><td>common prefix (folder)</td></tr><tr><td>a.txt</td><td>object</td></tr>"
        "</tbody></table>"
    )


def test_bucket_view_bolds_current_versions_and_greys_delete_markers():
    bucket = Bucket("view-test", versioning=True)
    bucket.put("a.txt", 1000)
    bucket.delete("a.txt")
    html = bucket_view(bucket)["text/html"]
    assert html.startswith(
        "<p>Bucket view-test (us-east-1, versioning Enabled): 0 current object(s), 2 version(s) and marker(s), "
        "1,000 bytes billed (0 current)</p>"
    )
    assert (
        f'<tr style="font-weight:bold;color:{PALETTE["grey"]};"><td>a.txt</td><td>v2</td><td>yes</td>'
        "<td>delete marker</td><td>0</td></tr>"
    ) in html
    assert '<tr style=""><td>a.txt</td><td>v1</td><td></td><td></td><td>1,000</td></tr>' in html


def test_lifecycle_view_writes_dark_text_on_light_boxes():
    html = lifecycle_view(COURSE)["text/html"]
    assert html.startswith(
        '<div class="awsbasics-lifecycle"><p>S3 lifecycle rule: STANDARD (day 0) -&gt; STANDARD_IA (day 30) '
        "-&gt; GLACIER (day 90) -&gt; expire (day 365)</p>"
    )
    assert f'background:{PALETTE["blue"]};color:white">STANDARD<br><small>from day 0</small>' in html
    assert f'background:{PALETTE["sky_blue"]};color:black">STANDARD_IA<br><small>from day 30</small>' in html
    assert f'background:{PALETTE["orange"]};color:white">GLACIER<br><small>from day 90</small>' in html
    deep = lifecycle_view(Lifecycle(transitions=(("DEEP_ARCHIVE", 1),)))["text/html"]
    assert f'background:{PALETTE["grey"]};color:black">DEEP_ARCHIVE' in deep


def test_cost_view_shows_the_rule_the_statement_the_totals_and_the_findings():
    cost = lifecycle_cost(COURSE, size_gb=1000, object_count=100_000, months=13)
    html = cost_view(cost)["text/html"]
    assert html.startswith('<div class="awsbasics-s3-cost"><div class="awsbasics-lifecycle">')
    assert f"<p>{cost.statement}</p>" in html
    assert "<caption>Totals over 13 months</caption>" in html
    assert "<tr><td>total</td><td>$85.26</td></tr>" in html
    assert html.count("<li>") == len(cost.findings)


def test_monthly_figure_names_the_month_length_it_is_given():
    monthly = pd.DataFrame(
        {"STANDARD_usd": [1.0, 2.0], "total_usd": [1.0, 2.0]}, index=pd.RangeIndex(1, 3, name="month")
    )
    cost = SimpleNamespace(
        monthly=monthly, region="r-1", months=2, days_per_month=28, lifecycle=SimpleNamespace(timeline="A -> B")
    )
    fig = monthly_cost_figure(cost)
    assert fig.layout.xaxis.title.text == "month (28-day months)"
    assert fig.layout.title.text == "Monthly S3 cost, r-1<br><sup>A -&gt; B</sup>"
    assert [t.name for t in fig.data] == ["STANDARD"]
