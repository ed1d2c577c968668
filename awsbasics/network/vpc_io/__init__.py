"""A VPC model in and out: ``aws ec2 describe-*`` shapes and saved JSON documents.

The one door for a VPC's data. Call it through the model's methods:
``VPC.from_aws(...)`` and ``vpc.to_aws()`` read and write the responses of
``describe-vpcs``, ``describe-subnets``, ``describe-route-tables``,
``describe-internet-gateways``, ``describe-egress-only-internet-gateways``, ``describe-nat-gateways``,
``describe-security-groups`` and ``describe-network-acls`` — boto3 response
dicts (``{"Vpcs": [...]}``) or just their lists — keeping AWS's ids and
``Name`` tags, so a model round-trips::

    vpc = VPC.from_aws(vpcs=ec2.describe_vpcs(), subnets=ec2.describe_subnets(), ...)

What the model does not keep is listed in ``vpc.import_notes`` instead of being
dropped silently: routes to targets it does not model (network
interfaces, VPN gateways, peering connections and transit gateways whose other
side is not imported), prefix-list rules, NACL rules for other protocols, and
references to resources the responses given do not list.

``vpc.to_dict()`` / ``VPC.from_dict(...)`` (and ``to_json`` / ``from_json``)
save the whole model: the network part in the ``describe-*`` shapes (so a
saved model reads like AWS output), then instances, extra network interfaces,
Elastic IPs, endpoints and load balancers in their own sections. Peering
connections and transit gateways join several VPCs and are not part of one
VPC's document (their routes are listed in ``import_notes`` when it loads).

Documents are read defensively: JSON text is capped in size before it is
parsed (a library bound in ``awsbasics/data/vpc.json``), and a malformed or
nonsensical document — a missing or mistyped field, a duplicate key or id, a
NaN, nesting deeper than a saved VPC has, an unknown Region, an address that is
not an address, a reference to an id the document does not hold — raises a
:class:`~awsbasics.errors.VpcError` whose message starts with the JSON path of
the first problem (also in ``error.path``). A saved document holds only what
the model writes, so where :func:`from_aws` notes what it cannot model,
:func:`from_dict` refuses it. Nothing in a document is ever executed.

    >>> from awsbasics.network import VPC
    >>> vpc = VPC("10.0.0.0/16", name="demo")
    >>> _ = vpc.add_instance("web", vpc.add_subnet("10.0.0.0/24", az="az-a"))
    >>> VPC.from_json(vpc.to_json()).to_dict() == vpc.to_dict()
    True
    >>> VPC.from_json('{"format": "awsbasics.vpc/1", "region": "mars-east-9"}')
    Traceback (most recent call last):
    ...
    awsbasics.errors.VpcError: region: 'mars-east-9' is not a Region code: codes are lowercase area-direction-number, e.g. 'ap-northeast-2' (Seoul) or 'us-east-1'

This module reads and changes the model only through its public methods and
its documented internal API; it does not import :mod:`awsbasics.network.vpc`
(the model imports it when asked to load or save), so the readers take the
model's class as their first argument.

Source: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Operations.html
"""

from awsbasics.network.vpc_io._common import DOCUMENT_LIMITS, FORMAT
from awsbasics.network.vpc_io.aws_in import from_aws
from awsbasics.network.vpc_io.aws_out import to_aws
from awsbasics.network.vpc_io.saved import from_dict, from_json, to_dict

__all__ = ["DOCUMENT_LIMITS", "FORMAT", "from_aws", "from_dict", "from_json", "to_aws", "to_dict"]
