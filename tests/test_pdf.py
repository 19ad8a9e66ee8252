"""PDF input: a .pdf in the documents folder becomes layout text (columns kept, pages joined
by a form feed on the first line of each later page) and goes through the same pipeline.
The PDFs are generated here with reportlab from invented excerpts."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest.process import process_document
from ingest.read.pdf_text import pdf_to_text
from ingest.registry import read_document

TABLE = [  # line item, outcome, budget, deviation (mnkr)
    ("Verksamhetens intäkter", "2 345", "2 300", "45"),
    ("Verksamhetens kostnader", "-9 870", "-9 800", "-70"),
    ("Verksamhetens nettokostnad", "-7 525", "-7 500", "-25"),
]


def report_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(50, 800, "Delårsrapport januari–april 2032")
    c.setFont("Helvetica", 10)
    c.drawString(480, 800, "Sida 1 av 2")
    c.drawString(50, 780, "Region Pappersby")
    c.drawString(50, 740, "Resultaträkning, mnkr")
    for i, head in enumerate(("Utfall 2032", "Budget 2032", "Avvikelse")):
        c.drawRightString(330 + i * 90, 720, head)
    for j, (label, *amounts) in enumerate(TABLE):
        c.drawString(50, 700 - j * 16, label)
        for i, amount in enumerate(amounts):
            c.drawRightString(330 + i * 90, 700 - j * 16, amount)
    c.showPage()
    c.setFont("Helvetica", 10)
    c.drawString(50, 800, "Sammanfattning")
    c.drawString(50, 780, "Resultatet är 25 mnkr sämre än budget för perioden.")
    c.showPage()
    c.save()
    return buf.getvalue()


def blank_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.rect(100, 100, 200, 200)  # a drawing, no text: a scan without OCR looks like this
    c.showPage()
    c.save()
    return buf.getvalue()


def test_pdf_text_keeps_columns_and_pages():
    text = pdf_to_text(report_pdf())
    lines = text.split("\n")
    row = next(ln for ln in lines if "Verksamhetens kostnader" in ln)
    assert row.split("Verksamhetens kostnader")[1].split() == ["-9", "870", "-9", "800", "-70"]
    # the columns line up under their heads, as printed
    head = next(ln for ln in lines if "Avvikelse" in ln)
    assert abs(head.index("Avvikelse") + len("Avvikelse") - (row.index("-70") + 3)) <= 4  # a character grid, not points
    page2 = next(i for i, ln in enumerate(lines) if ln.startswith("\f"))
    assert "Sammanfattning" in "\n".join(lines[page2:]) and "Sammanfattning" not in "\n".join(lines[:page2])


def test_a_pdf_goes_through_the_same_pipeline(tmp_path):
    p = tmp_path / "rapport.pdf"
    p.write_bytes(report_pdf())
    r = process_document(p, tmp_path / "store")
    assert (r.load_status, r.outcome.encoding) == ("loaded", "pdf")
    doc = r.outcome.document
    assert (doc.genre, doc.title, doc.document_date, doc.region) == (
        "report", "Delårsrapport januari–april 2032", date(2032, 4, 30), "Region Pappersby")
    amounts = r.frames["financial_amount"].filter(source_kind="table")  # the table's cells, not the prose figure
    got = {(a["line_item"], a["column_label"]): a["amount"] for a in amounts.to_dicts()}
    assert got[("Verksamhetens kostnader", "Utfall 2032")] == -9870
    assert got[("Verksamhetens intäkter", "Budget 2032")] == 2300
    assert got[("Verksamhetens nettokostnad", "Avvikelse")] == -25
    assert len(got) == 9 and set(amounts["unit"]) == {"mnkr"}
    # every amount points at the printed line that holds it (kept for dim_source_line)
    text_at = dict(zip(r.lines["source_line"], r.lines["text"]))
    for a in amounts.to_dicts():
        assert a["line_item"] in text_at[a["source_line"]] and a["amount_text"] in text_at[a["source_line"]]


def test_a_pdf_without_text_or_broken_is_failed_with_reason(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(blank_pdf())
    out = read_document(tmp_path / "scan.pdf")
    assert out.load_status == "failed" and "no text layer" in out.load_error and out.encoding == "pdf"
    (tmp_path / "cut.pdf").write_bytes(report_pdf()[:300])
    out = read_document(tmp_path / "cut.pdf")
    assert out.load_status == "failed" and out.load_error.startswith("PDF cannot be read")


def test_a_pdf_is_recognised_by_its_bytes_not_its_name(tmp_path):
    (tmp_path / "rapport.txt").write_bytes(report_pdf())
    out = read_document(tmp_path / "rapport.txt")
    assert (out.load_status, out.encoding, out.document.genre) == ("loaded", "pdf", "report")
