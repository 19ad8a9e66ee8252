"""What analysts open after a build: the report, exports, search, history, docs.

Each module has one job; `hooks` is the only one the build calls (before and after
the swap of the published file).
"""
