"""Tables, figures and diagrams for chapter 09: queues, topics, coupling and the worker pipeline.

Every function reads what it shows from the object it is given (a queue's
counts and settings, a run's arrays and statistics); none decides an SQS or SNS
rule or a price.
"""

from __future__ import annotations

from awsbasics.display import PALETTE, escape, html_table
from awsbasics.display.diagram import Diagram, node_id, quote

__all__ = [
    "queue_view",
    "state_view",
    "publication_view",
    "topic_view",
    "coupling_view",
    "coupling_figure",
    "coupling_diagram",
    "workers_view",
    "workers_figure",
    "pipeline_view",
    "pipeline_diagram",
    "lifecycle_diagram",
    "fanout_diagram",
]

_GRAPH = (
    'digraph {{\n  rankdir={rankdir}; fontname="Helvetica"; newrank=true;\n'
    '  node [fontname="Helvetica", fontsize=11];\n  edge [fontname="Helvetica", fontsize=10];\n{body}}}\n'
)


def _graph(body: list[str], rankdir: str = "TB") -> str:
    return _GRAPH.format(rankdir=rankdir, body="\n".join(body) + "\n")


def _node(
    prefix: str, name: str, label: str, *, shape: str = "box", fill: str = "#ffffff", style: str = "filled"
) -> str:
    return (
        f"  {node_id(prefix, name)} [shape={shape}, style={quote(style)}, fillcolor={quote(fill)}, "
        f"label={quote(label)}, tooltip={quote(label.replace(chr(10), ' '))}];"
    )


def _edge(prefix: str, a: str, b: str, label: str = "", style: str = "solid") -> str:
    extra = f", label={quote(' ' + label)}" if label else ""
    return f"  {node_id(prefix, a)} -> {node_id(prefix, b)} [style={style}{extra}];"


# -- queues ----------------------------------------------------------------------------------------


def state_view(state) -> dict[str, str]:
    """A queue's messages at one instant, by state."""
    caption = (
        f"Queue {state.name} at t={state.now:g} s: {len(state.visible)} visible, "
        f"{len(state.in_flight)} in flight, {len(state.delayed)} delayed"
    )
    return {"text/html": html_table(["message_id", "body", "state", "receive_count"], state.rows(), caption=caption)}


def queue_view(queue) -> dict[str, str]:
    """A queue's settings, its counters and its messages."""
    counts = queue.counts()
    settings = html_table(["setting", "value"], queue.settings(), caption=f"Queue {queue.name}")
    counters = html_table(["messages", "count"], list(counts.items()), caption=f"At t={queue.now:g} s")
    messages = state_view(queue.snapshot())["text/html"]
    return {
        "text/html": (
            f'<div class="awsbasics-queue"><p><b>{escape(queue.text())}</b></p>'
            f'<div style="display:flex; gap:2em; align-items:flex-start">{settings}{counters}{messages}</div></div>'
        )
    }


def lifecycle_diagram(queue) -> Diagram:
    """A message's life in this queue: sent, visible, in flight, deleted, back, or dead-lettered."""
    counts = queue.counts()
    p = "life"
    dlq = queue.dead_letter_queue
    body = [
        _node(p, "producer", "Producer\nSendMessage", shape="box", fill=PALETTE["sky_blue"]),
        _node(
            p,
            "delayed",
            f"Delayed\n{counts['delayed']} now\n(delay {queue.delay_seconds} s)",
            shape="box",
            fill="#ffffff",
            style="dashed",
        ),
        _node(p, "visible", f"Visible\n{counts['visible']} now", shape="box", fill="#cfe6f5", style="rounded,filled"),
        _node(
            p,
            "inflight",
            f"In flight\n{counts['in_flight']} now\n(visibility timeout {queue.visibility_timeout} s)",
            shape="box",
            fill=PALETTE["yellow"],
            style="rounded,filled",
        ),
        _node(p, "consumer", "Consumer\nReceiveMessage", shape="box", fill=PALETTE["sky_blue"]),
        _node(p, "deleted", f"Deleted\n{counts['deleted']} so far", shape="ellipse", fill=PALETTE["bluish_green"]),
        _node(
            p,
            "expired",
            f"Expired\n{counts['expired']} so far\n(retention {queue.retention_seconds} s)",
            shape="ellipse",
            fill=PALETTE["grey"],
        ),
        _edge(p, "producer", "delayed", "send"),
        _edge(p, "delayed", "visible", "delay over"),
        _edge(p, "visible", "inflight", "receive"),
        _edge(p, "inflight", "consumer", "body + receipt handle"),
        _edge(p, "consumer", "deleted", "DeleteMessage"),
        _edge(p, "inflight", "visible", "timeout runs out", style="dashed"),
        _edge(p, "visible", "expired", "retention over", style="dotted"),
    ]
    if dlq is not None:
        body += [
            _node(
                p,
                "dlq",
                f"Dead-letter queue {dlq.name}\n{counts['moved_to_dlq']} moved",
                shape="box",
                fill=PALETTE["vermillion"],
                style="rounded,filled",
            ),
            _edge(p, "visible", "dlq", f"receive after {queue.max_receive_count} receives", style="bold"),
        ]
    redrive = (
        f"; after {queue.max_receive_count} receives the next receive moves a message to {dlq.name}"
        if dlq is not None
        else "; no dead-letter queue"
    )
    caption = (
        f"Message lifecycle in {queue.name}: sent, visible, in flight for {queue.visibility_timeout} s, "
        f"then deleted or visible again{redrive}. Now {counts['visible']} visible, "
        f"{counts['in_flight']} in flight, {counts['deleted']} deleted."
    )
    return Diagram(_graph(body), caption)


# -- topics ----------------------------------------------------------------------------------------


def publication_view(publication) -> dict[str, str]:
    """Which subscriptions got one published message."""
    attrs = ", ".join(f"{k}={v!r}" for k, v in publication.attributes) or "no attributes"
    caption = f"Published {publication.message!r} ({attrs}) to {publication.topic}"
    return {"text/html": html_table(["subscription", "protocol", "outcome"], publication.rows(), caption=caption)}


def topic_view(topic) -> dict[str, str]:
    caption = f"SNS topic {topic.name}: {len(topic.subscriptions)} subscriptions, {topic.published} published"
    return {"text/html": html_table(["subscription", "protocol", "filter_policy"], topic.rows(), caption=caption)}


_PROTOCOL_SHAPES = {
    "sqs": ("box", "rounded,filled", "#cfe6f5"),
    "lambda": ("box", "rounded,filled", "#f6dca0"),
    "email": ("note", "filled", "#ffffff"),
    "https": ("box", "filled", "#ffffff"),
    "sms": ("note", "filled", "#ffffff"),
}


def fanout_diagram(topic) -> Diagram:
    """The topic fanning out to each subscription, its filter policy on the edge."""
    p = "fan"
    body = [
        _node(p, "publisher", "Publisher\nPublish", fill=PALETTE["sky_blue"]),
        _node(p, "topic_" + topic.name, f"SNS topic\n{topic.name}", shape="ellipse", fill=PALETTE["orange"]),
        _edge(p, "publisher", "topic_" + topic.name),
    ]
    for sub in topic.subscriptions:
        shape, style, fill = _PROTOCOL_SHAPES.get(sub.protocol, ("box", "filled", "#ffffff"))
        received = len(topic.inbox.get(sub.name, ())) if sub.protocol != "sqs" else None
        extra = f"\n{received} received" if received is not None else ""
        body.append(
            _node(p, "sub_" + sub.name, f"{sub.protocol}: {sub.name}{extra}", shape=shape, style=style, fill=fill)
        )
        label = "all" if sub.filter_policy is None else "filter: " + ", ".join(sub.filter_policy)
        body.append(
            _edge(
                p,
                "topic_" + topic.name,
                "sub_" + sub.name,
                label,
                style="solid" if sub.filter_policy is None else "dashed",
            )
        )
    filtered = sum(1 for s in topic.subscriptions if s.filter_policy is not None)
    caption = (
        f"SNS topic {topic.name} fans each message out to {len(topic.subscriptions)} subscriptions; "
        f"{filtered} of them (dashed) receive only messages whose attributes match their filter policy."
    )
    return Diagram(_graph(body, "LR"), caption)


# -- coupling --------------------------------------------------------------------------------------


def coupling_view(run) -> dict[str, str]:
    table = html_table(
        ["measure", "tight", "loose (queue)"],
        run.rows(),
        caption=f"The same traffic, seed {run.seed}: tight vs loose coupling",
    )
    return {"text/html": f"<div><p><b>{escape(run.verdict)}</b></p>{table}</div>"}


def coupling_figure(run):
    """Arrivals, the tight design's failures, and the queue's backlog, second by second."""
    from plotly.subplots import make_subplots

    seconds = list(range(run.seconds))
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=("Tightly coupled: requests that failed", "Loosely coupled: messages waiting"),
    )
    fig.add_scatter(
        x=seconds,
        y=run.arrivals.tolist(),
        name="requests arriving",
        mode="lines",
        line={"color": PALETTE["black"], "width": 1},
        row=1,
        col=1,
        hovertemplate="t=%{x} s<br>%{y} requests<extra></extra>",
    )
    fig.add_scatter(
        x=seconds,
        y=run.tight_errors.tolist(),
        name="failed (tight)",
        mode="lines",
        line={"color": PALETTE["vermillion"], "width": 2},
        fill="tozeroy",
        row=1,
        col=1,
        hovertemplate="t=%{x} s<br>%{y} failed<extra></extra>",
    )
    fig.add_scatter(
        x=seconds,
        y=run.queue_backlog.tolist(),
        name="backlog (loose)",
        mode="lines",
        line={"color": PALETTE["blue"], "width": 2, "dash": "dash"},
        fill="tozeroy",
        row=2,
        col=1,
        hovertemplate="t=%{x} s<br>%{y} waiting<extra></extra>",
    )
    start, end = run.outage_start_s, run.outage_start_s + run.outage_seconds
    for row in (1, 2):
        fig.add_vrect(x0=start, x1=end, fillcolor=PALETTE["grey"], opacity=0.2, line_width=0, row=row, col=1)
    fig.update_layout(
        title=f"Processing tier down from {start} s to {end} s: tight vs loose coupling",
        template="plotly_white",
        legend={"orientation": "h", "y": -0.15},
        margin={"t": 80},
    )
    fig.update_xaxes(title_text="time (s)", row=2, col=1)
    fig.update_yaxes(title_text="requests per second", row=1, col=1)
    fig.update_yaxes(title_text="messages in the queue", row=2, col=1)
    return fig


def coupling_diagram(run) -> Diagram:
    """Web tier -> processing tier, called directly and through a queue."""
    p = "couple"
    body = [
        '  subgraph cluster_tight {\n    label="Tightly coupled (synchronous call)"; style=rounded; '
        f"color={quote(PALETTE['vermillion'])}; penwidth=2;",
        _node(p, "tight_web", "Web tier", fill=PALETTE["sky_blue"]),
        _node(p, "tight_app", "Processing tier\n(down)", fill=PALETTE["grey"], style="dashed,filled"),
        "  }",
        '  subgraph cluster_loose {\n    label="Loosely coupled (through a queue)"; style=rounded; '
        f"color={quote(PALETTE['blue'])}; penwidth=2;",
        _node(p, "loose_web", "Web tier", fill=PALETTE["sky_blue"]),
        _node(
            p,
            "loose_queue",
            f"SQS queue\nbacklog up to {run.loose_max_backlog}",
            fill="#cfe6f5",
            style="rounded,filled",
        ),
        _node(p, "loose_app", "Processing tier\n(down)", fill=PALETTE["grey"], style="dashed,filled"),
        "  }",
        _edge(p, "tight_web", "tight_app", f"call and wait: {run.tight_failed} failed"),
        _edge(p, "loose_web", "loose_queue", "send, answer at once"),
        _edge(p, "loose_queue", "loose_app", "receive when back", style="dashed"),
    ]
    caption = (
        f"Tightly coupled, the web tier waits on the processing tier and {run.tight_failed} requests fail "
        f"({run.tight_failed_in_outage} during the outage); through a queue the web tier answers at once and up to "
        f"{run.loose_max_backlog} messages wait until the processing tier is back."
    )
    return Diagram(_graph(body), caption)


# -- workers and the pipeline ------------------------------------------------------------------------


def workers_view(run) -> dict[str, str]:
    caption = (
        f"Workers scaling on backlog per instance (target {run.policy.target_backlog_per_instance:g}, "
        f"{run.policy.min_instances}-{run.policy.max_instances} instances)"
    )
    return {"text/html": html_table(["measure", "value"], run.rows(), caption=caption)}


def workers_figure(run):
    """Backlog (left axis) and desired instances (right axis) at each scaling evaluation."""
    import plotly.graph_objects as go

    times = run.eval_time_s.tolist()
    fig = go.Figure()
    fig.add_scatter(
        x=times,
        y=run.eval_backlog.tolist(),
        name="backlog (messages visible)",
        mode="lines",
        line={"color": PALETTE["blue"], "width": 2},
        fill="tozeroy",
        hovertemplate="t=%{x:.0f} s<br>%{y} messages<extra></extra>",
    )
    fig.add_scatter(
        x=times,
        y=run.eval_instances.tolist(),
        name="instances (desired)",
        mode="lines",
        line={"color": PALETTE["orange"], "width": 3, "shape": "hv"},
        yaxis="y2",
        hovertemplate="t=%{x:.0f} s<br>%{y} instances<extra></extra>",
    )
    fig.update_layout(
        title=(
            f"Backlog and workers: target {run.policy.target_backlog_per_instance:g} messages per instance, "
            f"warm-up {run.policy.warmup_s:g} s"
        ),
        xaxis_title="time (s)",
        yaxis_title="messages waiting",
        yaxis2={"title": "instances", "overlaying": "y", "side": "right", "rangemode": "tozero"},
        template="plotly_white",
        legend={"orientation": "h", "y": -0.2},
        margin={"t": 60},
    )
    return fig


def pipeline_view(pipeline) -> dict[str, str]:
    policy = pipeline.run.policy
    stats = html_table(
        ["measure", "value"],
        pipeline.run.rows(),
        caption=(
            f"Workers (target {policy.target_backlog_per_instance:g} per instance, "
            f"{policy.min_instances}-{policy.max_instances} instances, warm-up {policy.warmup_s:g} s)"
        ),
    )
    cost = html_table(
        ["cost item", "quantity", "usd"], pipeline.cost_rows(), caption="Cost of this run (us-east-1 teaching estimate)"
    )
    return {
        "text/html": (
            f"<div><p><b>{escape(pipeline.verdict)}</b></p>"
            f'<div style="display:flex; gap:2em; align-items:flex-start">{stats}{cost}</div></div>'
        )
    }


def pipeline_diagram(pipeline) -> Diagram:
    """The course's image pipeline, with this run's numbers on it."""
    p = "pipe"
    s = pipeline.run.stats()
    body = [
        _node(p, "user", "Users upload images", shape="box", fill=PALETTE["sky_blue"]),
        _node(p, "upload", "S3 bucket\n(originals)", shape="cylinder", fill="#ffffff"),
        _node(p, "topic", "SNS topic\n(new image)", shape="ellipse", fill=PALETTE["orange"]),
        _node(p, "queue", f"SQS queue\npeak backlog {s['max_backlog']}", fill="#cfe6f5", style="rounded,filled"),
        _node(
            p,
            "asg",
            f"Auto Scaling group\n{pipeline.run.policy.min_instances}-{s['peak_instances']} workers\n"
            f"(backlog per instance target {pipeline.run.policy.target_backlog_per_instance:g})",
            fill=PALETTE["yellow"],
            style="filled",
        ),
        _node(p, "out", "S3 bucket\n(processed)", shape="cylinder", fill="#ffffff"),
        _node(
            p, "cdn", "CloudFront\n(serves images)", shape="box", fill=PALETTE["bluish_green"], style="rounded,filled"
        ),
        _node(p, "other", "Other subscribers\n(e.g. Lambda, e-mail)", shape="box", fill="#ffffff", style="dashed"),
        _edge(p, "user", "upload", f"{pipeline.uploads} uploads"),
        _edge(p, "upload", "topic", "event notification"),
        _edge(p, "topic", "queue", "fan-out"),
        _edge(p, "topic", "other", "fan-out", style="dashed"),
        _edge(p, "queue", "asg", "receive / delete"),
        _edge(p, "asg", "out", "write result"),
        _edge(p, "out", "cdn", "origin"),
    ]
    caption = (
        f"Upload -> S3 -> SNS -> SQS -> Auto Scaling workers -> S3 -> CloudFront: {pipeline.uploads} uploads, "
        f"backlog up to {s['max_backlog']} messages, {s['peak_instances']} workers at most."
    )
    return Diagram(_graph(body), caption)
