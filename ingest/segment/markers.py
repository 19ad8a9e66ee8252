"""Start markers of sections: generic Swedish document vocabulary and layout shapes (KALLELSE,
`Body §§ N-M`, Tid:, Förslag till beslut, report titles, calendar grids). No document facts."""
from __future__ import annotations

import re

from ingest.text.page_furniture import PAGE_OF
from ingest.text.periods import MONTHS
from ingest.text.perspectives import first_word_pattern, perspective_names

KALLELSE = re.compile(r"^KALLELSE\b(?:\s*(\d+)\s*\((\d+)\))?")
TID = re.compile(r"^Tid:?\s*\d{4}-\d{2}-\d{2}")
AGENDA_HEAD = re.compile(r"^(Ärenden|Föredragningslista|Dagordning)\s*$", re.I)
PROTOKOLL = re.compile(r"^PROTOKOLL\s*$")
PARAS = re.compile(r"^(?P<body>.*?)\s*§§\s*(?P<range>\d+\s*[-–]\s*\d+|Paragrafer)\s*$")
PARA = re.compile(r"^§\s*\d+\s*$")
DECISION_PAGES = re.compile(r"^Beslutets antal sidor\s*$")
# other templates: a protocol titled without a `§§ N-M` + Tid: header, a call titled in
# title case or at the end of a page header, agenda headings in any case
PROTOCOL_TITLE = re.compile(r"^(?:PROTOKOLL|Protokoll|Sammanträdesprotokoll|SAMMANTRÄDESPROTOKOLL)\s*$"
                             r"|^\S.*\s{2}(?:PROTOKOLL|SAMMANTRÄDESPROTOKOLL)$")
CALL_TITLE = re.compile(r"^(?:Kallelse\b(?!\s+\d)|\S.*\s{2}KALLELSE$)")
DATE_WORDS = r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}\s+(?:" + "|".join(MONTHS) + r")\s+\d{4})"
HEADER_DATE = re.compile(r"^(?:Tid|Datum|Datum och tid|Dag och tid|Sammanträdesdatum|Sammanträdesdag)\b[^\n]*?" + DATE_WORDS, re.I)
HEADER_DATE_LABEL = re.compile(r"^(?:Tid|Datum|Datum och tid|Dag och tid|Sammanträdesdatum|Sammanträdesdag)\s*:?\s*$", re.I)
AGENDA_HEAD_ANY = re.compile(r"^(?:Ärenden|Föredragningslista|Dagordning)\s*:?\s*$", re.I)
ATTENDEE_LABEL = re.compile(r"^(?:Kallade|Ledamöter|Ordinarie ledamöter|Beslutande(?: ledamöter)?|Närvarande|"
                             r"Närvarolista)(?:\s*:|\s{2,}|\s*$)", re.I)
ATTENDEES = re.compile(r"^(Kallade\b|Ordinarie ledamöter:)")
SAMMANST = re.compile(r"^Sammanställning av (?:anmälda )?\S+(?: till)?\s+(?P<org>.+?)[,\s]+\d{4}-\d{2}-\d{2}\s*$")
SAMMANST_START = re.compile(r"^Sammanställning av \S")
# The header row of a register listing (generic column vocabulary), or a listing row.
REGISTER_HEADER = re.compile(
    r"^(?:Ärendetyp|Ärenderubrik|Ärende|Diarienummer|Dnr|Beslutsdatum|Datum|Handling|Handlingstyp|"
    r"Beslutsdelegat|Avsändare|Rubrik)(?:\t|\s{2,}|$)", re.I)
LIST_ROW = re.compile(r"^(?:[•\-–]\s|\S[^\t]*\t\S|\d{4}-\d{2}-\d{2}\s|[A-ZÅÄÖ]{2,5}\s\d{4}/\d+)")
UTSKRIFT = re.compile(r"^Utskriftsdatum:")
REGISTER_TITLE = re.compile(r"^(Dokument|Delegeringsbeslut|Delegationsbeslut|" + PAGE_OF + r")\s*$")
LETTER_HEAD = re.compile(r"^(TJÄNSTESKRIVELSE|MISSIV)\b(?:\s*(\d+)\s*\((\d+)\))?")
PROPOSAL = re.compile(r"^Förslag till beslut\s*$")
SENT_TO = re.compile(r"^Beslut(?:et)? skickas till\s*$")
MONTHLY = re.compile(r"^Månadsrapport\b\s*[-–]?\s*(?P<period>[a-zåäö]+\.? \d{4})?\s*,?\s*(?P<org>.*)$", re.I)
INTERIM_TITLE = re.compile(r"^Delårsrapport(?: \d)?(?: [A-ZÅÄÖ]{2,6})?$")
ANNUAL_TITLE = re.compile(r"^(Verksamhetsberättelse|Årsredovisning)(?: \d{4})?$")
TERTIAL = re.compile(r"^Tertial ([1-3]) (\d{4})$")
PLAN_TITLE = re.compile(r"^Verksamhetsplan(?: och|,)? budget (\d{4})$", re.I)
GOAL_TITLE = re.compile(r"(?:Sammanställning|Uppföljning)(?: av)? måluppfyllelse(?: per (?P<period>[a-zåäö]+ \d{4}))?", re.I)
INLEDNING = re.compile(r"^Inledning$")
CAPS_LINE = re.compile(r"^[A-ZÅÄÖÉÜ][A-ZÅÄÖÉÜ &,.-]{3,}$")
NAME_LINE = re.compile(r"^[^\d\t]{1,60}$")
MONTH_HEADER = re.compile(r"^(?:(?:" + "|".join(MONTHS) + r")\b[\s\t]*){3,}$", re.I)
GRID_ROW = re.compile(r"^(M|Ti|O|To|F|L|S)([1-9]|[12]\d|3[01])\b")
BODY_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

LOOSE_DATE = re.compile(DATE_WORDS + r"[^\n]{0,40}?\b(?:kl\.?|klockan)\s*\d{1,2}[.:]\d{2}", re.I)
PARA_ANY = re.compile(r"^(?:§\s*\d{1,4}|Paragraf\s+\d{1,4})(?:\s|$)")
DATE_CASE = re.compile(r"^\d{4}-\d{2}-\d{2}\s+\S.*\d{4}/\d+")
WEEKDAY = {"M": 0, "Ti": 1, "O": 2, "To": 3, "F": 4, "L": 5, "S": 6}
# The perspectives of a balanced scorecard (seeds/activities_perspectives.csv), alone on a
# line: a chapter heading of a report.
PERSPECTIVE_NAMES = perspective_names("chapter_heading")
PERSPECTIVE = re.compile(r"^(?:Perspektiv:?\s+)?(" + "|".join(map(re.escape, PERSPECTIVE_NAMES)) + r")$", re.I)
# What the first word of a PERSPECTIVE line is
PERSPECTIVE_FIRST_WORD = first_word_pattern(PERSPECTIVE_NAMES, "Perspektiv", "Perspektiv:")
