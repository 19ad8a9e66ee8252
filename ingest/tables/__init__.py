"""Cells from text: tab-separated, HTML-in-cell and space-aligned tables."""
