"""The 报送 workbook: the Excel template a department or county fills, and its reader.

- :mod:`~planwatch.workbook.template` writes the template (sheet 填报表, the hidden key sheet
  ``_keys`` with what the server issued, drop-down lists for units and data status);
- :mod:`~planwatch.workbook.read` reads a filled one into values with Chinese messages naming
  sheet, row and cell. Both share the layout constants in ``template``.

An *input* (a submission), so it lives apart from :mod:`planwatch.reports`, which only renders.
"""
