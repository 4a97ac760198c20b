"""Sources: where things live. A target string names one; each kind is one module here."""
from __future__ import annotations

import importlib

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
        raise TargetError(f"{target.display}: a library this source needs is missing ({exc.name}); "
                          "install Leidur with its extras: pip install 'leidur[all]'") from None
    return getattr(module, factory).from_target(target, options)
