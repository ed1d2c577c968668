"""EC2: instance types, purchase options, machine images and user data, and where data lives.

An instance type name packs four facts into a few letters: ``m5d.2xlarge`` is the
general-purpose family ``m``, generation ``5``, with local instance store
(``d``), in size ``2xlarge``. :meth:`InstanceType.parse` reads them::

    >>> t = InstanceType.parse("m5d.2xlarge")
    >>> t.family, t.generation, t.attributes, t.size
    ('m', 5, 'd', '2xlarge')
    >>> t.category, t.has_instance_store
    ('General purpose', True)
    >>> InstanceType.parse("u-6tb1.metal").option
    '6tb1'

How you pay for an instance is a separate choice: :func:`compare_purchase_options`
prices a usage pattern under On-Demand, Reserved Instances, Savings Plans and
Spot (us-east-1 list prices for one example type, teaching estimates), and
:func:`simulate_lifecycle` shows why instance store data is lost on stop/start
while an EBS volume keeps it.

One module per concern:

- :mod:`~awsbasics.compute.instance_types`: instance type names, families and size ladders;
- :mod:`~awsbasics.compute.pricing`: On-Demand prices and the purchase options compared;
- :mod:`~awsbasics.compute.storage`: where an instance's data can live;
- :mod:`~awsbasics.compute.lifecycle`: launch, reboot, stop/start, terminate and what survives.

Facts come from ``awsbasics/data/ec2.json`` with their sources and as-of dates.
https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
"""

from __future__ import annotations

from awsbasics.compute.instance_types import InstanceType, families_frame, size_ladder
from awsbasics.compute.lifecycle import LIFECYCLE_ACTIONS, USER_DATA_MAX_SIZE_KB, simulate_lifecycle
from awsbasics.compute.pricing import (
    PRICED_INSTANCE_TYPE,
    SPOT_INTERRUPTION_NOTICE_S,
    break_even_figure,
    compare_purchase_options,
    current_generations,
    on_demand_usd_per_hour,
    purchase_options,
)
from awsbasics.compute.storage import StorageOptions, storage_options
from awsbasics.errors import CapacityError, InstanceStateError, InstanceTypeError

__all__ = [
    "InstanceType",
    "InstanceStateError",
    "families_frame",
    "size_ladder",
    "purchase_options",
    "current_generations",
    "storage_options",
    "StorageOptions",
    "on_demand_usd_per_hour",
    "compare_purchase_options",
    "break_even_figure",
    "simulate_lifecycle",
    "LIFECYCLE_ACTIONS",
    "SPOT_INTERRUPTION_NOTICE_S",
    "USER_DATA_MAX_SIZE_KB",
    "PRICED_INSTANCE_TYPE",
    "InstanceTypeError",
    "CapacityError",
]
