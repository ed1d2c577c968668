"""What an evaluation answers: the decision, the statements that decided it, and the trace of AWS's evaluation logic.

:func:`awsbasics.iam.evaluate` returns a :class:`Decision`: the outcome
(``"Allow"``, ``"ExplicitDeny"`` or ``"ImplicitDeny"``), each deciding statement
(a :class:`Match`), the documented steps the request went through (each a
:class:`Step`, worked out on first read when only identity-based policies were
given) and the evaluation flowchart with the request's path through it (a :class:`Flow`).

    >>> from awsbasics.iam import Policy, Request, evaluate
    >>> policy = Policy.from_json({"Version": "2012-10-17", "Statement": [
    ...     {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
    >>> decision = evaluate(Request("s3:GetObject", "arn:aws:s3:::b/k"), identity_policies=[policy])
    >>> print(decision.trace[0])
    Deny evaluation: no applicable Deny statement in any policy -> continue
    >>> [str(m) for m in decision.matched]
    ['identity[0] Statement[0] (Read): Allow']

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from awsbasics._protocol import Rendered, view
from awsbasics.iam.policy import Policy, Statement
from awsbasics.iam.request import Request

__all__ = ["Decision", "Match", "Step", "Flow", "DECISIONS", "OUTCOME_NAMES"]

DECISIONS = ("Allow", "ExplicitDeny", "ImplicitDeny")
OUTCOME_NAMES = {"ExplicitDeny": "Explicit Deny", "ImplicitDeny": "Implicit Deny", "Allow": "Allow"}
STEP_NAMES = {
    "deny": "Deny evaluation",
    "rcp": "Organizations RCPs",
    "scp": "Organizations SCPs",
    "resource": "Resource-based policy",
    "root": "Root user",
    "identity": "Identity-based policies",
    "boundary": "Permissions boundary",
    "session": "Session policy",
}
# The documented flow as a flowchart: the question each step asks, and where each answer leads
# (the three decisions end it). The root user's step sits between the SCPs and the resource policy.
_QUESTIONS = {
    "deny": "Explicit Deny\nin any policy?",
    "rcp": "Do the RCPs allow?\n(resource's account)",
    "scp": "Do the SCPs allow?\n(every level)",
    "root": "Root user?",
    "resource": "Resource-based policy\nallows the requester\ndirectly?",
    "identity": "Identity-based\npolicies allow?",
    "boundary": "Permissions boundary\nallows?",
    "session": "Session policy\nallows?",
}
_EDGES = (
    ("request", "deny", ""),
    ("deny", "ExplicitDeny", "yes"),
    ("deny", "scp", "no"),
    ("scp", "ImplicitDeny", "no"),
    ("scp", "resource", "yes / none"),
    ("resource", "Allow", "yes"),
    ("resource", "identity", "no"),
    ("identity", "ImplicitDeny", "no"),
    ("identity", "boundary", "yes"),
    ("boundary", "ImplicitDeny", "no"),
    ("boundary", "session", "yes / none"),
    ("session", "ImplicitDeny", "no"),
    ("session", "Allow", "yes / none"),
)
_CROSS_ROOT_EDGES = (("resource", "root", "yes"), ("root", "Allow", "yes"), ("root", "identity", "no"))
_ROOT_EDGES = (("scp", "root", "yes / none"), ("root", "Allow", "yes"), ("root", "resource", "no"))
_RCP_EDGES = (("deny", "rcp", "no"), ("rcp", "ImplicitDeny", "no"), ("rcp", "scp", "yes / not applicable"))
# Cross-account: the resource side must allow, and then the identity side must allow too.
_CROSS_QUESTIONS = {
    "resource": "Resource-based policy\n(trusting account)\nallows the principal?",
    "root": "Root user?\n(trusted account)",
    "identity": "Identity-based policies\n(trusted account) allow?",
}
_CROSS_EDGES = (
    ("request", "deny", ""),
    ("deny", "ExplicitDeny", "yes"),
    ("deny", "scp", "no"),
    ("scp", "ImplicitDeny", "no"),
    ("scp", "resource", "yes / none"),
    ("resource", "ImplicitDeny", "no"),
    ("resource", "identity", "yes"),
    ("identity", "ImplicitDeny", "no"),
    ("identity", "boundary", "yes"),
    ("boundary", "ImplicitDeny", "no"),
    ("boundary", "session", "yes / none"),
    ("session", "ImplicitDeny", "no"),
    ("session", "Allow", "yes / none"),
)
_SLOT_LABELS = {"resource": "resource policy", "boundary": "permissions boundary", "session": "session policy"}


@dataclass(frozen=True, slots=True)
class Match:
    """A statement that decided the outcome: its policy's label, index, Sid, effect and JSON path."""

    policy: str
    index: int
    sid: str | None
    effect: str
    path: str

    def __str__(self) -> str:
        sid = f" ({self.sid})" if self.sid else ""
        return f"{self.policy} {self.path}{sid}: {self.effect}"


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the evaluation flow: its name, its outcome and what it found."""

    key: str
    name: str
    outcome: str  # "continue", "skipped", "Allow", "ExplicitDeny" or "ImplicitDeny"
    found: str

    def __str__(self) -> str:
        return f"{self.name}: {self.found} -> {self.outcome}"


@dataclass(frozen=True, slots=True)
class Flow:
    """The evaluation flowchart as one request met it.

    ``questions`` is ``(step key, question)`` for each step drawn, ``outcomes``
    ``(decision, name)`` for the three ends, ``edges`` ``(from, to, answer)``;
    ``path`` the nodes the request went through (``"request"`` first, its
    decision last) and ``skipped`` the steps whose policies were not given.
    """

    questions: tuple[tuple[str, str], ...]
    outcomes: tuple[tuple[str, str], ...]
    edges: tuple[tuple[str, str, str], ...]
    path: tuple[str, ...]
    skipped: frozenset[str]


class _Source(NamedTuple):
    """Where a policy sits in an evaluation: its slot (identity, scp, ...) and position.

    :func:`~awsbasics.iam.evaluate` builds one with ``tuple.__new__(_Source, (slot, position, policy))``
    on its hot path (one C call).
    """

    slot: str
    position: tuple[int, ...]
    policy: Policy

    @property
    def label(self) -> str:
        if self.slot in _SLOT_LABELS:
            base = _SLOT_LABELS[self.slot]
        else:
            base = self.slot + "".join(f"[{p}]" for p in self.position)
        return f"{base} {self.policy.name}" if self.policy.name else base


# How the steps are worked out: (request, *the first nine found inputs) -> (decision, steps, deciding).
_Walk = Callable[..., tuple[str, list, list | tuple]]


class Decision(Rendered):
    """The outcome of :func:`~awsbasics.iam.evaluate`, with the path through the evaluation logic.

    ``decision`` is ``"Allow"``, ``"ExplicitDeny"`` or ``"ImplicitDeny"``;
    ``matched`` the statements that decided it; ``trace`` the steps in order;
    ``warnings`` what could not be compared; ``verdict`` one line of it all.
    The steps and the deciding statements are worked out on first use, from what the
    evaluation found (the decision itself is known when it is built).
    """

    __slots__ = (
        "_decision",
        "_request",
        "_found",
        "_walked",
        "_sources",
        "_trace",
        "_warnings",
    )
    _decision: str
    _request: Request
    _found: tuple  # what the evaluation found, see __init__
    _walked: tuple[list, list | tuple] | _Walk
    _sources: Sequence[_Source]
    _trace: tuple[Step, ...]
    _warnings: tuple[str, ...]

    def __init__(self, decision, request, found, walked, sources):
        # Plain slot writes: a Decision is built once per evaluation, on the hot path.
        self._decision = decision
        self._request = request
        # What the evaluation found: (has boundary, allows, denies, SCP levels, has resource policy,
        # has identity policies, has session policy, RCP levels, accounts, problems); problems are
        # (source, text) for what could not be compared.
        self._found = found
        # (steps, deciding), or the function that works them out from the request and the first
        # nine found inputs when they are first needed (evaluate() hands over its step logic).
        self._walked = walked
        self._sources = sources
        # _trace and _warnings stay unset until first read.

    @property
    def _boundary(self) -> bool:
        return self._found[0]

    @property
    def _accounts(self) -> tuple[str, str] | None:
        return self._found[8]  # (principal account, resource account) of a cross-account request

    def _walk(self) -> tuple[list, list | tuple]:
        """``(steps, deciding)``: the documented steps this request went through, worked out once."""
        walked = self._walked
        if isinstance(walked, tuple):
            return walked
        decision, steps, deciding = walked(self._request, *self._found[:9])
        if decision != self._decision:  # the short rule in evaluate() and the steps must agree
            raise AssertionError(f"evaluation steps end in {decision}, the decision was {self._decision}")
        self._walked = (steps, deciding)
        return steps, deciding

    @property
    def _steps(self) -> list:
        return self._walk()[0]

    @property
    def _deciding(self) -> list | tuple:
        return self._walk()[1]

    @property
    def decision(self) -> str:
        """``"Allow"``, ``"ExplicitDeny"`` or ``"ImplicitDeny"``."""
        return self._decision

    @property
    def request(self) -> Request:
        return self._request

    @property
    def allowed(self) -> bool:
        return self.decision == "Allow"

    @property
    def matched(self) -> tuple[Match, ...]:
        return tuple(Match(src.label, st.index, st.sid, st.effect, st.path) for src, st in self._deciding)

    @property
    def warnings(self) -> tuple[str, ...]:
        try:
            return self._warnings
        except AttributeError:
            self._warnings = tuple(
                dict.fromkeys(f"{src.label}: {text}" if src else text for src, text in self._found[9])
            )
            return self._warnings

    @property
    def trace(self) -> tuple[Step, ...]:
        try:
            return self._trace
        except AttributeError:
            self._trace = tuple(
                Step(key, STEP_NAMES[key], outcome, _describe(key, found)) for key, outcome, found in self._steps
            )
            return self._trace

    @property
    def cross_account(self) -> bool:
        """Whether the request crossed accounts (then both sides had to allow)."""
        return self._accounts is not None

    @property
    def accounts(self) -> tuple[str, str] | None:
        """``(principal's account, resource's account)`` of a cross-account request, else ``None``."""
        return self._accounts

    @property
    def slots(self) -> frozenset[str]:
        """Which kinds of policy the evaluation was given: identity, resource, boundary, rcp, scp, session."""
        return frozenset(src.slot for src in self._sources)

    @property
    def policies(self) -> tuple[tuple[str, Policy], ...]:
        """``(label, policy)`` for every policy the evaluation read, in evaluation order."""
        return tuple((src.label, src.policy) for src in self._sources)

    def statuses(self, label: str) -> tuple[tuple[Statement, str, str | None], ...]:
        """For one policy: ``(statement, status, reason)`` per statement.

        ``status`` is ``"deciding"`` (in :attr:`matched`), ``"applies"`` (applies but
        did not decide) or ``"no match"`` with the failing element in ``reason``.
        """
        for src in self._sources:
            if src.label == label:
                deciding = {id(st) for s, st in self._deciding if s is src}
                rows = []
                for st in src.policy.statements:
                    reason = st.explain(self.request, boundary=self._boundary)
                    status = "deciding" if id(st) in deciding else ("applies" if reason is None else "no match")
                    rows.append((st, status, reason))
                return tuple(rows)
        raise KeyError(f"no policy labelled {label!r}; labels: {[s.label for s in self._sources]}")

    @property
    def flow(self) -> Flow:
        """The evaluation flowchart with this request's path through it."""
        steps = {step.key: step.outcome for step in self.trace}
        skipped = {key for key, outcome in steps.items() if outcome == "skipped"}
        if "session" in steps and "session" not in self.slots:
            skipped.add("session")  # no session policy was given, whatever the step concluded
        root = "root" in steps
        rcp = "rcp" in steps
        edges: tuple[tuple[str, str, str], ...]
        if self.cross_account:
            edges = _CROSS_EDGES
            questions = {**_QUESTIONS, **_CROSS_QUESTIONS}
            if root:
                edges = tuple(e for e in _CROSS_EDGES if e[:2] != ("resource", "identity")) + _CROSS_ROOT_EDGES
        else:
            edges = _EDGES
            questions = _QUESTIONS
            if root:
                edges = tuple(e for e in _EDGES if e[:2] != ("scp", "resource")) + _ROOT_EDGES
        if rcp:
            edges = tuple(e for e in edges if e[:2] != ("deny", "scp")) + _RCP_EDGES
        return Flow(
            questions=tuple(
                (key, q) for key, q in questions.items() if (key != "root" or root) and (key != "rcp" or rcp)
            ),
            outcomes=tuple(OUTCOME_NAMES.items()),
            edges=edges,
            path=("request", *(step.key for step in self.trace), self.decision),
            skipped=frozenset(skipped),
        )

    _view_ = "iam.decision_view"

    def diagram(self):
        """The evaluation flowchart (a Diagram) with this request's path drawn thick."""
        return view("iam.flowchart")(self)

    @property
    def verdict(self) -> str:
        """One line: the decision, the action, the resource and who asked (and the accounts, if they differ)."""
        r = self.request
        who = f" by {r.principal}" if r.principal else ""
        cross = f" (cross-account: {self._accounts[0]} -> {self._accounts[1]})" if self._accounts else ""
        return f"{self.decision}: {r.action} on {r.resource}{who}{cross}"

    def text(self) -> str:
        """The verdict, the numbered trace, the deciding statements, warnings, then each statement's status."""
        lines = [self.verdict, "Evaluation:"]
        lines += [f"  {i}. {step}" for i, step in enumerate(self.trace, 1)]
        if self.matched:
            lines.append("Deciding statements:")
            lines += [f"  - {m}" for m in self.matched]
        if self.warnings:
            lines.append("Warnings:")
            lines += [f"  - {w}" for w in self.warnings]
        for label, _ in self.policies:
            lines.append(f"{label}:")
            for statement, status, reason in self.statuses(label):
                detail = f" - {reason}" if reason else ""
                lines.append(f"  {statement.label} {statement.effect}: {status}{detail}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Decision {self.verdict}>"


def _describe(key: str, found) -> str:
    if isinstance(found, str):
        return found
    kind, hits = found
    names = ", ".join(f"{src.label} {st.label}" for src, st in hits)
    return f"{kind}: {names}" if names else kind
