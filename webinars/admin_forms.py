"""The webinar page's editor form: its times are typed on the webinar's own clock.

Django reads a typed date and time in the editor's time zone (their account's, else the
site's), while visitors, emails and calendar files show the webinar in its own time zone.
Here the start and the registration times are read and shown in the webinar's time zone,
the one chosen next to the start, so what the editor types is what registrants see. A time
that the clocks skip or repeat that night (a daylight-saving change) is refused on its field.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_datetime
from wagtail.admin.forms import WagtailAdminPageForm

LOCAL_TIME_FIELDS = ("start", "registration_opens_at", "registration_closes_at")


class WebinarClockField(forms.DateTimeField):
    """A date and time as typed, without a time zone; WebinarPageForm places it in the webinar's."""

    def __init__(self, *, zone, **kwargs):
        self.zone = zone
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.make_naive(value, self.zone)
        return value

    def to_python(self, value):
        # DateTimeField.to_python would make it aware in the editor's time zone.
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value
        try:
            moment = parse_datetime(value.strip())
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return moment or forms.BaseTemporalField.to_python(self, value)

    def has_changed(self, initial, data):
        return super().has_changed(self.prepare_value(initial), data)


def clock_problem(moment, zone, zone_label):
    """Why a wall-clock time names no single moment in the zone (skipped or repeated), or None."""
    earlier, later = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
    if earlier.utcoffset() == later.utcoffset():
        return None
    when = f"{dateformat.format(moment, 'g:i A')} on {dateformat.format(moment, 'l j F Y')}"
    if earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != moment:
        return (
            f"{when} does not exist in {zone_label} time: the clocks go forward an hour that night. "
            "Choose a time outside the skipped hour."
        )
    return (
        f"{when} happens twice in {zone_label} time: the clocks go back an hour that night. "
        "Choose a time outside the repeated hour, so nobody arrives an hour early or late."
    )


class WebinarPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = ZoneInfo(self.instance.time_zone)
        for name in LOCAL_TIME_FIELDS:
            if name in self.fields:
                django_field = self.fields[name]
                self.fields[name] = WebinarClockField(
                    zone=zone,
                    required=django_field.required,
                    label=django_field.label,
                    help_text=django_field.help_text,
                    widget=django_field.widget,
                )

    def clean(self):
        cleaned_data = super().clean()
        zone_name = cleaned_data.get("time_zone") or self.instance.time_zone
        zone, zone_label = ZoneInfo(zone_name), dict(self.fields["time_zone"].choices).get(zone_name, zone_name)
        for name in LOCAL_TIME_FIELDS:
            moment = cleaned_data.get(name)
            if moment is None or timezone.is_aware(moment):  # an offset typed with it says where it is
                continue
            problem = clock_problem(moment, zone, zone_label)
            if problem:
                self.add_error(name, problem)
            else:
                cleaned_data[name] = moment.replace(tzinfo=zone)
        return cleaned_data
