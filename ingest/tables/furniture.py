"""Page furniture lines of a document: the rule lives in ingest.text.page_furniture; this
name stays for table readers being written on other branches (remove once they import
from there)."""
from ingest.text.page_furniture import furniture_lines  # noqa: F401
