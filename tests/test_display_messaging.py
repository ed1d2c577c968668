"""Chapter 09 views: exact fragments of the tables, diagrams and figures."""

import pytest

from awsbasics.messaging import Queue, Topic, simulate_coupling, simulate_pipeline


def _queue():
    dlq = Queue(name="jobs-dlq")
    q = Queue(name="jobs", visibility_timeout=30, max_receive_count=2, dead_letter_queue=dlq)
    q.send("a")
    q.send("b")
    q.receive()
    return q


def test_queue_view_shows_settings_counts_and_messages():
    html = _queue()._repr_mimebundle_()["text/html"]
    assert "<tr><td>visibility_timeout_s</td><td>30</td></tr>" in html
    assert "<tr><td>redrive</td><td>to jobs-dlq after 2 receives</td></tr>" in html
    assert "<tr><td>jobs-1</td><td>a</td><td>in flight</td><td>1</td></tr>" in html
    assert "<tr><td>jobs-2</td><td>b</td><td>visible</td><td>0</td></tr>" in html


def test_state_view_escapes_bodies():
    q = Queue()
    q.send("<script>")
    html = q.snapshot()._repr_mimebundle_()["text/html"]
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_lifecycle_diagram():
    d = _queue().diagram()
    assert "life_inflight [shape=box" in d.dot and 'label="In flight\\n1 now\\n(visibility timeout 30 s)"' in d.dot
    assert 'life_visible -> life_dlq [style=bold, label=" receive after 2 receives"]' in d.dot
    assert d.text().startswith("Message lifecycle in jobs: sent, visible, in flight for 30 s")


def test_fanout_diagram_and_publication_view():
    topic = Topic("uploads")
    topic.subscribe(Queue(name="thumbs"), filter_policy={"kind": ["image"]})
    topic.subscribe("ops@example.com", protocol="email", name="ops")
    pub = topic.publish("x", attributes={"kind": "video"})
    d = topic.diagram()
    assert 'fan_topic_uploads -> fan_sub_thumbs [style=dashed, label=" filter: kind"]' in d.dot
    assert 'label="email: ops\\n1 received"' in d.dot
    assert "1 of them (dashed)" in d.text()
    html = pub._repr_mimebundle_()["text/html"]
    assert "<tr><td>thumbs</td><td>sqs</td><td>filtered out</td></tr>" in html
    assert "<tr><td>ops</td><td>email</td><td>delivered</td></tr>" in html


def test_coupling_views():
    run = simulate_coupling(seed=1)
    html = run._repr_mimebundle_()["text/html"]
    assert f"<tr><td>failed_requests</td><td>{run.tight_failed}</td><td>0</td></tr>" in html
    fig = run.figure().to_dict()
    names = [t["name"] for t in fig["data"]]
    assert names == ["requests arriving", "failed (tight)", "backlog (loose)"]
    assert fig["data"][2]["y"] == run.queue_backlog.tolist()
    assert fig["layout"]["title"]["text"] == "Processing tier down from 120 s to 210 s: tight vs loose coupling"
    d = run.diagram()
    assert f"call and wait: {run.tight_failed} failed" in d.dot


def test_pipeline_views():
    run = simulate_pipeline(seed=1, uploads=3000)
    html = run._repr_mimebundle_()["text/html"]
    assert "Cost of this run (us-east-1 teaching estimate)" in html
    assert f"<tr><td>SNS publishes</td><td>3000</td><td>{round(3000 * 0.5 / 1e6, 4)}</td></tr>" in html
    fig = run.figure().to_dict()
    assert [t["name"] for t in fig["data"]] == ["backlog (messages visible)", "instances (desired)"]
    assert fig["data"][1]["y"] == run.run.eval_instances.tolist()
    assert fig["layout"]["yaxis2"]["title"]["text"] == "instances"
    d = run.diagram()
    assert "pipe_topic -> pipe_queue" in d.dot and "3000 uploads" in d.dot
    assert d.text().startswith("Upload -> S3 -> SNS -> SQS -> Auto Scaling workers -> S3 -> CloudFront: 3000 uploads")


@pytest.mark.parametrize("make", [lambda: _queue().diagram(), lambda: simulate_coupling(seed=1).diagram()])
def test_diagrams_render_to_svg(make):
    pytest.importorskip("wasmtime")
    html = make()._repr_mimebundle_()["text/html"]
    assert '<figure class="awsbasics-diagram"' in html and "<svg" in html
