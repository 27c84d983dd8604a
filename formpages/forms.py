from wagtail.contrib.forms.forms import FormBuilder as WagtailFormBuilder

# Wagtail limits single-line fields to 255 characters and multi-line ones not at all.
MULTILINE_MAX_LENGTH = 5000
HIDDEN_MAX_LENGTH = 255
NUMBER_MAX_DIGITS = 15


class FormBuilder(WagtailFormBuilder):
    """Wagtail's form builder with a limit on everything a visitor can type."""

    def create_multiline_field(self, field, options):
        return super().create_multiline_field(field, {**options, "max_length": MULTILINE_MAX_LENGTH})

    def create_hidden_field(self, field, options):
        return super().create_hidden_field(field, {**options, "max_length": HIDDEN_MAX_LENGTH})

    def create_number_field(self, field, options):
        return super().create_number_field(field, {**options, "max_digits": NUMBER_MAX_DIGITS})
