"""The error summary's list (components/error_summary.html)."""

from django import template

register = template.Library()


@register.filter
def error_links(form):
    """(id of the input to link to, message) for each error in the form's order; None for the form's own.

    A group of options (radio buttons, checkboxes) has no single id: its link goes to the first option.
    """
    found = [(None, error) for error in form.non_field_errors()]
    for field in form:
        anchor = field.id_for_label or f"{field.auto_id}_0"
        found += [(anchor, f"{field.label}: {error}") for error in field.errors]
    return found
