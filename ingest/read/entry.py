"""One listed entry -> its bytes, or the reason it is not read.

Never blocks and never raises for what is on disk: the kind of entry is checked with
lstat/stat before opening, the open is non-blocking and re-checked with fstat (an entry
swapped for a FIFO after the check still cannot hang the build), a symlink is followed only
to a file inside the documents folder, and one document's cost is bounded by size before it
is read (WAREHOUSE_MAX_FILE_BYTES, default 20 MB).
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_LINE_CHARS = 100_000
_CHUNK = 1 << 20


def max_file_bytes() -> int:
    return _env_int("WAREHOUSE_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES)


def max_line_chars() -> int:
    return _env_int("WAREHOUSE_MAX_LINE_CHARS", DEFAULT_MAX_LINE_CHARS)


def _env_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class Entry:
    """What reading one entry gave: bytes, or a reason (with the content hash when the
    file was regular but over the bound, so its id is still its content)."""

    raw: bytes | None
    problem: str | None = None
    sha256: str | None = None
    size_bytes: int = 0


def read_entry(path: Path, folder: Path | None = None) -> Entry:
    folder = (folder or path.parent).resolve()
    try:
        lst = os.lstat(path)
    except FileNotFoundError:
        return Entry(None, "file vanished between listing and reading")
    except OSError as e:
        return Entry(None, f"cannot be inspected ({_os_reason(e)})")
    if stat.S_ISLNK(lst.st_mode):
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(folder):
            return Entry(None, f"symlink to {target}, outside the documents folder: not followed")
        if not target.exists():
            return Entry(None, f"dangling symlink (to {os.readlink(path)})")
    try:
        st = os.stat(path)
    except OSError as e:
        return Entry(None, f"cannot be inspected ({_os_reason(e)})")
    kind = _kind(st.st_mode)
    if kind:
        return Entry(None, f"not a regular file ({kind})")
    limit = max_file_bytes()
    if st.st_size > limit:
        sha = _hash_file(path)
        return Entry(None, f"file of {st.st_size} bytes is over the bound of {limit} bytes (WAREHOUSE_MAX_FILE_BYTES)",
                     sha256=sha, size_bytes=st.st_size)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        return Entry(None, f"cannot be opened ({_os_reason(e)})")
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind:
            return Entry(None, f"not a regular file ({kind})")
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(limit + 1)
    except OSError as e:
        return Entry(None, f"cannot be read ({_os_reason(e)})")
    finally:
        os.close(fd)
    if len(raw) > limit:  # it grew after the check
        return Entry(None, f"file grew over the bound of {limit} bytes while being read (WAREHOUSE_MAX_FILE_BYTES)",
                     size_bytes=len(raw))
    return Entry(raw, size_bytes=len(raw))


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "unknown kind"


def _hash_file(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(_CHUNK):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _os_reason(e: OSError) -> str:
    return f"{type(e).__name__}: {e.strerror or e}"
