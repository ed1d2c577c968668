"""Check a template with cfn-lint, the linter people run on real CloudFormation templates.

cfn-lint validates every resource against the CloudFormation resource
schemas it ships (types, required and allowed properties, patterns) and
against best-practice rules. Its findings have a rule id (``E`` errors,
``W`` warnings, ``I`` information), a message and the path in the template::

    >>> from awsbasics.iac import Template, lint
    >>> bad = Template({"Resources": {"Subnet": {"Type": "AWS::EC2::Subnet",
    ...     "Properties": {"CidrBlock": "10.0.0.0/24", "Color": "blue"}}}})
    >>> report = lint(bad)
    >>> report.ok, [f.rule for f in report.errors]
    (False, ['E3002', 'E3003'])

cfn-lint is imported only here, inside :func:`lint`, so ``import awsbasics.iac``
stays light. https://github.com/aws-cloudformation/cfn-lint
"""

from __future__ import annotations

from dataclasses import dataclass

from awsbasics._finding import Finding
from awsbasics._protocol import Rendered
from awsbasics._text import text_table
from awsbasics.errors import TemplateError
from awsbasics.iac.template import TEMPLATE_QUOTAS, Template

__all__ = ["lint", "LintReport", "LintFinding", "LEVELS"]

LEVELS = ("error", "warning", "info")
_MAX_TEXT_BYTES = TEMPLATE_QUOTAS["template_s3_bytes"]
_COLUMNS = ("rule", "level", "path", "message")


@dataclass(frozen=True, slots=True)
class LintFinding(Finding):
    """One cfn-lint finding, a :class:`~awsbasics._finding.Finding` whose ``code`` is the rule id.

    ``severity`` is ``error``, ``warning`` or ``info``; ``subject`` is the path as text and
    ``path`` the keys into the template; ``line`` the YAML line.
    """

    path: tuple = ()
    line: int | None = None

    @property
    def rule(self) -> str:
        return self.code

    @property
    def level(self) -> str:
        return self.severity

    @property
    def where(self) -> str:
        return self.subject


@dataclass(frozen=True, slots=True)
class LintReport(Rendered):
    """cfn-lint's findings for one template; ``ok`` means no errors (warnings may remain)."""

    findings: tuple[LintFinding, ...]
    regions: tuple[str, ...]

    _view_ = "iac.lint_view"

    @property
    def errors(self) -> tuple[LintFinding, ...]:
        return tuple(f for f in self.findings if f.level == "error")

    @property
    def warnings(self) -> tuple[LintFinding, ...]:
        return tuple(f for f in self.findings if f.level == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> list[tuple]:
        return [(f.rule, f.level, f.where, f.message) for f in self.findings]

    @property
    def verdict(self) -> str:
        return (
            f"cfn-lint ({', '.join(self.regions)}): {len(self.errors)} error(s), {len(self.warnings)} warning(s), "
            f"{len(self.findings) - len(self.errors) - len(self.warnings)} informational"
        )

    def text(self) -> str:
        if not self.findings:
            return self.verdict
        return self.verdict + "\n" + text_table(_COLUMNS, self.rows)


def lint(template, *, regions=None) -> LintReport:
    """Run cfn-lint on a :class:`Template` (or YAML/JSON template text) and return its findings.

    The YAML form is linted, so the short-form intrinsic functions are checked
    as CloudFormation would read them.

    Args:
        template: A :class:`Template`, or template text.
        regions: Regions whose resource schemas to check against (default: the
            Region of the template's Availability Zones, else us-east-1).

    Raises:
        TypeError: ``template`` is neither a Template nor text; ``regions`` is not a list of str.
    """
    if isinstance(template, Template):
        text = template.to_yaml()
    elif isinstance(template, str):
        text = template
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > _MAX_TEXT_BYTES:
            raise TemplateError(
                f"the template text is {size:,} bytes; CloudFormation reads at most {_MAX_TEXT_BYTES:,} "
                "(a template body in S3)"
            )
    else:
        raise TypeError(f"lint takes a Template or template text, not {type(template).__name__}")
    if regions is None:
        regions = (template.regions() if isinstance(template, Template) else ()) or ("us-east-1",)
    if isinstance(regions, (str, bytes)) or not hasattr(regions, "__iter__"):
        raise TypeError(f"regions must be a list of Region codes, not {type(regions).__name__}")
    regions = tuple(regions)
    if not regions or not all(isinstance(r, str) for r in regions):
        raise TypeError("regions must hold at least one Region code (str)")
    from awsbasics.infra import Region

    for region in regions:
        Region.get(region)
    from cfnlint.api import lint as cfn_lint

    matches = cfn_lint(text, regions=list(regions))
    findings = []
    for match in matches:
        rule = match.rule
        path = tuple(getattr(match, "path", None) or ())
        findings.append(
            LintFinding(
                rule.id,
                _level(rule.id),
                "/".join(str(p) for p in path),
                str(match.message) or rule.id,
                path,
                getattr(match, "linenumber", None),
            )
        )
    findings.sort(key=lambda f: (LEVELS.index(f.level), f.rule, f.where))
    return LintReport(tuple(findings), regions)


def _level(rule_id: str) -> str:
    """cfn-lint's rule letter: E error, W warning, I informational."""
    return {"W": "warning", "I": "info"}.get(rule_id[:1], "error")
