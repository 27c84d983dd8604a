"""`make audit` end to end on one page type: the demo site under gunicorn, Lighthouse with Chromium, a row
of four scores. No score thresholds here (they vary with the machine's load); docs/performance.md has the figures."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser


def test_audit_prints_the_four_scores_and_the_weight_of_a_story(chromium):
    out = io.StringIO()
    call_command("audit_pages", "--only", "case-study", "--workers", "1", stdout=out)
    row = next(line for line in out.getvalue().splitlines() if line.startswith("case-study"))
    scores = re.search(r"/school-stories/pomona-unified/\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+) KB", row)
    assert scores, row
    assert all(0 <= int(score) <= 100 for score in scores.groups()[:4])
    assert 0 < float(scores.group(5)) < 60
