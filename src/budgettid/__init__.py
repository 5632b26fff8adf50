"""budgettid: a Danish municipality's budget process as one checked YAML file."""

__version__ = "0.1.0"
