"""Findings: the one shape for advice an engine gives about something it judged valid.

A finding has a stable ``code`` a program can match, a ``severity`` from a small
fixed set, the ``subject`` it is about (a storage class, a policy path, a
subnet) and a ``message`` that says what and why. It shows itself through the
display protocol; ``str()`` is the message alone, so it reads as prose::

    >>> note = Finding("early-deletion", "warning", "STANDARD_IA", "30 objects leave STANDARD_IA early.")
    >>> note.text()
    'warning [early-deletion] STANDARD_IA: 30 objects leave STANDARD_IA early.'
    >>> print(note)
    30 objects leave STANDARD_IA early.
    >>> Finding("x", "fatal", "s", "m")
    Traceback (most recent call last):
    ...
    ValueError: severity='fatal': a finding's severity is one of info, warning, error
"""

from __future__ import annotations

from dataclasses import dataclass

from awsbasics._checks import require_str
from awsbasics._protocol import Rendered

__all__ = ["Finding", "SEVERITIES"]

SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
"""From least to most serious: ``info`` explains, ``warning`` costs or risks something, ``error`` AWS would refuse."""


@dataclass(frozen=True, slots=True)
class Finding(Rendered):
    """One piece of advice: ``Finding(code, severity, subject, message)``.

    Args:
        code: A stable, short identifier such as ``"early-deletion"``.
        severity: ``"info"``, ``"warning"`` or ``"error"`` (:data:`SEVERITIES`).
        subject: What the finding is about, e.g. ``"STANDARD_IA"`` (may be empty).
        message: A sentence: what was found and why it matters.

    Raises:
        TypeError: a field that is not text.
        ValueError: an empty code or message, or a severity outside :data:`SEVERITIES`.
    """

    code: str
    severity: str
    subject: str
    message: str

    def __post_init__(self) -> None:
        for name in ("code", "severity", "subject", "message"):
            require_str(getattr(self, name), name)
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity={self.severity[:40]!r}: a finding's severity is one of {', '.join(SEVERITIES)}")
        if not self.code or not self.message:
            raise ValueError("a finding has a non-empty code and message")

    @property
    def rank(self) -> int:
        """The severity's place in :data:`SEVERITIES` (0 = info), for sorting the most serious first."""
        return SEVERITIES.index(self.severity)

    def text(self) -> str:
        """``severity [code] subject: message``."""
        about = f" {self.subject}" if self.subject else ""
        return f"{self.severity} [{self.code}]{about}: {self.message}"

    def __str__(self) -> str:
        return self.message
