"""A corpus of plan indicator tables in the layouts and formats plans are published in (issue 13).

Each table is a real printed table (see ``tables.py``: where it was printed and the gold rows typed
from it once). :mod:`bench.corpus.layouts` prints it again in many layouts and formats (Word with
merged cells and sub-rows, web pages in UTF-8 and GBK, ruled and unruled PDF, the text export of a
PDF, old .doc, a scan of the printed page) and :func:`score` compares what the parser read with
the gold rows: rows found and fields right, per layout.
"""
