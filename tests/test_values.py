"""The shared Swedish value parsers, on printed forms from the documents and made-up variants."""
from __future__ import annotations

from datetime import date

import pytest

from ingest.values import (
    dominant_case_prefix, find_case_numbers, month_end, normalise_case_number, parse_iso_date,
    parse_number, period_end_date,
)


@pytest.mark.parametrize("text, value", [
    ("1 343", 1343.0), ("13 380", 13380.0), ("16 508,4", 16508.4), ("-9 935,8", -9935.8),
    ("- 41,6", -41.6), ("+ 285,3", 285.3), ("−5", -5.0), ("–2,5", -2.5), ("2000", 2000.0),
    ("0", 0.0), ("1 000 000", 1e6), ("987 654 321,05", 987654321.05),
])
def test_parse_number_reads_swedish_numbers(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["882 1 003", "12 34", "1,2,3", "u.s.", "", "abc", "1 0000", "- -5"])
def test_parse_number_refuses_what_is_not_one_number(text):
    assert parse_number(text) is None


def test_dates_and_periods():
    assert parse_iso_date("2021-10-13") == date(2021, 10, 13)
    assert parse_iso_date("2025-02-30") is None  # impossible dates are not guessed
    assert month_end("april", 2020) == date(2020, 4, 30)
    assert month_end("Feb", 2024) == date(2024, 2, 29)
    assert month_end(13, 2020) is None
    assert period_end_date("T2 2021") == date(2021, 8, 31)
    assert period_end_date("T1 2019") == date(2019, 4, 30)
    assert period_end_date("2021T2") == date(2021, 8, 31)
    assert period_end_date("Aug 2021") == date(2021, 8, 31)
    assert period_end_date("Okt 2020") == date(2020, 10, 31)
    assert period_end_date("2021-08") == date(2021, 8, 31)
    assert period_end_date("2021") == date(2021, 12, 31)
    assert period_end_date("Prognos 2022") == date(2022, 12, 31)
    assert period_end_date("sommaren") is None


def test_case_numbers_are_normalised():
    assert normalise_case_number("Diarienummer: RJL 2020/545") == "RJL 2020/545"
    assert normalise_case_number("se R JL 2021/423 för detaljer") == "RJL 2021/423"
    assert normalise_case_number("RS/1134/2018") == "RS/1134/2018"
    assert normalise_case_number("- 13 Delårsrapport 2 - 2021 2021/136", "RJL") == "RJL 2021/136"
    assert normalise_case_number("- 13 Delårsrapport 2 - 2021 2021/136") == "2021/136"
    assert normalise_case_number("ABC 2019/7") == "ABC 2019/7"
    assert find_case_numbers("RJL 2020/219 och RJL 2020/545") == ["RJL 2020/219", "RJL 2020/545"]
    assert normalise_case_number("inget nummer här 12/5") is None


def test_dominant_case_prefix_is_read_from_the_text():
    assert dominant_case_prefix("XYZ 2020/1, XYZ 2021/2 och ABC 2020/3") == "XYZ"
    assert dominant_case_prefix("inga ärenden") is None
