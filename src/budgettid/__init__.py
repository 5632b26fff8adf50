"""budgettid: a Danish municipality's budget process as one checked YAML file.

The Python API (docs/python-api.md)::

    import budgettid
    cal = budgettid.load("budget_2024_31.yaml")
    findings = budgettid.check(cal)

Every name below is imported on first use (PEP 562), so that `budgettid next`, which
imports this package, pays nothing for the API.
"""

from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Each public name and the module that defines it.
_HOME = {
    "load": "api",
    "check": "api",
    "check_paths": "api",
    "upcoming": "api",
    "timeline": "api",
    "feed": "api",
    "roll": "api",
    "move": "api",
    "diff": "api",
    "wheel_svg": "api",
    "bundled_path": "api",
    "Calendar": "format.model",
    "Event": "format.model",
    "Diagnostic": "diagnostics",
    "BudgettidError": "errors",
    "CalendarInvalid": "errors",
    "FileProblem": "errors",
    "NoSuchFile": "errors",
    "OutputExists": "errors",
    "UsageError": "errors",
    "UnknownRule": "errors",
    "ProcessesSwapped": "errors",
    "YearNotLater": "errors",
    "UnknownEvent": "errors",
}

__all__ = [
    "BudgettidError",
    "Calendar",
    "CalendarInvalid",
    "Diagnostic",
    "Event",
    "FileProblem",
    "NoSuchFile",
    "OutputExists",
    "ProcessesSwapped",
    "UnknownEvent",
    "UnknownRule",
    "UsageError",
    "YearNotLater",
    "__version__",
    "bundled_path",
    "check",
    "check_paths",
    "diff",
    "feed",
    "load",
    "move",
    "roll",
    "timeline",
    "upcoming",
    "wheel_svg",
]

if TYPE_CHECKING:
    from .api import (
        bundled_path,
        check,
        check_paths,
        diff,
        feed,
        load,
        move,
        roll,
        timeline,
        upcoming,
        wheel_svg,
    )
    from .diagnostics import Diagnostic
    from .errors import (
        BudgettidError,
        CalendarInvalid,
        FileProblem,
        NoSuchFile,
        OutputExists,
        ProcessesSwapped,
        UnknownEvent,
        UnknownRule,
        UsageError,
        YearNotLater,
    )
    from .format.model import Calendar, Event
else:

    def __getattr__(name: str) -> object:
        """Import a public name's module on first use, and keep the name."""
        home = _HOME.get(name)
        if home is None:
            raise AttributeError(f"module 'budgettid' has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(f"{__name__}.{home}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
