"""The documents folder -> the entries to register, in name order.

Every entry is listed, whatever it is (a FIFO, a directory named `x.txt`, a symlink, a file
that cannot be read): the registry turns each into a row with its reason rather than the
listing dropping it silently. Only hidden entries (`.name`) and READMEs are not documents.
Nothing here opens a file, so a FIFO cannot block the listing.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path


class FolderMissing(RuntimeError):
    pass


def list_documents(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise FolderMissing(f"documents folder {folder} does not exist")
    return sorted(p for p in folder.iterdir()
                  if not p.name.startswith(".") and not p.name.upper().startswith("README"))


def listed_size(path: Path) -> int:
    """Bytes of a listed regular file; 0 for anything else or an entry gone since listing
    (used only to decide whether parallel workers pay off)."""
    try:
        st = os.stat(path)
    except OSError:
        return 0
    return st.st_size if stat.S_ISREG(st.st_mode) else 0
