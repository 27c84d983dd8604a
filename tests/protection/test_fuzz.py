"""Every public endpoint fuzzed with random and hostile input: never a server error, and nothing a
visitor sent comes back as live markup. Each endpoint's request count goes into the figures.

Values are sent percent-encoded as raw bytes, so lone surrogates arrive as broken UTF-8.
"""

import re
import time
from collections import Counter
from urllib.parse import quote

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assessment.models import SelfAssessmentPage, TeamAssessment
from comments import views as comment_views
from formpages.models import FormPage
from protection.spam import STARTED_FIELD, started_token
from stories.models import RoundtablePostPage
from taxonomy.models import SystemCondition
from webinars.models import WebinarPage
from webinars.views import SPAM_FORM

pytestmark = pytest.mark.django_db

EXAMPLES = 100
HOSTILE = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "<a href=javascript:alert(1)>x</a>",
    "{{ request.META }}{% debug %}",
    "\x00",
    "\r\nBcc: victim@example.org",
    '=HYPERLINK("http://evil.example")',
    "\ud800\udfff\ud800",
    "\ufeff\u202e",
    "../../etc/passwd",
    "%00%ff",
    "' OR 1=1 --",
    "x" * 100_000,
    "y" * 1_000_000,
]
text = st.one_of(
    st.text(st.characters(codec=None, exclude_categories=()), max_size=200),
    st.sampled_from(HOSTILE),
    st.builds(lambda a, b: a + b, st.text(max_size=20), st.sampled_from(HOSTILE)),
)
MARKUP = re.compile(r"<[a-zA-Z/!]")
REQUESTS = Counter()


def encode(data):
    """application/x-www-form-urlencoded, raw bytes and all (surrogates included)."""

    def part(value):
        return quote(str(value).encode("utf-8", "surrogatepass"))

    return "&".join(
        f"{part(key)}={part(value)}"
        for key, values in data.items()
        for value in (values if isinstance(values, list) else [values])
    )


def check(response, sent, endpoint):
    REQUESTS[endpoint] += 1
    assert response.status_code < 500, (endpoint, response.status_code)
    body = response.content.decode("utf-8", "replace")
    for value in sent:
        if MARKUP.search(value):
            assert value not in body, (endpoint, value[:80])


def get(client, endpoint, path, params):
    response = client.get(path + "?" + encode(params) if params else path)
    check(response, list(params.values()), endpoint)


def post(client, endpoint, path, data):
    response = client.post(path, encode(data), content_type="application/x-www-form-urlencoded")
    check(response, [value for value in data.values() if isinstance(value, str)], endpoint)


@pytest.fixture(scope="module", autouse=True)
def request_figures(figure):
    yield
    for endpoint, count in sorted(REQUESTS.items()):
        figure(f"fuzzed {endpoint}", f"{count} requests, 0 server errors")


@pytest.fixture(autouse=True)
def no_rate_limits():
    with override_settings(
        FORM_RATE_LIMIT=10**6,
        REGISTRATION_RATE_LIMIT=10**6,
        SEARCH_RATE_LIMIT=10**6,
        COMMENT_RATE_LIMIT=10**6,
        AXES_FAILURE_LIMIT=10**6,
        SELF_ASSESSMENT_TEAM_RATE_LIMIT=10**6,
        SELF_ASSESSMENT_ANSWER_RATE_LIMIT=10**6,
    ):
        yield


FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(query=text, kind=text, condition=text, page=text)
@example(query="x" * 10_000, kind="case-study", condition="shared-influence", page="2")
def test_search(client, query, kind, condition, page):
    get(client, "search", "/search/", {"query": query, "type": kind, "condition": condition, "page": page})


@FUZZ
@given(query=text)
def test_search_suggestions(client, query):
    get(client, "search suggestions", "/search/suggest/", {"query": query})


@FUZZ
@given(path=text)
def test_any_address(client, path):
    response = client.get("/" + quote(path.encode("utf-8", "surrogatepass"), safe="/"))
    check(response, [path], "any address (404s)")


@FUZZ
@given(name=text, email=text, school=text, role=text, message=text)
@example(name="Ada", email="ada@example.org", school="PUSD", role="Teacher", message="<script>alert(1)</script>")
def test_contact_form(client, name, email, school, role, message):
    contact = FormPage.objects.get(slug="contact")
    post(
        client,
        "contact form",
        contact.url,
        {
            "name": name,
            "email": email,
            "school_or_district": school,
            "role": role,
            "message": message,
            STARTED_FIELD: started_token(contact, at=time.time() - 60),
        },
    )


@FUZZ
@given(name=text, email=text, where=text, strongest=st.lists(text, max_size=3), help_most=text)
def test_readiness_survey(client, name, email, where, strongest, help_most):
    survey = FormPage.objects.get(slug="readiness-survey")
    post(
        client,
        "readiness survey",
        survey.url,
        {
            "name": name,
            "email": email,
            "school": name,
            "role": where,
            "where_is_your_team": where,
            "which_conditions_are_strongest": strongest,
            "what_would_help_most": help_most,
            STARTED_FIELD: started_token(survey, at=time.time() - 60),
        },
    )


def open_webinar():
    return next(webinar for webinar in WebinarPage.objects.live().order_by("start") if webinar.registration_is_open())


@FUZZ
@given(name=text, email=text, role=text, organisation=text, state=text, consent=text)
@example(name="Ada", email="ada@example.org", role="teacher", organisation="<b>PUSD</b>", state="CA", consent="on")
def test_webinar_registration(client, name, email, role, organisation, state, consent):
    webinar = open_webinar()
    post(
        client,
        "webinar registration",
        webinar.url,
        {
            "name": name,
            "email": email,
            "role": role,
            "organisation": organisation,
            "state": state,
            "consent": consent,
            STARTED_FIELD: started_token(webinar, SPAM_FORM, at=time.time() - 60),
        },
    )


@FUZZ
@given(name=text, email=text, body=text, parent=text, reply_to=text)
@example(name="Ada", email="ada@example.org", body="<script>alert(1)</script>", parent="", reply_to="1")
def test_comment_form(client, name, email, body, parent, reply_to):
    roundtable_post = RoundtablePostPage.objects.live().first()
    path = f"/comments/{roundtable_post.pk}/"
    get(client, "comment form", path, {"reply_to": reply_to})
    stamp = started_token(roundtable_post, comment_views.SPAM_FORM, at=time.time() - 60)
    post(
        client,
        "comment form",
        path,
        {"name": name, "email": email, "body": body, "parent": parent, STARTED_FIELD: stamp},
    )


@FUZZ
@given(token=text)
def test_comment_delete_links(client, token):
    response = client.get(f"/comments/delete/{quote(token.encode('utf-8', 'surrogatepass'), safe='')}/")
    check(response, [token], "comment delete links")


@FUZZ
@given(token=text, action=st.sampled_from(["registered", "cancel"]))
def test_registration_links(client, token, action):
    webinar = open_webinar()
    response = client.get(f"{webinar.url}{action}/{quote(token.encode('utf-8', 'surrogatepass'), safe='')}/")
    check(response, [token], "registration links")


def assessment_answers(level):
    return {
        f"statement_{statement.pk}": level
        for condition in SystemCondition.objects.prefetch_related("statements")
        for statement in condition.statements.all()
    }


@FUZZ
@given(level=text, focus=text, extra=text)
@example(level="3", focus="", extra="")
def test_self_assessment(client, level, focus, extra):
    page = SelfAssessmentPage.objects.live().get()
    post(client, "self-assessment", page.url, {**assessment_answers(level), "focus": focus, "statement_x": extra})


@FUZZ
@given(name=text, role=text, level=text, team_name=text)
def test_team_self_assessment(client, name, role, level, team_name):
    page = SelfAssessmentPage.objects.live().get()
    post(client, "team self-assessment: start", page.route_url("start_team"), {"name": team_name})
    team = TeamAssessment.objects.filter(page=page).order_by("-pk").first() or TeamAssessment.objects.create(page=page)
    post(
        client,
        "team self-assessment: answer",
        page.route_url("join_team", team.share_token),
        {**assessment_answers(level), "name": name, "role": role},
    )


@FUZZ
@given(token=text, kind=st.sampled_from(["results", "team", "owner"]))
def test_self_assessment_links(client, token, kind):
    page = SelfAssessmentPage.objects.live().get()
    response = client.get(f"{page.url}{kind}/{quote(token.encode('utf-8', 'surrogatepass'), safe='')}/")
    check(response, [token], "self-assessment links")


@FUZZ
@given(username=text, password=text, next_url=text)
def test_admin_sign_in(client, username, password, next_url):
    post(client, "admin sign-in", "/admin/login/", {"username": username, "password": password, "next": next_url})
