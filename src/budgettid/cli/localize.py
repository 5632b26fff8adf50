"""The command line in the reader's language: help texts, usage lines and Click's own errors.

Typer reads help from docstrings and option declarations; budgettid writes it from the
catalogue instead, when a run starts. `Group.main` picks the language (`--lang` anywhere
in the arguments, else the locale, else Danish) and sets each command's help from the key
`help.<command>` and each option's from `help.<command>.<option>`, else the shared
`help.opt.<option>` (the option's Python name: `help.opt.as_of`). A command or option
without a key keeps the English it was declared with, so a new command works before its
words are in the catalogue (tests/test_help.py says which are missing). Click's errors
(an unknown option, a missing value) are written from the catalogue too (`cli.click.*`).
"""

import os
import re
import sys
from collections.abc import Callable, Sequence
from difflib import get_close_matches
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from .. import i18n

try:  # typer from 0.24 on carries its own copy of Click
    from typer._click import exceptions as click_errors
    from typer._click.globals import get_current_context  # app.language asks it
except ImportError:  # pragma: no cover - older typer uses Click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]
    from click.globals import get_current_context  # type: ignore[no-redef]

# The language of this run's help and errors; Group.main sets it before anything is parsed.
LANG = i18n.pick_lang(None, None)


def language_of(argv: Sequence[str]) -> str:
    """`--lang da|en` (or `--lang=en`) anywhere before `--`, else the locale, else Danish."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.removeprefix("--lang=")
        if (arg == "--lang" or arg.startswith("--lang=")) and value in i18n.LANGS:
            return value
    return i18n.pick_lang(None, None)


def t(key: str, /, **kw: object) -> str:
    return i18n.t(LANG, key, **kw)


def localize(command: Any, lang: str, path: tuple[str, ...] = ()) -> None:
    """Write the help of `command`, its options and its subcommands from `lang`'s catalogue."""
    words = i18n.catalogue(lang)
    key = "help." + ".".join(path) if path else "help.budgettid"
    if key in words:
        command.help, command.short_help = i18n.t(lang, key), None
    if getattr(command, "options_metavar", None):
        command.options_metavar = i18n.t(lang, "help.options_metavar")
    if getattr(command, "subcommand_metavar", None):
        command.subcommand_metavar = i18n.t(lang, "help.subcommand_metavar")
    for param in command.params:
        for name in (f"{key}.{param.name}", f"help.opt.{param.name}"):
            if name in words:
                param.help = i18n.t(lang, name)
                break
        # A placeholder's own words ("ÅÅÅÅ-MM-DD"), from the one the option was declared with.
        declared = param.__dict__.setdefault("_declared_metavar", param.metavar)
        if declared and f"help.metavar.{declared}" in words:
            param.metavar = i18n.t(lang, f"help.metavar.{declared}")
        if param.name == "install_completion":
            param.callback = _install_completion
    for name, sub in getattr(command, "commands", {}).items():
        localize(sub, lang, (*path, name))


def _install_completion(ctx: Any, param: Any, value: Any) -> Any:
    """Typer's --install-completion, saying what it did in the reader's language."""
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import install

    shell, path = install(shell=value) if isinstance(value, str) else install()
    print(t("cli.completion_installed", shell=shell, path=path))
    sys.exit(0)


class _Localized:
    """What a budgettid command and group share: the usage line, --help, and the panels' titles."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=t("help.usage"))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = t("help.help")
        return option

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from typer import rich_utils

        rich_utils.ARGUMENTS_PANEL_TITLE = t("help.arguments")
        rich_utils.OPTIONS_PANEL_TITLE = t("help.options")
        rich_utils.COMMANDS_PANEL_TITLE = t("help.commands")
        rich_utils.DEFAULT_STRING = t("help.default", value="{}")
        rich_utils.REQUIRED_LONG_STRING = t("help.required")
        super().format_help(ctx, formatter)  # type: ignore[misc]


class Command(_Localized, TyperCommand):
    """A budgettid command (App.command makes every command one)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:
            _no_files_as_options(self, ctx, args)
            ctx.meta["budgettid.args"] = tuple(args)
        return super().parse_args(ctx, args)


def _no_files_as_options(command: Any, ctx: Any, args: Sequence[str]) -> None:
    """Refuse an argument that Click would read as an option while it names a file.

    A file list from a glob may hold `-hs.yaml`: read as `-h`, it would print help and exit
    0 with nothing checked (a CI gate made to pass). Only `--` before the files makes such a
    name a file; an option's value (`-o -out.ics`) is left alone, as Click reads it.
    """
    takes_value: dict[str, bool] = {}
    for param in command.get_params(ctx):
        if param.param_type_name == "option":
            for name in (*param.opts, *param.secondary_opts):
                takes_value[name] = not (param.is_flag or param.count)
    value_next = False
    for arg in args:
        if value_next:
            value_next = False
            continue
        if arg == "--":
            return
        if not arg.startswith("-") or arg == "-":
            continue
        if os.path.lexists(arg):
            from ..report.safe import printable

            name = printable(arg)
            raise click_errors.UsageError(
                t("cli.click.file_as_option", name=name, command=ctx.command_path), ctx
            )
        if arg.startswith("--"):
            value_next = "=" not in arg and takes_value.get(arg, False)
            continue
        # A cluster of short options: the first one that takes a value takes the rest of
        # the argument, or the next argument when it stands last.
        for i, letter in enumerate(arg[1:], start=1):
            if takes_value.get("-" + letter):
                value_next = i == len(arg) - 1
                break


class Group(_Localized, TyperGroup):
    """The `budgettid` group: picks the language, localizes, and writes Click's errors."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        global LANG
        argv = list(sys.argv[1:] if args is None else args)
        LANG = language_of(argv)
        localize(self, LANG)
        try:
            rv = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            print(t("cli.aborted"), file=sys.stderr)
            rv = 1
        except click_errors.ClickException as exc:
            _show(exc)
            rv = exc.exit_code
        code = rv if isinstance(rv, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = get_close_matches(name, list(self.commands), n=1)
            key = "cli.no_command_close" if close else "cli.no_command"
            raise click_errors.UsageError(
                t(key, name=name, close=close[0] if close else "", known=", ".join(self.commands)), ctx
            )
        return super().resolve_command(ctx, args)


class App(typer.Typer):
    """typer.Typer whose commands are `Command`s (localized help and usage)."""

    def command(self, name: str | None = None, *, cls: Any = None, **kw: Any) -> Callable[..., Any]:
        return super().command(name, cls=cls or Command, **kw)


# --- Click's errors in the catalogue's words ----------------------------------------------

# Click's messages, as Click writes them, and the catalogue key each becomes.
_CLICK = (
    (re.compile(r"(?P<value>.+) is not one of (?P<choices>.+)\.$"), "cli.click.choice"),
    (re.compile(r"(?P<value>.+) is not in the range (?P<range>.+)\.$"), "cli.click.range"),
    (re.compile(r"(?P<value>.+) is not a valid (integer|float)\.$"), "cli.click.number"),
    (re.compile(r"Option '(?P<name>.+)' requires an argument\.$"), "cli.click.needs_value"),
    (re.compile(r"Option '(?P<name>.+)' requires \d+ arguments\.$"), "cli.click.needs_value"),
    (re.compile(r"Option '(?P<name>.+)' does not take a value\.$"), "cli.click.no_value"),
    (re.compile(r"Got unexpected extra arguments? \((?P<args>.*)\)$"), "cli.click.extra"),
)


def _words(message: str) -> str:
    for pattern, key in _CLICK:
        if m := pattern.match(message):
            return t(key, **m.groupdict())
    return message


def _meant_a_file(ctx: Any, option: str) -> bool:
    """Whether an unknown option looks like a file (`-x.yaml`, `--old/a.yaml`) given to a
    command that takes FILE arguments (a click.Path)."""
    if ctx is None:
        return False
    params = getattr(ctx.command, "params", ())
    if not any(p.param_type_name == "argument" and getattr(p.type, "name", "") == "path" for p in params):
        return False
    given = ctx.meta.get("budgettid.args", ())
    token = next((a for a in given if a.startswith(option)), option)
    return "." in token or "/" in token or os.sep in token


def _show(exc: Any) -> None:
    """`budgettid next: unknown option --limt; did you mean --limit?`, then where help is.

    Everything is escaped (`safe.line`): an option or a value on the command line may come
    from a file name that holds control characters."""
    from ..report.safe import line

    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else "budgettid"
    if isinstance(exc, click_errors.NoSuchOption):
        close = sorted(exc.possibilities or ())
        text = t(
            "cli.click.no_option_close" if close else "cli.click.no_option",
            name=exc.option_name,
            close=", ".join(close),
        )
    elif isinstance(exc, click_errors.MissingParameter):
        param = exc.param
        if param is not None and param.param_type_name == "option":
            text = t("cli.click.missing_option", name=max(param.opts, key=len))
        else:
            name = (param.human_readable_name if param is not None else "") or ""
            text = t("cli.click.missing_argument", name=name.upper())
    elif isinstance(exc, click_errors.BadParameter):
        param = exc.param
        hint = exc.param_hint or (param.get_error_hint(ctx) if param is not None and ctx is not None else "")
        if isinstance(hint, list | tuple):
            hint = " / ".join(hint)
        text = t("cli.click.bad_value", param=str(hint).replace("'", ""), message=_words(exc.message))
    else:
        text = _words(exc.format_message())
    print(line(f"{where}: {text}"), file=sys.stderr)
    if isinstance(exc, click_errors.NoSuchOption) and _meant_a_file(ctx, exc.option_name):
        print(line(t("cli.click.file_hint", command=where)), file=sys.stderr)
    if isinstance(exc, click_errors.UsageError) and ctx is not None:
        print(line(t("cli.see_help", command=f"{ctx.command_path} --help")), file=sys.stderr)


__all__ = [
    "LANG",
    "App",
    "Command",
    "Group",
    "click_errors",
    "get_current_context",
    "language_of",
    "localize",
    "t",
]
