"""The CloudFormation exporters of the messaging models: SQS queues (with their dead-letter queues) and SNS topics.

A topic's subscriptions to queues become ``AWS::SNS::Subscription`` resources,
and each such queue gets one ``AWS::SQS::QueuePolicy`` that lets SNS send to it
from that topic only (without it SNS cannot deliver). Registered by
:mod:`awsbasics.iac.export`.

Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-subscription.html,
https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from awsbasics import data
from awsbasics.errors import TemplateError
from awsbasics.iac.template import get_att, ref

if TYPE_CHECKING:
    from awsbasics.iac.export import TemplateBuilder
    from awsbasics.messaging.queue import Queue
    from awsbasics.messaging.topic import Topic

__all__ = ["export_queue", "export_topic"]

_SNS_TO_SQS: dict = data.value("iac_resources", "sns_to_sqs_policy")


def _queue_id(queue: Queue, builder: TemplateBuilder) -> str:
    """The logical id of ``queue`` here, exporting it first when it is not yet in the template."""
    if not builder.has(queue):
        builder.export(queue)
    found = builder.logical_id_of(queue)
    if found is None:
        raise TemplateError(
            f"queue {queue.name} is skipped, but a subscription or redrive policy here needs its ARN: export the "
            "queue in the same template as the topic or queue that uses it"
        )
    return found


def export_queue(queue: Queue, builder: TemplateBuilder) -> None:
    """Add ``queue`` (and its dead-letter queue, first) to ``builder``."""
    if builder.has(queue):
        return
    properties: dict = {"QueueName": queue.name}
    if queue.fifo:
        properties["FifoQueue"] = True
        if queue.content_based_deduplication:
            properties["ContentBasedDeduplication"] = True
    properties["VisibilityTimeout"] = int(queue.visibility_timeout)
    properties["MessageRetentionPeriod"] = int(queue.retention_seconds)
    if queue.delay_seconds:
        properties["DelaySeconds"] = int(queue.delay_seconds)
    if queue.receive_wait_seconds:
        properties["ReceiveMessageWaitTimeSeconds"] = int(queue.receive_wait_seconds)
    if queue.dead_letter_queue is not None:
        dlq = _queue_id(queue.dead_letter_queue, builder)
        properties["RedrivePolicy"] = {
            "deadLetterTargetArn": get_att(dlq, "Arn"),
            "maxReceiveCount": queue.max_receive_count,
        }
    builder.add("Queue", queue.name, "AWS::SQS::Queue", properties, model=queue)


def export_topic(topic: Topic, builder: TemplateBuilder) -> None:
    """Add ``topic``, its subscriptions and, for each subscribed queue, a queue policy letting the topic send."""
    from awsbasics.messaging.queue import Queue

    tid = builder.add("Topic", topic.name, "AWS::SNS::Topic", {"TopicName": topic.name}, model=topic)
    queues: list[Queue] = []
    for subscription in topic.subscriptions:
        endpoint = subscription.endpoint
        properties: dict = {"TopicArn": ref(tid), "Protocol": subscription.protocol}
        if isinstance(endpoint, Queue):
            qid = _queue_id(endpoint, builder)
            properties["Endpoint"] = get_att(qid, "Arn")
            if all(q is not endpoint for q in queues):
                queues.append(endpoint)
        elif subscription.protocol == "lambda" and not str(endpoint).startswith("arn:"):
            builder.note(
                f"subscription {subscription.name} of topic {topic.name} names a function, not its ARN: left out "
                "(a Lambda subscription's endpoint is the function ARN)"
            )
            continue
        else:
            properties["Endpoint"] = endpoint
        if subscription.filter_policy is not None:
            properties["FilterPolicy"] = subscription.filter_policy
        if getattr(subscription, "raw_message_delivery", False):
            properties["RawMessageDelivery"] = True
        builder.add(
            "Subscription",
            f"{topic.name}-{subscription.name}",
            "AWS::SNS::Subscription",
            properties,
            tags=False,
        )
    for queue in queues:
        qid = _queue_id(queue, builder)
        statement = {
            "Sid": f"AllowTopic{tid}",
            "Effect": "Allow",
            "Principal": {"Service": _SNS_TO_SQS["principal"]},
            "Action": _SNS_TO_SQS["action"],
            "Resource": get_att(qid, "Arn"),
            "Condition": {_SNS_TO_SQS["operator"]: {_SNS_TO_SQS["key"]: ref(tid)}},
        }
        # One policy per queue: a second AWS::SQS::QueuePolicy on the same queue would replace the first.
        existing = next(
            (
                r
                for r in builder.resources.values()
                if r["Type"] == "AWS::SQS::QueuePolicy" and r["Properties"]["Queues"] == [ref(qid)]
            ),
            None,
        )
        if existing is not None:
            existing["Properties"]["PolicyDocument"]["Statement"].append(statement)
            continue
        builder.add(
            "QueuePolicy",
            queue.name,
            "AWS::SQS::QueuePolicy",
            {"Queues": [ref(qid)], "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]}},
            tags=False,
        )
