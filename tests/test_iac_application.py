"""Exporters of the application models: SQS/SNS, Lambda, Auto Scaling, RDS, CloudFront with OAC; layered stacks.

Each test names the CloudFormation resource reference page whose properties it checks
(https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html);
every template must pass cfn-lint with zero errors.
"""

from __future__ import annotations

import pytest

from awsbasics.caching import Distribution
from awsbasics.database import db_subnet_group, place_db_instance
from awsbasics.errors import (
    CloudFrontConfigError,
    DbSubnetGroupError,
    InstanceTypeError,
    LambdaConfigError,
    RdsConfigError,
    ScalingError,
    TemplateError,
)
from awsbasics.ha import AutoScalingGroup
from awsbasics.iac import Stack, lint, to_cloudformation
from awsbasics.iac.export import TemplateBuilder, exportable_types
from awsbasics.iac.export_compute import RUNTIME, export_sqs_event_source
from awsbasics.iam import Account, ManagedPolicy
from awsbasics.messaging import Queue, Topic
from awsbasics.microservices import LambdaFunction
from awsbasics.network import VPC
from awsbasics.storage.s3 import Bucket

REGION = "ap-northeast-2"
CACHING_OPTIMIZED_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6"  # using-managed-cache-policies.html
TRUST_EC2 = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}
TRUST_LAMBDA = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def network():
    """A two-AZ VPC: public subnets with an ALB, private app and DB subnets, three security groups."""
    vpc = VPC("10.0.0.0/16", name="shop", region=REGION)
    pa = vpc.add_subnet("10.0.0.0/24", az=f"{REGION}a", name="public-a")
    pb = vpc.add_subnet("10.0.1.0/24", az=f"{REGION}c", name="public-b")
    aa = vpc.add_subnet("10.0.10.0/24", az=f"{REGION}a", name="app-a")
    ab = vpc.add_subnet("10.0.11.0/24", az=f"{REGION}c", name="app-b")
    da = vpc.add_subnet("10.0.20.0/24", az=f"{REGION}a", name="db-a")
    db = vpc.add_subnet("10.0.21.0/24", az=f"{REGION}c", name="db-b")
    igw = vpc.add_internet_gateway()
    public = vpc.add_route_table("public")
    public.associate(pa)
    public.associate(pb)
    public.add_route("0.0.0.0/0", igw)
    nat = vpc.add_nat_gateway(pa)
    private = vpc.add_route_table("private")
    private.associate(aa)
    private.associate(ab)
    private.add_route("0.0.0.0/0", nat)
    alb_sg = vpc.add_security_group("alb", description="load balancer")
    alb_sg.allow_inbound(80, source="0.0.0.0/0")
    web = vpc.add_security_group("web", description="web tier")
    web.allow_inbound(80, source=alb_sg)
    db_sg = vpc.add_security_group("db", description="database")
    db_sg.allow_inbound(3306, source=web)
    alb = vpc.add_load_balancer("web", subnets=[pa, pb], security_groups=[alb_sg])
    site = alb.add_target_group("site")
    alb.add_listener(80, protocol="HTTP", default=site)
    return {"vpc": vpc, "app": (aa, ab), "db": (da, db), "web": web, "db_sg": db_sg, "tg": site}


def web_role():
    role = Account("123456789012").add_role("web-server", trust_policy=TRUST_EC2)
    role.attach_policy(ManagedPolicy.aws("AmazonS3ReadOnlyAccess"))
    return role


def web_group(net, **options):
    return AutoScalingGroup(
        min_size=2,
        max_size=6,
        desired_capacity=2,
        azs=2,
        name="web",
        subnets=net["app"],
        security_groups=(net["web"],),
        target_group=net["tg"],
        **options,
    )


def resources(template, kind):
    return {lid: r for lid, r in template.to_dict()["Resources"].items() if r["Type"] == kind}


# ----- the registry -------------------------------------------------------------------------------


def test_every_application_model_has_an_exporter():
    names = set(exportable_types())
    assert {
        "awsbasics.messaging.queue.Queue",
        "awsbasics.messaging.topic.Topic",
        "awsbasics.microservices.lambdas.LambdaFunction",
        "awsbasics.ha.scaling.AutoScalingGroup",
        "awsbasics.database.placement.DbSubnetGroup",
        "awsbasics.database.placement.DbInstance",
        "awsbasics.caching.distribution.Distribution",
    } <= names


# ----- SQS and SNS --------------------------------------------------------------------------------


def test_queue_with_dead_letter_queue():
    """aws-resource-sqs-queue.html: RedrivePolicy {deadLetterTargetArn, maxReceiveCount}; the DLQ is exported too."""
    dlq = Queue(name="jobs-dlq")
    q = Queue(name="jobs", visibility_timeout=60, max_receive_count=5, dead_letter_queue=dlq, receive_wait_seconds=20)
    t = to_cloudformation(q).to_dict()["Resources"]
    assert list(t) == ["QueueJobsDlq", "QueueJobs"]
    props = dict(t["QueueJobs"]["Properties"])
    props.pop("Tags")
    assert props == {
        "QueueName": "jobs",
        "VisibilityTimeout": 60,
        "MessageRetentionPeriod": 345600,  # 4 days, the SQS default
        "ReceiveMessageWaitTimeSeconds": 20,
        "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["QueueJobsDlq", "Arn"]}, "maxReceiveCount": 5},
    }


def test_fifo_queue_properties():
    q = Queue(fifo=True, name="orders.fifo", content_based_deduplication=True, delay_seconds=5)
    props = to_cloudformation(q).to_dict()["Resources"]["QueueOrdersFifo"]["Properties"]
    assert props["FifoQueue"] is True and props["ContentBasedDeduplication"] is True
    assert props["DelaySeconds"] == 5 and props["QueueName"] == "orders.fifo"


def test_topic_subscriptions_and_one_queue_policy_per_queue():
    """aws-resource-sns-subscription.html and subscribe-sqs-queue-to-sns-topic.html: the queue policy lets
    sns.amazonaws.com sqs:SendMessage with ArnEquals aws:SourceArn the topic; two topics share one policy."""
    jobs = Queue(name="jobs")
    uploads, orders = Topic("uploads"), Topic("orders")
    uploads.subscribe(jobs, filter_policy={"kind": ["image"]})
    uploads.subscribe("ops@example.com", protocol="email")
    orders.subscribe(jobs)
    t = to_cloudformation(uploads, orders)
    subs = resources(t, "AWS::SNS::Subscription")
    assert subs["SubscriptionUploadsJobs"]["Properties"] == {
        "TopicArn": {"Ref": "TopicUploads"},
        "Protocol": "sqs",
        "Endpoint": {"Fn::GetAtt": ["QueueJobs", "Arn"]},
        "FilterPolicy": {"kind": ["image"]},
    }
    email = subs["SubscriptionUploadsOpsExampleCom"]["Properties"]
    assert (email["Protocol"], email["Endpoint"]) == ("email", "ops@example.com")
    policies = resources(t, "AWS::SQS::QueuePolicy")
    assert list(policies) == ["QueuePolicyJobs"]
    statements = policies["QueuePolicyJobs"]["Properties"]["PolicyDocument"]["Statement"]
    assert [s["Condition"] for s in statements] == [
        {"ArnEquals": {"aws:SourceArn": {"Ref": "TopicUploads"}}},
        {"ArnEquals": {"aws:SourceArn": {"Ref": "TopicOrders"}}},
    ]
    assert {(s["Principal"]["Service"], s["Action"]) for s in statements} == {("sns.amazonaws.com", "sqs:SendMessage")}
    assert len(resources(t, "AWS::SQS::Queue")) == 1


# ----- Lambda -------------------------------------------------------------------------------------


def test_lambda_function_without_a_role_gets_a_basic_execution_role():
    """aws-resource-lambda-function.html; lambda-intro-execution-role.html (AWSLambdaBasicExecutionRole)."""
    t = to_cloudformation(LambdaFunction(memory_mb=512, timeout_s=30, architecture="arm64")).to_dict()["Resources"]
    assert list(t) == ["ExecutionRoleFunction", "Function"]
    role = t["ExecutionRoleFunction"]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}
    assert role["ManagedPolicyArns"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}
    ]
    fn = t["Function"]["Properties"]
    assert "FunctionName" not in fn and "Tags" not in fn
    assert (fn["Runtime"], fn["Handler"], fn["MemorySize"], fn["Timeout"]) == (RUNTIME, "index.handler", 512, 30)
    assert fn["EphemeralStorage"] == {"Size": 512} and fn["Architectures"] == ["arm64"]
    assert fn["Role"] == {"Fn::GetAtt": ["ExecutionRoleFunction", "Arn"]}
    assert "return" in fn["Code"]["ZipFile"]


def test_lambda_name_and_role_are_optional_and_keep_equality():
    assert LambdaFunction() == LambdaFunction() and LambdaFunction().name is None
    assert LambdaFunction(name="thumbs") != LambdaFunction()
    role = Account("123456789012").add_role("thumbs-exec", trust_policy=TRUST_LAMBDA)
    fn = LambdaFunction(name="thumbs", role=role)
    t = to_cloudformation(fn).to_dict()["Resources"]
    assert list(t) == ["RoleThumbsExec", "FunctionThumbs"]
    assert t["FunctionThumbs"]["Properties"]["Role"] == {"Fn::GetAtt": ["RoleThumbsExec", "Arn"]}
    assert t["FunctionThumbs"]["Properties"]["FunctionName"] == "thumbs"


def test_lambda_validation():
    with pytest.raises(LambdaConfigError, match=r"name='bad name': a function name is 1 to 64"):
        LambdaFunction(name="bad name")
    with pytest.raises(LambdaConfigError, match="does not let lambda.amazonaws.com assume it"):
        LambdaFunction(role=web_role())
    with pytest.raises(TypeError, match="role must be an IAM Role"):
        LambdaFunction(role="arn:aws:iam::123456789012:role/x")


def test_sqs_event_source_mapping():
    """aws-resource-lambda-eventsourcemapping.html; services-sqs-configure.html (batch size 10 by default)."""
    fn, q = LambdaFunction(name="thumbs"), Queue(name="jobs")
    builder = TemplateBuilder()
    lid = export_sqs_event_source(fn, q, builder)
    assert builder.resources[lid]["Properties"] == {
        "FunctionName": {"Ref": "FunctionThumbs"},
        "EventSourceArn": {"Fn::GetAtt": ["QueueJobs", "Arn"]},
        "BatchSize": 10,
        "Enabled": True,
    }
    policy = builder.resources["ExecutionRoleThumbs"]["Properties"]["Policies"][0]["PolicyDocument"]
    assert policy["Statement"][0]["Action"] == ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    with pytest.raises(TemplateError, match="batch_size=11: .* 1 to 10 messages"):
        export_sqs_event_source(fn, Queue(fifo=True, name="a.fifo"), TemplateBuilder(), batch_size=11)


# ----- Auto Scaling -------------------------------------------------------------------------------


def test_auto_scaling_group_and_launch_template():
    """aws-resource-ec2-launchtemplate.html and aws-resource-autoscaling-autoscalinggroup.html."""
    net = network()
    group = web_group(net, instance_profile_role=web_role(), default_instance_warmup_s=120)
    t = to_cloudformation(net["vpc"], group).to_dict()["Resources"]
    data = t["LaunchTemplateWeb"]["Properties"]["LaunchTemplateData"]
    assert data == {
        "ImageId": "{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}",
        "InstanceType": "t3.micro",
        "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"},
        "SecurityGroupIds": [{"Ref": "SecurityGroupWeb"}],
        "IamInstanceProfile": {"Arn": {"Fn::GetAtt": ["InstanceProfileWebServer", "Arn"]}},
    }
    assert t["AutoScalingGroupWeb"]["Properties"] == {
        "MinSize": "2",
        "MaxSize": "6",
        "DesiredCapacity": "2",
        "VPCZoneIdentifier": [{"Ref": "SubnetAppA"}, {"Ref": "SubnetAppB"}],
        "LaunchTemplate": {
            "LaunchTemplateId": {"Ref": "LaunchTemplateWeb"},
            "Version": {"Fn::GetAtt": ["LaunchTemplateWeb", "LatestVersionNumber"]},
        },
        "AutoScalingGroupName": "web",
        "TargetGroupARNs": [{"Ref": "TargetGroupWebSite"}],
        "HealthCheckType": "ELB",
        "HealthCheckGracePeriod": 300,
        "DefaultInstanceWarmup": 120,
    }


def test_simulation_only_group_keeps_its_behaviour_and_does_not_export():
    group = AutoScalingGroup(min_size=2, max_size=20, desired_capacity=2)
    assert (group.azs, group.subnets, group.instance_type, group.name) == (3, (), "t3.micro", None)
    assert group == AutoScalingGroup(min_size=2, max_size=20, desired_capacity=2)
    with pytest.raises(TemplateError, match="exports with its subnets"):
        to_cloudformation(group)


def test_auto_scaling_group_validation():
    net, other = network(), VPC("10.1.0.0/16", name="other")
    elsewhere = other.add_subnet("10.1.0.0/24", az=f"{REGION}b", name="x")
    with pytest.raises(ScalingError, match=r"subnets app-a \(shop\), x \(other\) are in 2 VPCs"):
        AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, azs=2, subnets=(net["app"][0], elsewhere))
    with pytest.raises(ScalingError, match=r"azs=3 but the subnets \(app-a, app-b\) are in 2 Availability Zones"):
        AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, subnets=net["app"])
    with pytest.raises(InstanceTypeError, match="not an EC2 instance family"):
        AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, instance_type="zz9.large")
    with pytest.raises(ScalingError, match="security group sg-other is in VPC other, not shop"):
        AutoScalingGroup(
            min_size=1,
            max_size=2,
            desired_capacity=1,
            azs=2,
            subnets=net["app"],
            security_groups=(other.add_security_group("sg-other"),),
        )
    with pytest.raises(ScalingError, match="give its subnets too"):
        AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, security_groups=(net["web"],))
    lambda_role = Account("123456789012").add_role("fn", trust_policy=TRUST_LAMBDA)
    with pytest.raises(ScalingError, match="does not let ec2.amazonaws.com assume it"):
        web_group(net, instance_profile_role=lambda_role)
    with pytest.raises(TypeError, match=r"subnets\[0\] must be a Subnet"):
        AutoScalingGroup(min_size=1, max_size=2, desired_capacity=1, azs=1, subnets=("subnet-1",))


# ----- RDS ----------------------------------------------------------------------------------------


def test_db_instance_and_subnet_group():
    """aws-resource-rds-dbinstance.html and aws-resource-rds-dbsubnetgroup.html."""
    net = network()
    group = db_subnet_group(net["vpc"], list(net["db"]), name="shop-db")
    db = place_db_instance(group, name="orders", security_groups=[net["db_sg"]], multi_az=True)
    t = to_cloudformation(net["vpc"], db).to_dict()["Resources"]
    subnet_group = t["DbSubnetGroupShopDb"]["Properties"]
    assert subnet_group["SubnetIds"] == [{"Ref": "SubnetDbA"}, {"Ref": "SubnetDbB"}]
    body = t["DbInstanceOrders"]
    assert (body["DeletionPolicy"], body["UpdateReplacePolicy"]) == ("Snapshot", "Snapshot")
    props = dict(body["Properties"])
    props.pop("Tags")
    assert props == {
        "DBInstanceIdentifier": "orders",
        "Engine": "mysql",
        "DBInstanceClass": "db.t4g.micro",
        "AllocatedStorage": "20",
        "MultiAZ": True,
        "MasterUsername": "dbadmin",
        "ManageMasterUserPassword": True,
        "StorageEncrypted": True,
        "DBSubnetGroupName": {"Ref": "DbSubnetGroupShopDb"},
        "Port": "3306",
        "PubliclyAccessible": False,
        "VPCSecurityGroups": [{"Ref": "SecurityGroupDb"}],
    }


def test_db_options_and_their_rules():
    """API_CreateDBInstance.html: Engine values, AllocatedStorage minimum 20 GiB on gp2/gp3, MasterUsername."""
    net = network()
    group = db_subnet_group(net["vpc"], list(net["db"]))
    pg = place_db_instance(group, name="pg", engine="PostgreSQL")
    assert (pg.engine, pg.port, pg.engine_family) == ("postgres", 5432, "PostgreSQL")
    interfaces = len(net["vpc"].network_interfaces)
    with pytest.raises(RdsConfigError, match=r"engine='aurora': RDS engines are mysql, mariadb, postgres"):
        place_db_instance(group, name="x", engine="aurora")
    with pytest.raises(RdsConfigError, match=r"allocated_storage_gib=19: RDS for MySQL \(mysql\) .* 20 to 65,536"):
        place_db_instance(group, name="x", allocated_storage_gib=19)
    with pytest.raises(RdsConfigError, match="a DB instance class reads db.<family>.<size>"):
        place_db_instance(group, name="x", instance_class="t3.micro")
    with pytest.raises(RdsConfigError, match=r"master_username='1admin'"):
        place_db_instance(group, name="x", master_username="1admin")
    with pytest.raises(TypeError, match="multi_az must be True or False"):
        place_db_instance(group, name="x", multi_az="yes")
    with pytest.raises(DbSubnetGroupError, match="port=0"):
        place_db_instance(group, name="x", port=0)
    assert len(net["vpc"].network_interfaces) == interfaces  # refused placements added no interface


# ----- CloudFront with origin access control ------------------------------------------------------


def test_distribution_model():
    """private-content-restricting-access-to-s3.html: the OAC bucket policy statement."""
    site = Distribution(Bucket("seoul-site-2026", region=REGION), name="site")
    policy = site.origin_bucket_policy(distribution_arn="arn:aws:cloudfront::123456789012:distribution/EABCDEF123")
    assert policy.kind == "resource"
    assert policy.document["Statement"][0] == {
        "Sid": "AllowCloudFrontServicePrincipalReadOnly",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::seoul-site-2026/*",
        "Condition": {"StringEquals": {"AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/EABCDEF123"}},
    }
    assert site.origin_domain == "seoul-site-2026.s3.ap-northeast-2.amazonaws.com"
    assert "PriceClass_All" in site.text() and "managed CachingOptimized" in site.text()


def test_distribution_validation():
    bucket = Bucket("seoul-site-2026")
    with pytest.raises(CloudFrontConfigError, match="is a domain name: origin access control here covers S3 bucket"):
        Distribution("www.example.com", name="site")
    with pytest.raises(TypeError, match="origin must be an S3 Bucket"):
        Distribution(3, name="site")
    with pytest.raises(CloudFrontConfigError, match="price_class='PriceClass_300': CloudFront takes PriceClass_100"):
        Distribution(bucket, name="site", price_class="PriceClass_300")
    with pytest.raises(CloudFrontConfigError, match="viewer_protocol_policy='http-only'"):
        Distribution(bucket, name="site", viewer_protocol_policy="http-only")
    with pytest.raises(CloudFrontConfigError, match=r"default_ttl_s=-1"):
        Distribution(bucket, name="site", default_ttl_s=-1)
    with pytest.raises(CloudFrontConfigError, match="a distribution ARN reads"):
        Distribution(bucket, name="site").origin_bucket_policy(distribution_arn="arn:aws:s3:::x")


def test_distribution_export_merges_the_bucket_policy():
    """aws-resource-cloudfront-originaccesscontrol.html, aws-resource-cloudfront-distribution.html: one
    BucketPolicy per bucket holds both the bucket's own statement and the OAC statement."""
    bucket = Bucket("seoul-site-2026", region=REGION)
    deny_http = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": ["arn:aws:s3:::seoul-site-2026", "arn:aws:s3:::seoul-site-2026/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    bucket.set_policy({"Version": "2012-10-17", "Statement": [deny_http]})
    t = to_cloudformation(Distribution(bucket, name="site", price_class="PriceClass_100"))
    oac = resources(t, "AWS::CloudFront::OriginAccessControl")["OriginAccessControlSite"]["Properties"]
    assert oac == {
        "OriginAccessControlConfig": {
            "Name": {"Fn::Sub": "${AWS::StackName}-site"},
            "OriginAccessControlOriginType": "s3",
            "SigningBehavior": "always",
            "SigningProtocol": "sigv4",
        }
    }
    config = resources(t, "AWS::CloudFront::Distribution")["DistributionSite"]["Properties"]["DistributionConfig"]
    assert config["Origins"] == [
        {
            "Id": "s3-seoul-site-2026",
            "DomainName": {"Fn::GetAtt": ["BucketSeoulSite2026", "RegionalDomainName"]},
            "OriginAccessControlId": {"Fn::GetAtt": ["OriginAccessControlSite", "Id"]},
            "S3OriginConfig": {"OriginAccessIdentity": ""},
        }
    ]
    behavior = config["DefaultCacheBehavior"]
    assert (behavior["CachePolicyId"], behavior["ViewerProtocolPolicy"], behavior["Compress"]) == (
        CACHING_OPTIMIZED_ID,
        "redirect-to-https",
        True,
    )
    assert (config["PriceClass"], config["HttpVersion"], config["DefaultRootObject"], config["Enabled"]) == (
        "PriceClass_100",
        "http2and3",
        "index.html",
        True,
    )
    policies = resources(t, "AWS::S3::BucketPolicy")
    assert list(policies) == ["BucketPolicySeoulSite2026"]
    statements = policies["BucketPolicySeoulSite2026"]["Properties"]["PolicyDocument"]["Statement"]
    assert statements[0]["Effect"] == "Deny"
    assert statements[1]["Condition"] == {
        "StringEquals": {
            "AWS:SourceArn": {
                "Fn::Sub": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${DistributionSite}"
            }
        }
    }
    assert bucket.policy.document["Statement"] == [deny_http]  # the model's own policy is untouched


def test_distribution_with_its_own_ttl_declares_a_cache_policy():
    t = to_cloudformation(Distribution(Bucket("seoul-site-2026"), name="site", default_ttl_s=600))
    policy = resources(t, "AWS::CloudFront::CachePolicy")["CachePolicySite"]["Properties"]["CachePolicyConfig"]
    assert (policy["MinTTL"], policy["DefaultTTL"], policy["MaxTTL"]) == (1, 600, 31536000)
    behavior = resources(t, "AWS::CloudFront::Distribution")["DistributionSite"]["Properties"]["DistributionConfig"]
    assert behavior["DefaultCacheBehavior"]["CachePolicyId"] == {"Ref": "CachePolicySite"}


# ----- cfn-lint: each model alone, and one architecture as two layered stacks ---------------------


def _alone():
    net = network()
    jobs = Queue(name="jobs", max_receive_count=3, dead_letter_queue=Queue(name="jobs-dlq"))
    topic = Topic("orders")
    topic.subscribe(jobs, filter_policy={"kind": ["image"]})
    group = db_subnet_group(net["vpc"], list(net["db"]), name="shop-db")
    return {
        "queue": (jobs,),
        "topic": (topic,),
        "lambda": (LambdaFunction(name="thumbs", memory_mb=1024),),
        "auto scaling": (net["vpc"], web_group(net, instance_profile_role=web_role())),
        "rds": (net["vpc"], place_db_instance(group, name="orders", security_groups=[net["db_sg"]], multi_az=True)),
        "cloudfront": (Distribution(Bucket("seoul-site-2026", region=REGION), name="site", default_ttl_s=600),),
    }


@pytest.mark.parametrize("which", ["queue", "topic", "lambda", "auto scaling", "rds", "cloudfront"])
def test_each_model_lints_with_zero_errors(which):
    report = lint(to_cloudformation(*_alone()[which]), regions=[REGION])
    assert report.errors == (), report.text()


def test_layered_architecture_lints_with_zero_errors():
    net = network()
    role = web_role()
    web = web_group(net, instance_profile_role=role)
    workers = AutoScalingGroup(
        min_size=0,
        max_size=4,
        desired_capacity=1,
        azs=2,
        name="workers",
        subnets=net["app"],
        security_groups=(net["web"],),
    )
    group = db_subnet_group(net["vpc"], list(net["db"]), name="shop-db")
    db = place_db_instance(group, name="orders", security_groups=[net["db_sg"]], multi_az=True)
    cdn = Distribution(Bucket("shop-static-2026", region=REGION), name="static", price_class="PriceClass_200")
    jobs = Queue(name="jobs", max_receive_count=5, dead_letter_queue=Queue(name="jobs-dlq"))
    topic = Topic("orders")
    topic.subscribe(jobs)
    fn = LambdaFunction(name="thumbs")
    network_stack = Stack("network", to_cloudformation(net["vpc"], export=True))
    assert "network-TargetGroupWebSite" in network_stack.exports
    app = to_cloudformation(web, workers, db, cdn, topic, fn, imports=[network_stack])
    app_stack = Stack("app", app)
    assert {
        "network-SubnetAppA",
        "network-SubnetAppB",
        "network-SubnetDbA",
        "network-SecurityGroupWeb",
        "network-SecurityGroupDb",
        "network-TargetGroupWebSite",
    } <= app_stack.imports
    assert app.to_dict()["Resources"]["AutoScalingGroupWeb"]["Properties"]["TargetGroupARNs"] == [
        {"Fn::ImportValue": "network-TargetGroupWebSite"}
    ]
    for template in (network_stack.template, app):
        report = lint(template, regions=[REGION])
        assert report.errors == (), report.text()


def test_a_bucket_policy_from_origin_bucket_policy_is_not_duplicated():
    """The model's statement (an example ARN) gives way to the template's, which names the real distribution."""
    bucket = Bucket("seoul-site-2026")
    site = Distribution(bucket, name="site")
    bucket.set_policy(site.origin_bucket_policy().document)
    t = to_cloudformation(site)
    statements = resources(t, "AWS::S3::BucketPolicy")["BucketPolicySeoulSite2026"]["Properties"]["PolicyDocument"][
        "Statement"
    ]
    assert len(statements) == 1
    assert statements[0]["Condition"]["StringEquals"]["AWS:SourceArn"] == {
        "Fn::Sub": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${DistributionSite}"
    }
