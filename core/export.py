"""Spreadsheet exports that no spreadsheet program can read as formulas.

The admin's exports write people's own words into cells: registrants' names, form answers,
search queries, page titles (in Wagtail's reports). A cell such as ``=HYPERLINK(...)`` runs as a
formula when staff open the file, and Wagtail does not treat this as its concern (SECURITY.md
trap 8). Following OWASP's CSV injection guidance, a cell that starts with = + - @, tab or
carriage return is prefixed with a single quote, and every CSV cell is quoted, so a spreadsheet
that splits on ``;`` cannot start a new cell inside one.
"""

import csv

from wagtail.admin.views import mixins

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def make_every_export_formula_safe():
    """Patch Wagtail's SpreadsheetExportMixin, once, at start-up (core/apps.py).

    Every export the admin offers is built on that mixin: our views, but also Wagtail's reports
    (locked and aging pages, workflows, site history, search terms), redirects, page listings and
    form submissions, whose views Wagtail registers itself and offers no hook or setting to replace.
    Patching the one class they share covers all of them, and any added later; tests/core/test_exports.py
    downloads every export the admin's URLs offer to prove it.
    """
    export = mixins.SpreadsheetExportMixin
    if getattr(export, "formula_safe", False):
        return
    preprocess_field_value, get_heading = export.preprocess_field_value, export.get_heading

    # Both formats write their cells through preprocess_field_value and their headings through get_heading.
    def safe_field_value(self, field, value, export_format):
        return neutralise_formula(preprocess_field_value(self, field, value, export_format))

    def safe_heading(self, queryset, field):
        return neutralise_formula(get_heading(self, queryset, field))

    def quoted_csv(self, queryset):
        # Wagtail's stream_csv with every cell quoted; its writer takes no options.
        writer = csv.DictWriter(mixins.Echo(), fieldnames=self.list_export, quoting=csv.QUOTE_ALL)
        yield writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    export.preprocess_field_value = safe_field_value
    export.get_heading = safe_heading
    export.stream_csv = quoted_csv
    export.formula_safe = True
