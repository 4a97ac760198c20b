"""Local files and mounted shares: a recursive walk that includes hidden files and stays inside the target."""
from __future__ import annotations

import fnmatch
import functools
import os
import stat
from datetime import datetime, timezone
from typing import Callable, Iterator

from scanner.models import Item, ScanError


def open_readonly(path: str):
    """Open for reading without touching the access time where the OS allows it."""
    noatime = getattr(os, "O_NOATIME", 0)
    try:
        fd = os.open(path, os.O_RDONLY | noatime)
    except PermissionError:
        if not noatime:
            raise
        fd = os.open(path, os.O_RDONLY)  # O_NOATIME needs ownership; plain reads are still read-only
    return os.fdopen(fd, "rb", buffering=1 << 16)


def glob_match(relative: str, pattern: str) -> bool:
    """fnmatch where `**/` also matches no folder at all (`**/tmp/**` matches `tmp/a.txt`)."""
    if fnmatch.fnmatch(relative, pattern):
        return True
    if pattern.startswith("**/") and glob_match(relative, pattern[3:]):
        return True
    return "/**/" in pattern and glob_match(relative, pattern.replace("/**/", "/", 1))


def matches(relative: str, include: list[str], exclude: list[str]) -> bool:
    """Glob filters on the path relative to the target; a pattern without `/` also matches the name."""
    relative = relative.replace(os.sep, "/")
    name = relative.rsplit("/", 1)[-1]

    def hit(patterns):
        return any(glob_match(relative, p) or ("/" not in p and fnmatch.fnmatch(name, p)) for p in patterns)

    if exclude and hit(exclude):
        return False
    return not include or hit(include)


def _timestamp(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def _owner(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (KeyError, ImportError):
        return str(uid)


class FileSource:
    source_type = "files"

    def __init__(self, root: str, name: str, include=None, exclude=None, max_file_size: int | None = None):
        self.root = root
        self.name = name
        self.include = list(include or [])
        self.exclude = list(exclude or [])
        self.max_file_size = max_file_size

    @classmethod
    def from_target(cls, target, options) -> "FileSource":
        settings = {**vars(options), **target.options} if options else dict(target.options)
        return cls(
            target.spec,
            target.display,
            include=settings.get("include"),
            exclude=settings.get("exclude"),
            max_file_size=settings.get("max_file_size"),
        )

    def items(self, report_error: Callable[[ScanError], None]) -> Iterator[Item]:
        for part in self.parts(report_error):
            yield from self.part_items(part, report_error)

    def parts(self, report_error: Callable[[ScanError], None]) -> list[str]:
        """The target's own files (`""`), then each top-level folder: separate listings on a cluster.

        Listing errors of the top level are reported by the `""` part, so they show once.
        """
        if not os.path.isdir(self.root):
            return [""]
        _, folders = self._folder(self.root, lambda error: None)
        return ["", *(os.path.relpath(folder, self.root) for folder in folders)]

    def part_items(self, part: str, report_error: Callable[[ScanError], None]) -> Iterator[Item]:
        """`""`: the target itself if it is a file, else the files directly in it; a folder: its whole tree."""
        root = self.root
        if part:
            yield from self._walk(os.path.join(root, part), report_error)
            return
        try:
            info = os.stat(root)
        except OSError as exc:
            report_error(ScanError(root, "list", f"cannot read target: {exc.strerror or exc}"))
            return
        if stat.S_ISREG(info.st_mode):
            yield self._item(root, os.path.basename(root), info)
            return
        files, _ = self._folder(root, report_error)
        yield from files

    def _walk(self, top: str, report_error) -> Iterator[Item]:
        stack = [top]
        while stack:
            files, subfolders = self._folder(stack.pop(), report_error)
            yield from files
            stack.extend(reversed(subfolders))

    def _folder(self, folder: str, report_error) -> tuple[list[Item], list[str]]:
        """The items for the files directly in `folder` and its subfolders, in name order."""
        try:
            with os.scandir(folder) as entries:
                entries = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            report_error(ScanError(folder, "list", f"cannot list folder: {exc.strerror or exc}"))
            return [], []
        real_root = os.path.realpath(self.root)
        files, subfolders = [], []
        for entry in entries:
            path = entry.path
            relative = os.path.relpath(path, self.root)
            try:
                if entry.is_symlink():
                    target = os.path.realpath(path)
                    if os.path.commonpath([target, real_root]) != real_root:
                        report_error(ScanError(path, "list", "symbolic link points outside the target: not followed"))
                        continue
                    if os.path.isdir(target):
                        continue  # the folder is inside the target and is walked there
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(path)
                    continue
                if not entry.is_file():
                    continue  # sockets, fifos, devices
                if not matches(relative, self.include, self.exclude):
                    continue
                info = entry.stat()
            except OSError as exc:
                report_error(ScanError(path, "list", f"cannot stat: {exc.strerror or exc}"))
                continue
            if self.max_file_size and info.st_size > self.max_file_size:
                report_error(ScanError(path, "list", f"larger than --max-file-size ({info.st_size} bytes): not read"))
                continue
            files.append(self._item(path, entry.name, info))
        return files, subfolders

    def _item(self, path: str, name: str, info: os.stat_result) -> Item:
        return Item(
            location=path,
            source=self.name,
            source_type=self.source_type,
            size=info.st_size,
            modified=_timestamp(info.st_mtime),
            owner=_owner(info.st_uid),
            opener=functools.partial(open_readonly, path),
            name_hint=name,
            version=f"{info.st_size}:{info.st_mtime_ns}",
        )
