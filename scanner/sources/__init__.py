"""Sources: where things live. A target string names one; each kind is one module here."""
from __future__ import annotations

import importlib

from scanner.extras import refusal
from scanner.targets import Target, TargetError

# target kind -> "module:factory"; factory(target, options) -> Source
SOURCES: dict[str, str] = {
    "files": "scanner.sources.files:FileSource",
    "database": "scanner.sources.database:DatabaseSource",
    "mbox": "scanner.sources.mailbox:MboxSource",
    "maildir": "scanner.sources.mailbox:MaildirSource",
    "imap": "scanner.sources.imap:ImapSource",
    "smb": "scanner.sources.smb:SmbSource",
}


def open_source(target: Target, options):
    """The Source for a parsed target, or TargetError if this build cannot scan that kind."""
    reference = SOURCES.get(target.kind)
    if reference is None:
        raise TargetError(f"{target.display}: unknown kind of target '{target.kind}'")
    module_name, _, factory = reference.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            raise TargetError(
                f"{target.display}: scanning {target.kind} targets is not supported by this version of Leidur yet"
            ) from None
        raise refusal(target.display, exc) from None
    try:
        return getattr(module, factory).from_target(target, options)
    except TargetError:
        raise
    except ValueError as exc:  # a malformed target (a port that is not a number...): a usage error
        raise TargetError(f"{target.display}: {_without_secrets(str(exc), target)}") from None


def _without_secrets(message: str, target: Target) -> str:
    """A library's message about a target, with the target shown as displayed and no password."""
    from urllib.parse import urlsplit

    message = message.replace(target.spec, target.display)
    try:
        password = urlsplit(target.spec).password
    except ValueError:
        password = None
    return message.replace(password, "***") if password else message
