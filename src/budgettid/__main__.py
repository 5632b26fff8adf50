"""`python -m budgettid`: the same as the `budgettid` command."""

from budgettid.cli import main

main()
