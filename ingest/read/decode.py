"""Bytes of a text file -> text, and the name of the encoding that decoded it.

Order: a byte-order mark decides (UTF-8, UTF-16, UTF-32); else strict UTF-8; else the
single-byte encodings Swedish text is found in (cp1252 before latin-1, as Windows writes
it), chosen by charset-normalizer. Line endings become LF: CRLF and lone-CR (old Mac) files
then have the same lines, numbered the same, as the LF original. In a file that has LF line
ends, a stray CR inside a line is kept (as `sed -n` numbers it).
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

# Tried in this order when the bytes are not UTF-8; all decode åäö alike.
SINGLE_BYTE = ("cp1252", "latin_1", "iso8859_15")
_NAMES = {"cp1252": "cp1252", "latin_1": "latin-1", "iso8859_15": "iso-8859-15"}

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


class Undecodable(ValueError):
    """The bytes are not text in any encoding we read; the message is the reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # 'utf-8', 'utf-8-sig', 'utf-16', 'utf-32', 'cp1252', 'latin-1', ...


def decode(raw: bytes) -> Decoded:
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(normalise_newlines(raw.decode(codec).removeprefix("\ufeff")), codec)
            except UnicodeDecodeError as e:
                raise Undecodable(f"not valid {codec} after its byte-order mark (offset {e.start})") from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise Undecodable(f"binary content (NUL byte at offset {nul})")
    try:
        return Decoded(normalise_newlines(raw.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as e:
        utf8_error = f"byte 0x{raw[e.start]:02x} at offset {e.start}"
    from charset_normalizer import from_bytes  # imported late: most files are UTF-8

    best = from_bytes(raw, cp_isolation=list(SINGLE_BYTE)).best()
    if best is None:
        raise Undecodable(f"not valid UTF-8 ({utf8_error}) nor cp1252/latin-1 text")
    return Decoded(normalise_newlines(str(best)), _NAMES.get(best.encoding, best.encoding))


def normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    if "\n" not in text:
        return text.replace("\r", "\n")  # CR-only line ends
    return text.replace("\r\n", "\n")
