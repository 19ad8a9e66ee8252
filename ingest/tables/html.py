"""HTML tables embedded in text cells (`<table> <caption> <thead> <tbody> <tr> <td>`)."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

_TABLE = re.compile(r"<table\b[^>]*>(.*?)(?:</table>|$)", re.I | re.S)
_CAPTION = re.compile(r"<caption>(.*?)</caption>", re.I | re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?:</tr>|(?=<tr\b)|$)", re.I | re.S)
_CELL = re.compile(r"<t([hd])\b[^>]*>(.*?)(?:</t[hd]>|(?=<t[hd]\b)|$)", re.I | re.S)


@dataclass(frozen=True)
class HtmlTable:
    caption: str | None
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _text(s: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^<>]*>", " ", s))).strip()


def html_tables(text: str) -> list[HtmlTable]:
    """Every <table> in `text`, with its caption, header cells (<th>) and body rows (<td>)."""
    out = []
    for m in _TABLE.finditer(text):
        body = m.group(1)
        cap = _CAPTION.search(body)
        header: tuple[str, ...] = ()
        rows: list[tuple[str, ...]] = []
        for r in _ROW.finditer(body):
            cells = _CELL.findall(r.group(1))
            if not cells:
                continue
            values = tuple(_text(c) for _, c in cells)
            if all(kind.lower() == "h" for kind, _ in cells) and not header:
                header = values
            else:
                rows.append(values)
        out.append(HtmlTable(_text(cap.group(1)) if cap else None, header, tuple(rows)))
    return out
