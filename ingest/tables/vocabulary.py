"""The table vocabulary from the seeds, loaded once: which words head a column
(seeds/tables_header_words.csv plus the economics column words)."""
from __future__ import annotations

from functools import lru_cache

from ingest.tables.columns import HeaderWords
from ingest.text.seeds import seed_rows





@lru_cache(maxsize=1)
def header_roles() -> dict[str, str]:
    """Printed header word (lower case) -> role."""
    return {r["header_word"].lower(): r["role"] for r in seed_rows("tables_header_words")}


@lru_cache(maxsize=1)
def header_words() -> HeaderWords:
    roles = header_roles()
    econ = [r["label_word"].lower() for r in seed_rows("economics_column_labels")]
    return HeaderWords(tuple(roles) + tuple(econ),
                       note_words=tuple(w for w, r in roles.items() if r == "note"),
                       period_words=tuple(w for w, r in roles.items() if r == "period"),
                       prefixes=tuple(w for w in econ if len(w) >= 6 and not w.endswith("-")))


def role_of(label: str) -> str | None:
    """Role of a column label by its first word(s): 'Målvärde 2024' -> 'target'."""
    s = " ".join(label.lower().split())
    for w in sorted(header_roles(), key=len, reverse=True):
        if s.startswith(w):
            return header_roles()[w]
    return None
