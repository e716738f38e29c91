"""Writing a fixed file: all at once, and never over a file that changed since it was read."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

_HASH_CHUNK = 1 << 20


class FileChangedError(Exception):
    """The file changed on disk after it was read: nothing was written."""




@dataclass(frozen=True)
class FileStamp:
    """What a file was when it was read: its size, modification time and content hash."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path, data: bytes) -> FileStamp:
        """Stamp ``path`` (following symlinks), just read as ``data``.

        Take it right after reading: if the file changed in between, the size or
        hash will not match the file any more and :func:`write_atomic` refuses.
        """
        info = os.stat(path)
        return cls(size=info.st_size, mtime_ns=info.st_mtime_ns, sha256=hashlib.sha256(data).hexdigest())


def _changed(path: Path) -> FileChangedError:
    return FileChangedError(
        f"{path}: the file changed on disk while it was being fixed; nothing was written; run again"
    )


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes, expected: FileStamp) -> None:
    """Replace the content of ``path`` with ``data``, all at once, if the file is still as read.

    Before writing, the file is stat-ed and hashed again: if its size,
    modification time or content differ from ``expected``, raise
    :class:`FileChangedError` and write nothing. The data goes to a temporary
    file next to the target, is flushed and fsync-ed, gets the target's
    permission bits (and, best effort, its owner and group), then replaces the
    target with ``os.replace``; the directory is fsync-ed (best effort). A
    reader, a crash or a kill at any moment sees either the old or the new
    content, never a mix. On any failure the temporary file is removed and the
    error re-raised; a kill can leave a ``.NAME.*.tmp`` file behind, never a
    damaged target. A symlink is followed: its target is rewritten and the link
    kept. If ``data`` is what the file already holds, nothing is written.

    The size, modification time and inode are checked once more right before
    the replacement. Not covered: a change in the microseconds between that
    check and the replacement, or one that keeps size and modification time
    while the temporary file is written; hard links (the path gets a new
    inode, other names keep the old content); extended attributes and ACLs.
    """
    try:
        target = path.resolve(strict=True)
        info = os.stat(target)
        if (info.st_size, info.st_mtime_ns) != (expected.size, expected.mtime_ns) or _hash_file(
            target
        ) != expected.sha256:
            raise _changed(path)
    except FileNotFoundError:
        raise _changed(path) from None
    if hashlib.sha256(data).hexdigest() == expected.sha256:
        return
    if not _mode_allows_writing(info):
        # Replacing goes through the folder's permissions: a file its owner made read-only would be
        # rewritten all the same, so its mode is honoured here.
        raise PermissionError(errno.EACCES, "the file is read-only (its mode allows no writing); not fixed")
    directory = target.parent
    fd, temporary = tempfile.mkstemp(dir=directory, prefix="." + target.name + ".", suffix=".tmp")
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
            if hasattr(os, "fchown") and (info.st_uid, info.st_gid) != _owner(fd):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(fd, info.st_uid, info.st_gid)
        finally:
            os.close(fd)
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        # Writing and syncing took a while: look again (cheaply) right before the switch.
        try:
            now = os.stat(target)
        except FileNotFoundError:
            raise _changed(path) from None
        if (now.st_size, now.st_mtime_ns, now.st_ino) != (info.st_size, info.st_mtime_ns, info.st_ino):
            raise _changed(path)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_directory(directory)


def _mode_allows_writing(info: os.stat_result) -> bool:
    if not hasattr(os, "geteuid"):  # pragma: no cover - Windows: the read-only attribute
        return bool(info.st_mode & stat.S_IWRITE)
    user = os.geteuid()
    if user == info.st_uid:
        return bool(info.st_mode & stat.S_IWUSR)
    if user == 0:
        return bool(info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    if info.st_gid in os.getgroups() or info.st_gid == os.getegid():
        return bool(info.st_mode & stat.S_IWGRP)
    return bool(info.st_mode & stat.S_IWOTH)


def _owner(fd: int) -> tuple[int, int]:
    info = os.fstat(fd)
    return info.st_uid, info.st_gid


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable (POSIX); best effort, and a no-op where directories cannot be opened."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
