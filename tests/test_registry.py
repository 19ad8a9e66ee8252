"""Registry: region, title, date and genre of the bundled documents, and bad input."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.registry import (
    detect_date,
    detect_genre,
    detect_region,
    detect_title,
    read_document,
    split_lines,
)

DOCS = Path(__file__).resolve().parent.parent / "data" / "documents"
FILES = {p.name[:3]: p for p in sorted(DOCS.glob("*.txt"))}

EXPECTED = {  # as the documents print them (their inventories)
    "000": ("Region Jönköpings län", "meeting_pack", date(2021, 10, 13),
            "Kallelse Nämnd för arbetsmarknad, näringsliv och attraktivitet 2021-10-13", 4670),
    "001": ("Region Jönköpings län", "protocol_excerpts", date(2021, 3, 2),
            "Protokollsutdrag Regionstyrelsens arbetsutskott §§ 18-41", 8183),
    "002": ("Region Jämtland Härjedalen", "goal_follow_up", date(2020, 4, 30),
            "Bilaga 1, Sammanställning måluppfyllelse per april 2020", 2257),
    "003": ("Region Jämtland Härjedalen", "plan_and_budget", None, "Verksamhetsplan och budget 2021", 421),
    "004": ("Region Jönköpings län", "meeting_pack", date(2022, 10, 12),
            "Kallelse Nämnd för arbetsmarknad, näringsliv och attraktivitet 2022-10-12", 22654),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_bundled_documents(key):
    out = read_document(FILES[key])
    assert out.load_status == "loaded" and out.load_error is None
    doc = out.document
    region, genre, when, title, n_lines = EXPECTED[key]
    assert (doc.region, doc.genre, doc.document_date, doc.title) == (region, genre, when, title)
    assert doc.line_count == n_lines
    assert doc.document_id == "doc_" + doc.sha256[:16] and doc.size_bytes == FILES[key].stat().st_size


def write(tmp_path: Path, data: bytes, name: str = "f.txt") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_empty_and_whitespace_files(tmp_path):
    out = read_document(write(tmp_path, b""))
    assert (out.load_status, out.load_error, out.document) == ("failed", "empty file", None)
    assert out.size_bytes == 0 and len(out.sha256) == 64
    out = read_document(write(tmp_path, b" \n\t\n", "ws.txt"))
    assert out.load_status == "failed" and "whitespace" in out.load_error


def test_binary_with_nul(tmp_path):
    out = read_document(write(tmp_path, b"KALLELSE\n\x00\x01\x02binary"))
    assert out.load_status == "failed" and out.load_error.startswith("binary content (NUL byte at offset 9")


def test_control_characters_without_nul(tmp_path):
    out = read_document(write(tmp_path, ("KALLELSE\n" + "\x01\x02\x03" * 50).encode()))
    assert out.load_status == "failed" and "control characters" in out.load_error


def test_latin1_is_decoded_and_its_encoding_recorded(tmp_path):
    out = read_document(write(tmp_path, "KALLELSE\nNämnd för miljö\n".encode("latin-1")))
    assert (out.load_status, out.encoding) == ("loaded", "cp1252")  # same bytes for Swedish letters
    assert out.document.lines[1] == "Nämnd för miljö" and out.document.genre == "meeting_pack"


def test_undecodable_utf16_is_failed_with_reason(tmp_path):
    out = read_document(write(tmp_path, b"\xff\xfeK\x00A"))
    assert out.load_status == "failed" and out.load_error.startswith("not valid utf-16")


def test_unknown_genre_is_loaded_as_unknown(tmp_path):
    out = read_document(write(tmp_path, "Inköpslista\n\nMjölk\nBröd\n".encode()))
    assert (out.load_status, out.load_error) == ("loaded", None)
    assert out.document.genre == "unknown" and out.document.title == "Inköpslista"
    assert out.source_file == "f.txt"


def test_bom_and_crlf(tmp_path):
    text = "\ufeffKALLELSE\r\n\r\nMiljönämnden\r\n\r\nTid: 2030-05-06 kl. 13:00\r\n\r\nÄrenden\r\n1 Val av justerare\r\n"
    doc = read_document(write(tmp_path, text.encode())).document
    assert doc.genre == "meeting_pack" and doc.document_date == date(2030, 5, 6)
    assert doc.title == "Kallelse Miljönämnden 2030-05-06"
    assert doc.lines[2] == "Miljönämnden" and doc.line_count == 8


def test_lines_split_on_newline_only():
    # a form feed (PDF page break) or U+2028 must not shift later line numbers
    assert split_lines("a\fb\nc\u2028d\ne") == ("a\fb", "c\u2028d", "e")
    assert split_lines("a\n b \n") == ("a", " b ")
    assert split_lines("a\n ") == ("a", " ")  # a last line without newline is a line
    assert split_lines("") == ()


def test_detect_genre_variants():
    assert detect_genre(("", "PROTOKOLL", "", "Miljönämnden §§ 1-9", "Tid: 2030-01-02")) == "protocol_excerpts"
    assert detect_genre(("Kulturnämnden", "Tid: 2030-01-02 kl 10", "", "Föredragningslista")) == "meeting_pack"
    assert detect_genre(("Uppföljning av måluppfyllelse per augusti 2030",)) == "goal_follow_up"
    assert detect_genre(("Verksamhetsplan och budget 2031", "Kulturnämnden")) == "plan_and_budget"
    assert detect_genre(("Årsredovisning 2030",)) == "report"
    assert detect_genre(("Hej!", "Välkommen på fest")) is None
    assert detect_genre(()) is None


def test_detect_region_folds_genitive_and_wrapped_names():
    text = ("Region Västernorrland bjuder in. Region Västernorrlands styrelse.\n"
            "Region Kalmar län och Region Kalmar läns nämnd och Region Kalmar\nlän igen. Region Kalmar")
    assert detect_region(text) == "Region Kalmar län"
    assert detect_region("Region Jämtland Härjedalens mål. Region Jämtland Härjedalen") == "Region Jämtland Härjedalen"
    assert detect_region("Ingen region här.") is None


def test_detect_title_and_date_for_a_wrapped_protocol_body():
    lines = ("PROTOKOLL", "", "Presidium - Nämnd för kultur och", "fritid §§ 10-20", "Tid: 2030-02-03 kl. 09:00")
    assert detect_title(lines, "protocol_excerpts") == "Protokollsutdrag Presidium - Nämnd för kultur och fritid §§ 10-20"
    assert detect_date(lines, "protocol_excerpts") == date(2030, 2, 3)


def test_detect_date_per_month_and_impossible_date():
    assert detect_date(("Sammanställning måluppfyllelse per augusti 2031",), "goal_follow_up") == date(2031, 8, 31)
    assert detect_date(("Nämnden", "Tid: 2030-02-30 kl 10"), "meeting_pack") is None
    assert detect_date(("Verksamhetsplan och budget 2031",), "plan_and_budget") is None
