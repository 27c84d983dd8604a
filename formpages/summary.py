"""The answers to a form's choice questions counted, for staff reading its submissions."""

from collections import Counter
from dataclasses import dataclass

# Wagtail's form field types that offer choices; a single "checkbox" is a yes or no.
CHOICE_TYPES = {"dropdown", "radio", "checkboxes", "multiselect", "checkbox"}
SEVERAL = {"checkboxes", "multiselect"}
NO_ANSWER = "No answer"


@dataclass
class Choice:
    label: str
    count: int
    percent: int  # of the submissions counted
    offered: bool = True  # False: an answer to a choice the form no longer offers


@dataclass
class QuestionSummary:
    label: str
    choices: list
    several: bool  # a person could tick more than one, so the percentages add up to more than 100


def choice_summaries(form_page, submissions):
    """One summary per choice question of the form, counted over ``submissions`` (a queryset)."""
    questions = [field for field in form_page.get_form_fields() if field.field_type in CHOICE_TYPES]
    if not questions:
        return [], 0
    builder = form_page.form_builder(questions)
    tallies = {field.clean_name: Counter() for field in questions}
    counted = 0
    for answers in submissions.values_list("form_data", flat=True).iterator():
        counted += 1
        for field in questions:
            tallies[field.clean_name].update(given(field, answers.get(field.clean_name)))
    summaries = []
    for field in questions:
        tally = tallies[field.clean_name]
        offered = (
            ["Yes", "No"]
            if field.field_type == "checkbox"
            else [label for _, label in builder.get_formatted_field_choices(field)]
        )
        withdrawn = sorted(set(tally) - set(offered) - {NO_ANSWER})
        rows = [(label, True) for label in offered] + [(label, False) for label in withdrawn]
        if tally[NO_ANSWER]:
            rows.append((NO_ANSWER, True))
        summaries.append(
            QuestionSummary(
                label=field.label,
                choices=[Choice(label, tally[label], percent(tally[label], counted), known) for label, known in rows],
                several=field.field_type in SEVERAL,
            )
        )
    return summaries, counted


def given(field, value):
    """The choices one submission gave to a question, as labels."""
    if field.field_type == "checkbox":
        return ["Yes" if value else "No"]
    values = [item for item in (value if isinstance(value, list) else [value]) if item not in (None, "")]
    return [str(item) for item in values] or [NO_ANSWER]


def percent(count, total):
    return round(100 * count / total) if total else 0
