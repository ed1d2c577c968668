"""The change-set explorer: every control changes the output, and the answers are the engine's."""

import pytest

ipywidgets = pytest.importorskip("ipywidgets")

from awsbasics.widgets import change_set_explorer  # noqa: E402


def _parts(box):
    controls = [w for w in box.children if "awsbasics-control" in w._dom_classes]
    output = next(w for w in box.children if "awsbasics-output" in w._dom_classes)
    return {c.description: c for c in controls}, output


def test_explorer_starts_with_no_changes():
    box = change_set_explorer()
    assert "awsbasics-widget" in box._dom_classes
    controls, output = _parts(box)
    assert list(controls) == [
        "subnet CidrBlock",
        "subnet tag 'team'",
        "web inbound port",
        "bucket name",
        "bucket versioning",
        "bucket Deletion/UpdateReplacePolicy",
    ]
    assert "change set: 0 to add, 0 to modify (0 by replacement), 0 to remove" in output.value


def test_every_control_changes_the_output():
    box = change_set_explorer()
    controls, output = _parts(box)
    controls["subnet CidrBlock"].value = "10.0.2.0/24"
    assert (
        "<td>SubnetPublicA</td><td>AWS::EC2::Subnet</td><td>Modify</td><td>True</td><td>CidrBlock</td>" in output.value
    )
    controls["subnet CidrBlock"].value = "10.0.1.0/24"
    controls["subnet tag 'team'"].value = "payments"
    assert "<td>Modify</td><td>False</td><td>Tags</td>" in output.value
    controls["web inbound port"].value = 8443
    assert "<td>SecurityGroupWeb</td><td>AWS::EC2::SecurityGroup</td><td>Modify</td><td>False</td>" in output.value
    controls["bucket versioning"].value = True
    assert "<td>VersioningConfiguration</td>" in output.value
    controls["bucket name"].value = "shop-logs-2027"
    assert "<td>BucketShopLogs2026</td><td>AWS::S3::Bucket</td><td>Remove</td>" in output.value
    assert "it is deleted (DeletionPolicy Delete)" in output.value
    controls["bucket Deletion/UpdateReplacePolicy"].value = "Retain"
    assert "it is kept outside the stack, still billed (DeletionPolicy Retain)" in output.value


def test_a_broken_rule_is_shown_not_raised():
    box = change_set_explorer()
    controls, output = _parts(box)
    controls["bucket name"].value = "Bad_Name"
    assert "Not allowed" in output.value and "bucket naming rule" in output.value
    controls["bucket name"].value = "shop-logs-2026"
    controls["bucket Deletion/UpdateReplacePolicy"].value = "Snapshot"
    assert "Snapshot is not supported by AWS::S3::Bucket" in output.value
