"""The evaluation report (评估报告) and the evaluation workbook: render only, no store.

:mod:`~planwatch.reports.context` is what a report shows (built by :mod:`planwatch.api.reports`),
:mod:`~planwatch.reports.build` turns assessments into rows and counts,
:mod:`~planwatch.reports.docx` writes the Word document in the official format,
:mod:`~planwatch.reports.html` the HTML (and PDF through LibreOffice,
:mod:`~planwatch.reports.office`), :mod:`~planwatch.reports.excel_export` the evaluation workbook.
"""
