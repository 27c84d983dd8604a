"""Spreadsheet exports that no spreadsheet program can read as formulas.

Wagtail's exports write people's own words (registrants, form submissions) into
cells, and a name such as ``=HYPERLINK(...)`` runs as a formula when staff open the
file (Wagtail does not treat this as its concern). Following OWASP's CSV injection guidance, a cell that
starts with = + - @, tab or carriage return is prefixed with a single quote.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """Put before a view built on Wagtail's SpreadsheetExportMixin: both CSV and XLSX
    cells go through preprocess_field_value, so escaping there covers both formats."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise_formula(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return neutralise_formula(super().get_heading(queryset, field))
