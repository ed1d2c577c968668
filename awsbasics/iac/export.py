"""Models to CloudFormation: :func:`to_cloudformation` and the exporter registry.

Each model type has an *exporter*, a function ``exporter(model, builder)`` that
adds the model's resources through a :class:`TemplateBuilder`. The exporters
for a VPC (and the load balancers in it), an S3 bucket and IAM roles, managed
policies and accounts are built in; later chapters register theirs with
:func:`register_exporter` so one call exports a whole architecture::

    >>> from awsbasics.network import VPC
    >>> vpc = VPC("10.0.0.0/16", name="shop")
    >>> public = vpc.add_subnet("10.0.0.0/24", az="az-a", name="public-a")
    >>> t = to_cloudformation(vpc, description="shop network")
    >>> sorted(t["Resources"])
    ['SubnetPublicA', 'VpcShop']
    >>> t["Resources"]["SubnetPublicA"]["Properties"]["VpcId"]
    mappingproxy({'Ref': 'VpcShop'})

Logical ids come from the models' names (``Subnet`` + ``public-a`` ->
``SubnetPublicA``), so the same model always gives the same template.
``DependsOn`` is written only where CloudFormation cannot see an order from the
references: a route to an internet gateway waits for the gateway's attachment.

Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Mapping

from awsbasics.errors import TemplateError
from awsbasics.iac.template import (
    FORMAT_VERSION,
    TEMPLATE_QUOTAS,
    Template,
    get_att,
    import_value,
    logical_id,
    ref,
    sub,
)

__all__ = ["to_cloudformation", "register_exporter", "exporter_for", "TemplateBuilder", "exportable_types"]

_REGISTRY: dict[str, Callable] = {}
_BUILTINS_LOADED = False
_MAX_DESCRIPTION_BYTES = TEMPLATE_QUOTAS["template_description_bytes"]
_MAX_RESOURCES = TEMPLATE_QUOTAS["resources_per_template"]
_MAX_OUTPUTS = TEMPLATE_QUOTAS["outputs_per_template"]


def _qualname(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def register_exporter(model_type, exporter: Callable) -> None:
    """Register ``exporter(model, builder)`` for a model class (or its dotted name, to avoid importing it).

    >>> class Queue: name = "orders"
    >>> def export_queue(queue, builder):
    ...     builder.add("Queue", queue.name, "AWS::SQS::Queue", {}, model=queue)
    >>> register_exporter(Queue, export_queue)
    >>> sorted(to_cloudformation(Queue())["Resources"])
    ['QueueOrders']
    """
    if isinstance(model_type, type):
        key = _qualname(model_type)
    elif isinstance(model_type, str) and "." in model_type:
        key = model_type
    else:
        raise TypeError(f"model_type must be a class or its dotted name 'module.Class', not {model_type!r}")
    if not callable(exporter):
        raise TypeError(f"exporter must be callable as exporter(model, builder), not {type(exporter).__name__}")
    _REGISTRY[key] = exporter


def _load_builtins() -> None:
    global _BUILTINS_LOADED
    if _BUILTINS_LOADED:
        return
    _BUILTINS_LOADED = True
    from awsbasics.iac.export_cdn import export_distribution
    from awsbasics.iac.export_compute import export_auto_scaling_group, export_lambda_function
    from awsbasics.iac.export_database import export_db_instance, export_db_subnet_group
    from awsbasics.iac.export_iam import export_account, export_managed_policy, export_role
    from awsbasics.iac.export_messaging import export_queue, export_topic
    from awsbasics.iac.export_network import export_load_balancer, export_vpc
    from awsbasics.iac.export_s3 import export_bucket

    register_exporter("awsbasics.network.vpc.VPC", export_vpc)
    register_exporter("awsbasics.network.elb.LoadBalancer", export_load_balancer)
    register_exporter("awsbasics.storage.s3.bucket.Bucket", export_bucket)
    register_exporter("awsbasics.iam.entities.Role", export_role)
    register_exporter("awsbasics.iam.entities.ManagedPolicy", export_managed_policy)
    register_exporter("awsbasics.iam.identities.Account", export_account)
    register_exporter("awsbasics.messaging.queue.Queue", export_queue)
    register_exporter("awsbasics.messaging.topic.Topic", export_topic)
    register_exporter("awsbasics.microservices.lambdas.LambdaFunction", export_lambda_function)
    register_exporter("awsbasics.ha.scaling.AutoScalingGroup", export_auto_scaling_group)
    register_exporter("awsbasics.database.placement.DbSubnetGroup", export_db_subnet_group)
    register_exporter("awsbasics.database.placement.DbInstance", export_db_instance)
    register_exporter("awsbasics.caching.distribution.Distribution", export_distribution)


def exporter_for(model) -> Callable | None:
    """The exporter registered for ``model``'s class or its nearest base class, or None."""
    _load_builtins()
    for cls in type(model).__mro__:
        found = _REGISTRY.get(_qualname(cls))
        if found is not None:
            return found
    return None


def exportable_types() -> tuple[str, ...]:
    """The dotted names of every model class with an exporter."""
    _load_builtins()
    return tuple(sorted(_REGISTRY))


class TemplateBuilder:
    """What an exporter writes into: resources, outputs and notes, with ids kept unique.

    ``add(kind, name, type, properties, model=...)`` adds a resource whose
    logical id is ``logical_id(kind, name)`` and returns that id; ``ref(model)``
    is the ``Ref`` of a model already added (or an ``Fn::ImportValue`` of a
    stack it imports from); ``note(text)`` records what the template leaves out.
    """

    def __init__(self, *, imports=(), skip=()):
        self.resources: dict[str, dict] = {}
        self.outputs: dict[str, dict] = {}
        self.parameters: dict[str, dict] = {}
        self.notes: list[str] = []
        self._ids: dict[int, str] = {}
        self._models: dict[int, object] = {}  # keeps exported models alive so id() stays theirs
        self._imports = list(imports)
        self._skip = {id(m) for m in skip}
        self._done: set[int] = set()

    # ----- ids --------------------------------------------------------------------------------

    def _unique(self, base: str, name: str) -> str:
        if base not in self.resources and base not in self.parameters:
            return base
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8].upper()
        candidate = f"{base[:240]}{digest}"
        counter = 2
        while candidate in self.resources or candidate in self.parameters:
            candidate = f"{base[:240]}{digest}{counter}"
            counter += 1
        return candidate

    def add(
        self,
        kind: str,
        name: str,
        resource_type: str,
        properties: Mapping | None = None,
        *,
        model=None,
        depends_on=(),
        tags: bool = True,
        **attributes,
    ) -> str:
        """Add one resource; its logical id is derived from ``kind`` and ``name``; returns the id."""
        if not isinstance(name, str) or not isinstance(kind, str):
            raise TypeError("kind and name must be str")
        try:
            base = logical_id(kind, name)
            if logical_id(name).lower().startswith(logical_id(kind).lower()):
                base = (
                    logical_id(kind) + logical_id(name)[len(logical_id(kind)) :]
                )  # "eip-nat" -> EipNat, not EipEipNat
        except TemplateError:
            base = logical_id(kind) + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8].upper()
        if len(self.resources) >= _MAX_RESOURCES:
            raise TemplateError(
                f"the models need more than {_MAX_RESOURCES} resources; one template declares at most {_MAX_RESOURCES} "
                "(split them into layered stacks)"
            )
        logical = self._unique(base, name)
        body: dict = {"Type": resource_type}
        if depends_on:
            body["DependsOn"] = sorted(set(depends_on)) if len(set(depends_on)) > 1 else next(iter(depends_on))
        body.update(attributes)
        props = dict(properties or {})
        if tags and name:
            props.setdefault("Tags", [{"Key": "Name", "Value": name}])
        if props:
            body["Properties"] = props
        self.resources[logical] = body
        if model is not None:
            self._ids[id(model)] = logical
            self._models[id(model)] = model
        return logical

    def logical_id_of(self, model) -> str | None:
        """The logical id a model got in this template (None if it is not here)."""
        return self._ids.get(id(model))

    def has(self, model) -> bool:
        return id(model) in self._ids

    def alias(self, model, logical: str, attribute: str) -> None:
        """Name a model that is an attribute of a resource (a VPC's default security group is ``Vpc.DefaultSecurityGroup``)."""
        self._ids[id(model)] = f"{logical}.{attribute}"
        self._models[id(model)] = model

    def ref(self, model, *, what: str = "resource") -> dict:
        """``Ref`` to a model in this template, or ``Fn::ImportValue`` of the stack that exports it."""
        here = self._ids.get(id(model))
        if here is not None:
            return get_att(*here.split(".", 1)) if "." in here else ref(here)
        for stack in self._imports:
            export = stack.export_for(model)
            if export is not None:
                return import_value(export)
        name = getattr(model, "name", type(model).__name__)
        raise TemplateError(
            f"{what} {name!r} is neither in this template nor exported by a stack it imports from; export it "
            "here too, or pass the stack that exports it with imports=[...]"
        )

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def output(self, name: str, value, *, description: str = "", export: str | dict | None = None) -> str:
        """Add an output (with an ``Export`` name when given); returns its logical id."""
        key = self._unique(logical_id(name), name) if logical_id(name) in self.outputs else logical_id(name)
        body: dict = {"Value": value}
        if description:
            body["Description"] = description
        if export is not None:
            body["Export"] = {"Name": export}
        self.outputs[key] = body
        return key

    def parameter(self, name: str, body: dict) -> dict:
        """Declare a parameter once and return its ``Ref``."""
        self.parameters.setdefault(name, body)
        return ref(name)

    # ----- models -----------------------------------------------------------------------------

    def export(self, model) -> None:
        """Export one model with its registered exporter (once, even if listed twice)."""
        if id(model) in self._done or id(model) in self._skip:
            return
        exporter = exporter_for(model)
        if exporter is None:
            raise TypeError(
                f"no CloudFormation exporter for {type(model).__name__}; exportable: "
                f"{', '.join(n.rsplit('.', 1)[1] for n in exportable_types())} (register one with register_exporter)"
            )
        self._done.add(id(model))
        exporter(model, self)

    def skipped(self, model) -> bool:
        return id(model) in self._skip


def to_cloudformation(*models, description: str | None = None, export: bool = False, imports=(), skip=()) -> Template:
    """A CloudFormation :class:`Template` for the given models.

    Args:
        *models: VPCs (with their subnets, route tables, gateways, security
            groups, network ACLs, endpoints and load balancers), S3 buckets,
            IAM roles, managed policies or accounts, and any model a later
            chapter registered with :func:`register_exporter`.
        description: The template's Description (at most 1,024 bytes).
        export: Add an Output with an ``Export`` for each VPC, subnet,
            security group and target group, named ``<stack name>-<logical id>``,
            for other stacks to import.
        imports: :class:`~awsbasics.iac.Stack` objects whose exports this
            template may use (``Fn::ImportValue``) for models it does not hold.
        skip: Models to leave out (e.g. load balancers another stack holds).

    >>> from awsbasics.storage.s3 import Bucket
    >>> t = to_cloudformation(Bucket("seoul-logs-2026", versioning=True))
    >>> t["Resources"]["BucketSeoulLogs2026"]["Properties"]["VersioningConfiguration"]["Status"]
    'Enabled'

    Raises:
        TemplateError: a description that is too long, more resources than one
            template may declare, or a reference to a model neither here nor imported.
        TypeError: a model with no exporter.
    """
    if not models:
        raise TemplateError("to_cloudformation needs at least one model: a template declares at least one resource")
    if len(models) > _MAX_RESOURCES:
        raise TemplateError(f"{len(models):,} models; one template declares at most {_MAX_RESOURCES} resources")
    if description is not None:
        if not isinstance(description, str):
            raise TypeError(f"description must be str, not {type(description).__name__}")
        size = len(description.encode("utf-8", "surrogatepass"))
        if size > _MAX_DESCRIPTION_BYTES:
            raise TemplateError(
                f"the description is {size:,} bytes; a template description holds at most {_MAX_DESCRIPTION_BYTES:,}"
            )
    if not isinstance(export, bool):
        raise TypeError(f"export must be True or False, not {type(export).__name__}")
    imports = _stacks(imports)
    skip = _members(skip, "skip")
    builder = TemplateBuilder(imports=imports, skip=skip)
    for model in models:
        builder.export(model)
    if not builder.resources:
        raise TemplateError("the models given export no resources (all skipped?); a template needs at least one")
    if export:
        _add_exports(builder)
    if len(builder.outputs) > _MAX_OUTPUTS:
        raise TemplateError(f"{len(builder.outputs)} outputs; one template declares at most {_MAX_OUTPUTS}")
    document: dict = {"AWSTemplateFormatVersion": FORMAT_VERSION}
    if description:
        document["Description"] = description
    if builder.parameters:
        document["Parameters"] = builder.parameters
    document["Resources"] = builder.resources
    if builder.outputs:
        document["Outputs"] = builder.outputs
    sources = {key: (builder._models[key], logical) for key, logical in builder._ids.items()}
    return Template(document, notes=builder.notes, sources=sources)


def _stacks(imports) -> list:
    items = _members(imports, "imports")
    for item in items:
        if not hasattr(item, "export_for"):
            raise TypeError(f"imports holds Stack objects, not {type(item).__name__}")
    return items


_MAX_LISTED = 10_000  # a bound of this library on skip=/imports= lists, not an AWS number


def _members(values, what: str) -> list:
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{what} must be a list, not {type(values).__name__}")
    items = list(itertools.islice(values, _MAX_LISTED + 1))
    if len(items) > _MAX_LISTED:
        raise TemplateError(f"{what} lists more than {_MAX_LISTED:,} items (this library's bound)")
    return items


_EXPORTED_TYPES = {
    "AWS::EC2::VPC": "VPC",
    "AWS::EC2::Subnet": "subnet",
    "AWS::EC2::SecurityGroup": "security group",
    "AWS::ElasticLoadBalancingV2::TargetGroup": "target group",  # Ref is the ARN an Auto Scaling group needs
}


def _add_exports(builder: TemplateBuilder) -> None:
    for logical, resource in list(builder.resources.items()):
        what = _EXPORTED_TYPES.get(resource["Type"])
        if what is None:
            continue
        kind = "ARN" if what == "target group" else "id"
        builder.output(
            f"{logical}{kind.capitalize()}",
            ref(logical),
            description=f"the {what} {kind} of {logical}",
            export=sub(f"${{AWS::StackName}}-{logical}"),
        )
        if resource["Type"] == "AWS::EC2::VPC":
            builder.output(
                f"{logical}DefaultSecurityGroup",
                get_att(logical, "DefaultSecurityGroup"),
                description=f"the default security group of {logical}",
                export=sub(f"${{AWS::StackName}}-{logical}DefaultSecurityGroup"),
            )


# =============================================================================================
# Built-in exporters. They read the models through their public properties only.
# =============================================================================================
