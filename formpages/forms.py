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

    def create_dropdown_field(self, field, options):
        dropdown = super().create_dropdown_field(field, self.unanswered(field, options))
        # Without a blank first option a browser shows the first choice as chosen.
        dropdown.choices = [("", "Choose…"), *dropdown.choices]
        return dropdown

    def create_radio_field(self, field, options):
        return super().create_radio_field(field, self.unanswered(field, options))

    @staticmethod
    def unanswered(field, options):
        """A required choice is the person's to make: no default makes it for them."""
        return {**options, "initial": None} if field.required else options
