"""S3 names, keys, URLs, listing, versioning, sourced facts, the widget and the exercises."""

import subprocess
import sys

import pytest

from awsbasics import data, glossary
from awsbasics.errors import AwsRuleError, BucketNameError, RegionError
from awsbasics.storage import s3
from awsbasics.storage.s3 import (
    Bucket,
    S3ObjectError,
    bucket_names_frame,
    list_objects,
    object_url,
    validate_bucket_name,
    validate_key,
)

# --- bucket names ------------------------------------------------------------------------------

VALID_NAMES = [
    "abc",
    "a" * 63,
    "seoul-logs-2026",
    "docexamplebucket1",
    "my.example.bucket",
    "1-2-3",
    "192.168.5.4a",
    "data-an1",
    "sthree",
    "amzn-s3-demo",
    "bucket-s3alias1",
]


@pytest.mark.parametrize("name", VALID_NAMES)
def test_valid_bucket_names(name):
    assert validate_bucket_name(name) == name


INVALID_NAMES = [
    ("ab", r"'ab' breaks the bucket naming rule 'bucket names are 3 to 63 characters long': it has 2"),
    ("a" * 64, r"3 to 63 characters long': it has 64"),
    (
        "My_Bucket",
        r"'bucket names use only lowercase letters, numbers, dots \(\.\) and hyphens \(-\)': it contains 'B', 'M', '_'; use lowercase letters and hyphens instead",
    ),
    ("photos bucket", r"it contains ' '; use hyphens instead"),
    ("사진버킷", r"it contains '버', '사', '진', '킷'"),
    ("-logs", r"'bucket names begin and end with a letter or number': it begins '-' and ends 's'"),
    ("logs.", r"begin and end with a letter or number"),
    ("logs..2026", r"'bucket names have no two adjacent dots'"),
    ("192.168.5.4", r"'bucket names are not formatted as an IP address'"),
    ("10.0.0.1", r"not formatted as an IP address"),
    ("xn--bucket", r"'bucket names do not start with the reserved prefix 'xn--''"),
    ("sthree-bucket", r"reserved prefix 'sthree-'"),
    ("amzn-s3-demo-bucket", r"reserved prefix 'amzn-s3-demo-'"),
    (
        "photos-s3alias",
        r"'bucket names do not end with the reserved suffix '-s3alias'': AWS keeps it for access point alias names",
    ),
    ("photos--ol-s3", r"reserved suffix '--ol-s3'"),
    ("photos.mrap", r"reserved suffix '.mrap'"),
    ("photos--x-s3", r"reserved suffix '--x-s3'': AWS keeps it for directory buckets"),
    ("photos--table-s3", r"reserved suffix '--table-s3'"),
    ("photos-an", r"reserved suffix '-an'': AWS keeps it for buckets in an account regional namespace"),
]


@pytest.mark.parametrize("name, message", INVALID_NAMES)
def test_invalid_bucket_names_name_the_rule(name, message):
    with pytest.raises(BucketNameError, match=message):
        validate_bucket_name(name)


def test_bucket_name_of_the_wrong_kind():
    with pytest.raises(TypeError, match="a bucket name must be str, not int"):
        validate_bucket_name(123)
    assert issubclass(BucketNameError, AwsRuleError)


def test_bucket_names_frame():
    frame = bucket_names_frame(["seoul-logs-2026", "My_Bucket", "192.168.5.4"])
    assert frame["valid"].tolist() == [True, False, False]
    assert frame["rule_broken"].tolist() == [
        "",
        "bucket names use only lowercase letters, numbers, dots (.) and hyphens (-)",
        "bucket names are not formatted as an IP address",
    ]
    with pytest.raises(TypeError):
        bucket_names_frame("seoul-logs")


# --- keys, URLs, listing -----------------------------------------------------------------------


def test_keys_are_1_to_1024_utf8_bytes():
    assert validate_key("a") == "a"
    assert validate_key("가" * 341) == "가" * 341  # 1,023 bytes
    with pytest.raises(S3ObjectError, match=r"is 1,026 bytes in UTF-8; an object key is 1 to 1,024 bytes"):
        validate_key("가" * 342)
    with pytest.raises(S3ObjectError, match="is 0 bytes"):
        validate_key("")
    with pytest.raises(TypeError):
        validate_key(b"bytes")


@pytest.mark.parametrize(
    "bucket, key, region, style, url",
    [
        (
            "examples",
            "userimg/2020-07-28/test.png",
            "ap-northeast-2",
            "virtual",
            "https://examples.s3.ap-northeast-2.amazonaws.com/userimg/2020-07-28/test.png",
        ),
        (
            "examples",
            "userimg/2020-07-28/test.png",
            "us-east-1",
            "path",
            "https://s3.us-east-1.amazonaws.com/examples/userimg/2020-07-28/test.png",
        ),
        (
            "photos",
            "서울 사진/a+b.png",
            "ap-northeast-2",
            "virtual",
            "https://photos.s3.ap-northeast-2.amazonaws.com/%EC%84%9C%EC%9A%B8%20%EC%82%AC%EC%A7%84/a%2Bb.png",
        ),
        ("photos", "a?b#c", "us-east-1", "virtual", "https://photos.s3.us-east-1.amazonaws.com/a%3Fb%23c"),
    ],
)
def test_object_urls(bucket, key, region, style, url):
    assert object_url(bucket, key, region=region, style=style) == url


def test_object_url_checks_every_part():
    with pytest.raises(BucketNameError):
        object_url("Examples", "a", region="us-east-1")
    with pytest.raises(S3ObjectError):
        object_url("examples", "", region="us-east-1")
    with pytest.raises(RegionError):
        object_url("examples", "a", region="ap-northeast-2a")
    with pytest.raises(ValueError, match=r"style='global': use 'virtual' or 'path'"):
        object_url("examples", "a", region="us-east-1", style="global")
    with pytest.raises(TypeError):
        object_url("examples", "a")  # region is required and keyword-only


KEYS = ["index.html", "photos/2026/seoul.png", "photos/2026/busan.png", "photos/cat.png", "logs/a.log", "photos/"]


@pytest.mark.parametrize(
    "prefix, delimiter, keys, prefixes",
    [
        (
            "",
            None,
            ("index.html", "logs/a.log", "photos/", "photos/2026/busan.png", "photos/2026/seoul.png", "photos/cat.png"),
            (),
        ),
        ("", "/", ("index.html",), ("logs/", "photos/")),
        ("photos/", "/", ("photos/", "photos/cat.png"), ("photos/2026/",)),
        ("photos/2026/", "/", ("photos/2026/busan.png", "photos/2026/seoul.png"), ()),
        ("photos/2", None, ("photos/2026/busan.png", "photos/2026/seoul.png"), ()),
        ("p", "/", (), ("photos/",)),
        ("", ".", ("logs/a", "photos/", "photos/2026/busan", "photos/2026/seoul", "photos/cat"), ()),
    ],
)
def test_listing_rolls_keys_up_at_the_delimiter(prefix, delimiter, keys, prefixes):
    result = list_objects(KEYS, prefix=prefix, delimiter=delimiter)
    if delimiter == ".":
        assert result.keys == ("photos/",)
        assert result.common_prefixes == (
            "index.",
            "logs/a.",
            "photos/2026/busan.",
            "photos/2026/seoul.",
            "photos/cat.",
        )
        return
    assert (result.keys, result.common_prefixes) == (keys, prefixes)


def test_listing_display_and_arguments():
    result = list_objects(KEYS, delimiter="/")
    text = result._repr_mimebundle_()["text/plain"]
    assert text.splitlines()[0] == "List with prefix '', delimiter '/': 1 object(s), 2 common prefix(es)"
    assert "photos/     common prefix (folder)" in text
    assert "<td>logs/</td><td>common prefix (folder)</td>" in result._repr_mimebundle_()["text/html"]
    assert result.rows == [
        ("logs/", "common prefix (folder)"),
        ("photos/", "common prefix (folder)"),
        ("index.html", "object"),
    ]
    assert text == result.text()
    with pytest.raises(TypeError):
        list_objects("photos/cat.png")
    with pytest.raises(ValueError, match="delimiter=''"):
        list_objects(KEYS, delimiter="")


# --- versioning --------------------------------------------------------------------------------


def test_unversioned_bucket_overwrites_and_deletes_for_good():
    bucket = Bucket("seoul-notes", region="ap-northeast-2")
    assert bucket.versioning == "Unversioned"
    assert bucket.put("a.txt", 100).version_id == "null"
    bucket.put("a.txt", 40)
    assert [v.size_bytes for v in bucket.versions()] == [40]
    assert bucket.stored_bytes == 40
    assert bucket.delete("a.txt") is None
    assert bucket.keys() == () and bucket.stored_bytes == 0
    with pytest.raises(S3ObjectError, match="is not versioned: an overwritten or deleted object cannot be restored"):
        bucket.restore("a.txt", "null")
    with pytest.raises(S3ObjectError, match="NoSuchKey"):
        bucket.get("a.txt")


def test_versioned_bucket_keeps_every_version_and_bills_them():
    bucket = Bucket("seoul-photos", region="ap-northeast-2", versioning=True)
    first = bucket.put("cat.png", 1_000_000)
    bucket.put("cat.png", 2_000_000)
    assert bucket.get("cat.png").size_bytes == 2_000_000
    assert bucket.get("cat.png", version_id=first.version_id).size_bytes == 1_000_000
    assert bucket.stored_bytes == 3_000_000 and bucket.current_bytes == 2_000_000

    marker = bucket.delete("cat.png")
    assert marker.is_delete_marker and marker.version_id == "v3"
    assert bucket.keys() == ()
    with pytest.raises(S3ObjectError, match="its newest version is a delete marker"):
        bucket.get("cat.png")
    with pytest.raises(S3ObjectError, match="is a delete marker; it holds no data"):
        bucket.get("cat.png", version_id="v3")
    assert bucket.stored_bytes == 3_000_000  # deleting did not free anything

    # Removing the delete marker brings the object back.
    bucket.delete("cat.png", version_id="v3")
    assert bucket.keys() == ("cat.png",) and bucket.get("cat.png").version_id == "v2"

    # Restoring v1 copies it on top: one more billed version.
    restored = bucket.restore("cat.png", "v1")
    assert (restored.version_id, restored.size_bytes) == ("v4", 1_000_000)
    assert [v.version_id for v in bucket.versions("cat.png")] == ["v4", "v2", "v1"]
    assert bucket.stored_bytes == 4_000_000
    assert bucket.storage_usd_per_month() == pytest.approx(4_000_000 / 1024**3 * 0.025)

    # Deleting a version by ID removes it for good.
    bucket.delete("cat.png", version_id="v2")
    assert bucket.stored_bytes == 2_000_000
    with pytest.raises(S3ObjectError, match="NoSuchVersion"):
        bucket.delete("cat.png", version_id="v2")


def test_enabling_versioning_keeps_the_null_version():
    bucket = Bucket("notes-bucket")
    bucket.put("a.txt", 5)
    bucket.enable_versioning()
    bucket.put("a.txt", 7)
    assert [(v.version_id, v.size_bytes) for v in bucket.versions()] == [("v1", 7), ("null", 5)]
    frame = bucket.versions_frame()
    assert frame.columns.tolist() == ["key", "version_id", "latest", "delete_marker", "size_bytes"]
    assert frame["latest"].tolist() == [True, False]


def test_bucket_listing_url_and_checks():
    bucket = Bucket("seoul-site", region="ap-northeast-2", versioning=True)
    for key in ("index.html", "img/a.png", "img/b.png"):
        bucket.put(key, 10)
    bucket.delete("img/b.png")
    assert bucket.list(delimiter="/").common_prefixes == ("img/",)
    assert bucket.list(prefix="img/").keys == ("img/a.png",)
    assert bucket.url("index.html") == "https://seoul-site.s3.ap-northeast-2.amazonaws.com/index.html"
    with pytest.raises(BucketNameError):
        Bucket("Seoul_Site")
    with pytest.raises(RegionError):
        Bucket("seoul-site", region="seoul")
    with pytest.raises(S3ObjectError, match="an S3 object holds 0 bytes to 50 TB"):
        bucket.put("huge.bin", 51 * 1000**4)
    with pytest.raises(TypeError):
        bucket.put("a.bin", 1.5)
    with pytest.raises(TypeError):
        Bucket("seoul-site", versioning="yes")
    with pytest.raises(RegionError, match="has no S3 prices"):
        Bucket("tokyo-site", region="ap-northeast-1").storage_usd_per_month()


def test_bucket_display_escapes_keys():
    bucket = Bucket("escape-test", versioning=True)
    bucket.put("<b>x</b>.txt", 1)
    bucket.delete("<b>x</b>.txt")
    bundle = bucket._repr_mimebundle_()
    assert bundle["text/plain"].startswith(
        "Bucket escape-test (us-east-1, versioning Enabled): 0 current object(s), 2 version(s) and marker(s), "
        "1 bytes billed (0 current)"
    )
    assert "&lt;b&gt;x&lt;/b&gt;.txt" in bundle["text/html"] and "<b>x</b>" not in bundle["text/html"]
    assert "delete marker" in bundle["text/html"]
    assert repr(bucket) == "Bucket('escape-test', region='us-east-1', versioning=True)"


def test_bucket_rows_mark_the_latest_version_and_the_delete_markers():
    bucket = Bucket("rows-test", versioning=True)
    bucket.put("b.txt", 5)
    bucket.put("a.txt", 1)
    bucket.put("a.txt", 2)
    bucket.delete("b.txt")
    assert bucket.rows == [
        ("a.txt", "v3", True, False, 2),
        ("a.txt", "v2", False, False, 1),
        ("b.txt", "v4", True, True, 0),
        ("b.txt", "v1", False, False, 5),
    ]
    assert bucket.versions_frame().values.tolist() == [list(row) for row in bucket.rows]
    lines = bucket.text().splitlines()
    assert lines[0] == (
        "Bucket rows-test (us-east-1, versioning Enabled): 1 current object(s), 4 version(s) and marker(s), "
        "8 bytes billed (2 current)"
    )
    assert lines[1].split() == ["key", "version_id", "latest", "delete_marker", "size_bytes"]
    assert lines[2].split() == ["a.txt", "v3", "True", "False", "2"]


# --- sourced facts -----------------------------------------------------------------------------


def test_every_s3_fact_is_sourced():
    for key, fact in data.load("s3").items():
        assert fact["source"].startswith("https://"), key
        assert "value" in fact or "rows" in fact, key


def test_what_changed_since_2020_reaches_chapter_02():
    facts = {c.fact for c in glossary.changes("02").rows}
    assert {
        "S3 storage classes",
        "Bucket naming rules",
        "Object URL",
        "Largest object (TB)",
        "Read-after-write consistency",
        "Name of the Glacier class",
        "S3 Glacier Instant Retrieval",
        "How Intelligent-Tiering moves objects",
        "Bucket access defaults",
        "Lifecycle days in the course's example",
    } <= facts
    sizes = [c for c in glossary.changes("02").rows if c.fact == "Largest object (TB)"][0]
    assert (sizes.course_2020, sizes.today, sizes.quote, sizes.section) == ("5", "50", "객체의 크기는 최대 5TB", "S3")


def test_module_exports_and_light_import():
    assert set(s3.__all__) >= {
        "STORAGE_CLASSES",
        "Lifecycle",
        "LifecycleCost",
        "lifecycle_cost",
        "simulate_inventory",
        "validate_bucket_name",
        "object_url",
        "Bucket",
        "list_objects",
    }
    code = (
        "import sys, awsbasics.storage.s3\n"
        "heavy = {'numpy', 'pandas', 'plotly', 'ipywidgets', 'IPython', 'graphviz'} & set(sys.modules)\n"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


# --- widget ------------------------------------------------------------------------------------


def _parts(box):
    controls = [w for w in box.children if "awsbasics-control" in w._dom_classes]
    output = next(w for w in box.children if "awsbasics-output" in w._dom_classes)
    return controls, output


def test_designer_shows_the_same_result_as_the_function():
    pytest.importorskip("ipywidgets")
    from awsbasics.display.s3 import cost_html
    from awsbasics.widgets.s3 import lifecycle_designer

    box = lifecycle_designer(size_gb=1000, object_count=100_000, months=13)
    assert "awsbasics-widget" in box._dom_classes
    controls, output = _parts(box)
    assert controls[0].description == "data stored (GB)"
    expected = s3.lifecycle_cost(
        s3.Lifecycle(transitions=(("STANDARD_IA", 30), ("GLACIER", 90)), expiration_days=365),
        size_gb=1000,
        object_count=100_000,
        months=13,
    )
    assert output.value == cost_html(expected)
    plot = box.children[-1]
    assert "application/vnd.plotly.v1+json" in plot.outputs[0]["data"]


def test_designer_reacts_and_shows_broken_rules():
    pytest.importorskip("ipywidgets")
    from awsbasics.widgets.s3 import lifecycle_designer

    box = lifecycle_designer()
    controls, output = _parts(box)
    before = output.value
    controls[0].value = 10.0  # the first control changes the output text
    assert output.value != before and "10 GB in 100,000 object(s)" in output.value

    rows = next(w for w in box.children if w.__class__.__name__ == "VBox")
    pick, day, remove = rows.children[0].children
    day.value = 10
    assert "Not allowed" in output.value and "at least 30 days old" in output.value
    assert box.children[-1].outputs == ()
    day.value = 30
    assert "Totals over" in output.value

    add = next(w for w in controls if getattr(w, "description", "") == "add a transition")
    add.click()
    assert len(rows.children) == 3 and rows.children[2].children[0].value == "DEEP_ARCHIVE"
    rows.children[2].children[2].click()
    assert len(rows.children) == 2

    expire = next(w for w in controls if w.description == "expire objects")
    expire.value = False
    assert "expire (day" not in output.value


def test_designer_rejects_an_invalid_starting_rule():
    pytest.importorskip("ipywidgets")
    from awsbasics.errors import LifecycleError
    from awsbasics.widgets.s3 import lifecycle_designer

    with pytest.raises(LifecycleError):
        lifecycle_designer(transitions=(("STANDARD_IA", 5),))
    with pytest.raises(RegionError, match="has no S3 prices"):
        lifecycle_designer(region="eu-west-1")
    with pytest.raises(ValueError, match="months=0"):
        lifecycle_designer(months=0)
    # Starting values outside the controls' usual ranges widen the ranges; nothing is clipped.
    box = lifecycle_designer(size_gb=0.25, months=120)
    controls, output = _parts(box)
    assert controls[0].value == pytest.approx(0.25) and controls[2].value == 120
    assert "0.25 GB in 100,000 object(s)" in output.value


# --- exercises ---------------------------------------------------------------------------------


def test_s3_exercises_check_answers_from_the_library():
    from awsbasics.chapters.storage_s3 import exercises

    budget, policy, early, names = exercises()  # tests/test_exercises_01_02.py grades each one in detail
    assert names.check("2026-seoul-logs").correct and names.check("D").correct
    wrong = names.check("A")
    assert not wrong.correct and "lowercase letters" in wrong.message
    assert early.answer == pytest.approx(4.32)  # 600 GB x $0.0036 x (90 - 30) / 30 days in Glacier Flexible Retrieval
    assert early.check(4.32).correct and early.check("4.320").correct
    assert not early.check(2.16).correct
    assert "$0.0036" in early.question
    assert early.solution().body.startswith("4.32 (give or take 0.01).")


# ----- bucket configuration: lifecycle rule, Block Public Access, bucket policy -------------------
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html


def test_new_bucket_has_block_public_access_on_and_no_policy_or_lifecycle():
    from awsbasics.storage.s3 import PublicAccessBlock

    bucket = Bucket("seoul-site")
    assert bucket.public_access_block == PublicAccessBlock() and bucket.public_access_block.all_on
    assert bucket.public_access_block.to_aws() == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }
    assert (bucket.policy, bucket.lifecycle, bucket.arn) == (None, None, "arn:aws:s3:::seoul-site")


def test_lifecycle_is_set_and_removed():
    from awsbasics.storage.s3 import Lifecycle

    bucket = Bucket("seoul-logs")
    rule = Lifecycle(transitions=(("GLACIER", 90),), expiration_days=365)
    bucket.set_lifecycle(rule)
    assert bucket.lifecycle is rule
    bucket.set_lifecycle(None)
    assert bucket.lifecycle is None
    with pytest.raises(TypeError, match="lifecycle must be a Lifecycle or None, not dict"):
        bucket.set_lifecycle({"Rules": []})


PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::seoul-site/*"}
    ],
}


def test_public_policy_needs_block_public_policy_off():
    from awsbasics.errors import BucketConfigError
    from awsbasics.storage.s3 import PublicAccessBlock

    bucket = Bucket("seoul-site")
    with pytest.raises(BucketConfigError, match="statement 0 grants public access .* BlockPublicPolicy is on"):
        bucket.set_policy(PUBLIC_READ)
    assert bucket.policy is None
    bucket.set_public_access_block(PublicAccessBlock(block_public_policy=False, restrict_public_buckets=False))
    bucket.set_policy(PUBLIC_READ)
    assert bucket.policy.kind == "resource"
    bucket.set_policy(None)
    assert bucket.policy is None


def test_policy_must_name_this_bucket():
    from awsbasics.errors import BucketConfigError

    other = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::other-bucket/*",
            }
        ],
    }
    with pytest.raises(BucketConfigError, match="names resource 'arn:aws:s3:::other-bucket/\\*'.*MalformedPolicy"):
        Bucket("seoul-site").set_policy(other)


def test_public_access_block_settings_are_booleans():
    from awsbasics.storage.s3 import PublicAccessBlock

    with pytest.raises(TypeError, match="block_public_acls must be True or False, not int"):
        PublicAccessBlock(block_public_acls=1)
    with pytest.raises(TypeError, match="settings must be a PublicAccessBlock, not bool"):
        Bucket("seoul-site").set_public_access_block(False)
