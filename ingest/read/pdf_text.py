"""PDF bytes -> layout text, one page after another.

pdfplumber's layout mode keeps columns where they are printed (a table's amounts stay in
their columns, as `pdftotext -layout` gives them), which the layout segmenter and the table
readers expect. Pages are joined as pdftotext joins them: a form feed opens each page after
the first, on the page's first line, so line numbers do not depend on where pages break and
the first page ends where the registry looks for it. Trailing spaces are dropped (layout mode
pads every line to the page width).
"""
from __future__ import annotations

import io

PDF_MAGIC = b"%PDF-"


class PdfUnreadable(ValueError):
    """The PDF cannot be opened or holds no text; the message is the reason."""


def is_pdf(raw: bytes) -> bool:
    return raw[:1024].lstrip().startswith(PDF_MAGIC)


def pdf_to_text(raw: bytes) -> str:
    import pdfplumber  # imported late: most inputs are text

    pages: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            for page in pdf.pages:
                text = page.extract_text(layout=True) or ""
                lines = [ln.rstrip() for ln in text.split("\n")]
                while lines and not lines[-1]:
                    lines.pop()
                pages.append("\n".join(lines))
                page.close()  # pdfplumber caches each page's objects until closed
    except Exception as e:  # pdfminer raises many kinds on a broken file
        raise PdfUnreadable(f"PDF cannot be read ({type(e).__name__}: {str(e)[:120]})") from None
    if not any(p.strip() for p in pages):
        raise PdfUnreadable(f"PDF holds no text layer ({len(pages)} pages; scanned images are not read)")
    return "\n\f".join(pages) + "\n"
