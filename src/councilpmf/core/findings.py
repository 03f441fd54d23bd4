"""Findings: what a check found, with a severity, a code, a message and a path.

>>> f = Finding(severity=Severity.ERROR, code="unknown-priority",
...     message="serves unknown priority 'C9'", path="$.delivery_plans[0].actions[2].serves[0]")
>>> str(f)
"error unknown-priority $.delivery_plans[0].actions[2].serves[0]: serves unknown priority 'C9'"
"""

from __future__ import annotations

import enum

import attrs
from attrs import validators as v

__all__ = ["Finding", "Severity"]


class Severity(enum.Enum):
    """How much a finding matters: errors stop a framework being used."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@attrs.frozen(kw_only=True)
class Finding:
    """One thing a check found. ``path`` locates it (``$.themes[2].priorities[0]``)."""

    severity: Severity = attrs.field(validator=v.instance_of(Severity))
    code: str = attrs.field(validator=v.instance_of(str))
    message: str = attrs.field(validator=v.instance_of(str))
    path: str = attrs.field(default="$", validator=v.instance_of(str))

    def __str__(self) -> str:
        return f"{self.severity.value} {self.code} {self.path}: {self.message}"
