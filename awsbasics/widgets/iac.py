"""The change-set explorer: edit a small network and a bucket, see what a stack update would add, change or replace.

A logical id comes from a model's name, so renaming the bucket is a Remove and an Add (the bucket's
DeletionPolicy decides what happens to the old one); a tag or versioning change updates in place; a
subnet CidrBlock change replaces the subnet.
"""

from __future__ import annotations

from awsbasics.display import escape
from awsbasics.iac import change_set, to_cloudformation
from awsbasics.network import VPC
from awsbasics.storage.s3 import Bucket
from awsbasics.widgets._common import WIDGET_CLASS, control, html_of, output_area, show

_POLICIES = ("Delete", "Retain", "Snapshot")


def _model(*, subnet_cidr: str, subnet_name: str, port: int, bucket_name: str, versioning: bool = False):
    vpc = VPC("10.0.0.0/16", name="shop")
    vpc.add_subnet(subnet_cidr, az="az-a", name=subnet_name)
    web = vpc.add_security_group("web", description="web tier")
    web.allow_inbound(port, source="0.0.0.0/0")
    return vpc, Bucket(bucket_name, versioning=versioning)


def _template(vpc, bucket, *, policy: str | None, team: str | None = None):
    template = to_cloudformation(vpc, bucket)
    subnet_id, bucket_id = template.logical_id_for(vpc.subnets[0]), template.logical_id_for(bucket)
    if team is not None and subnet_id is not None:  # the template holds both: it was made from them
        template = template.with_tag(subnet_id, "team", team)
    if policy is not None and bucket_id is not None:
        template = template.with_policy(bucket_id, deletion=policy, update_replace=policy)
    return template


def change_set_explorer(*, subnet_cidr: str, subnet_name: str, port: int, bucket_name: str, policy: str):
    """See ``awsbasics.widgets.change_set_explorer``."""
    import ipywidgets as widgets

    style = {"description_width": "170px"}
    layout = widgets.Layout(width="520px")
    base_vpc, base_bucket = _model(subnet_cidr=subnet_cidr, subnet_name=subnet_name, port=port, bucket_name=bucket_name)
    base = _template(base_vpc, base_bucket, policy=None, team="web")
    cidr = control(
        widgets.Dropdown(
            options=[f"10.0.{i}.0/24" for i in range(4)],
            value=subnet_cidr,
            description="subnet CidrBlock",
            style=style,
            layout=layout,
        )
    )
    team = control(
        widgets.Text(value="web", description="subnet tag 'team'", style=style, layout=layout, continuous_update=False)
    )
    port_box = control(
        widgets.BoundedIntText(value=port, min=0, max=65535, description="web inbound port", style=style, layout=layout)
    )
    bucket = control(
        widgets.Text(value=bucket_name, description="bucket name", style=style, layout=layout, continuous_update=False)
    )
    versioned = control(widgets.Checkbox(value=False, description="bucket versioning", style=style, layout=layout))
    keep = control(
        widgets.Dropdown(
            options=list(_POLICIES),
            value=policy,
            description="bucket Deletion/UpdateReplacePolicy",
            style=style,
            layout=layout,
        )
    )
    result = output_area()

    def update(_change=None):
        def compute() -> str:
            vpc, new_bucket = _model(
                subnet_cidr=cidr.value,
                subnet_name=subnet_name,
                port=port_box.value,
                bucket_name=bucket.value,
                versioning=versioned.value,
            )
            # The same policy on both versions: the update is judged by what the edits change.
            before = base.with_policy(base.logical_id_for(base_bucket), deletion=keep.value, update_replace=keep.value)
            after = _template(vpc, new_bucket, policy=keep.value, team=team.value)
            preview = change_set(before, after)
            base_text = f"Base: subnet {subnet_name} {subnet_cidr} (tag team=web), port {port}, bucket {bucket_name}"
            return f"<p>{escape(base_text)}</p>" + html_of(preview)

        show(result, compute)

    for widget in (cidr, team, port_box, bucket, versioned, keep):
        widget.observe(update, names="value")
    update()
    box = widgets.VBox([cidr, team, port_box, bucket, versioned, keep, result])
    box.add_class(WIDGET_CLASS)
    return box
