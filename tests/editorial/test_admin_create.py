"""Every page type can be created through the real admin create view, with its real blocks and inline panels.

The admin form silently drops a block whose name it does not know, so each
test checks what was saved (block types, values, inline rows), not only that
the admin redirected.
"""

import datetime
import json

from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from assessment.models import SelfAssessmentPage
from core.blocks import ArticleStreamBlock, StandardStreamBlock
from core.factories import ImageFactory
from core.video import TRANSCRIPT_REQUIRED
from formpages.models import FormPage
from home.models import HomePage, StandardPage
from playbook.factories import PlaybookPageFactory
from playbook.models import PlaybookPage, StrategyGuidePage
from stories.factories import (
    CaseStudyPageFactory,
    RoundtableIndexPageFactory,
    RoundtablePostPageFactory,
    StoryIndexPageFactory,
)
from stories.models import CaseStudyPage, RoundtableIndexPage, RoundtablePostAuthor, RoundtablePostPage, StoryIndexPage
from taxonomy.factories import DistrictFactory, PersonFactory, SystemConditionFactory
from webinars.factories import WebinarIndexPageFactory
from webinars.models import WebinarIndexPage, WebinarPage

VIDEO_URL = "https://www.youtube.com/watch?v=abc123"
VIDEO_HOST_ERROR = "Use a YouTube or Vimeo address."
CTA_TARGET_ERROR = "Choose a page or enter an address for the button."
NOT_CREATED = "The page could not be created due to validation errors."
NO_PERMISSION = "Sorry, you do not have permission to access this area."


# --- Form data as the admin's editors submit it --------------------------------------------------


def page_data(title, **fields):
    """POST data for a page form. The slug is prefixed so it never clashes with the demo content's."""
    return nested_form_data({"title": title, "slug": f"test-{slugify(title)}", **fields})


def list_block(values):
    """ListBlock form data: numbered like a stream's, without block types."""
    data = {str(index): {"value": value, "deleted": "", "order": str(index)} for index, value in enumerate(values)}
    data["count"] = str(len(values))
    return data


def call_to_action(page="", url=""):
    return {
        "heading": "Ready to start?",
        "text": rich_text("<p>Tell us where you are.</p>"),
        "link_label": "Get in touch",
        "page": page,
        "url": url,
    }


def video(url=VIDEO_URL):
    return {
        "url": url,
        "title": "Teachers leading together",
        "poster": "",
        "caption": "",
        "transcript": rich_text("<p>Narrator: Teachers plan a unit together.</p>"),
        "transcript_url": "",
    }


def guide_section(title, big_questions, important_tasks, contact_page=""):
    organizer = dict.fromkeys(["think", "see", "say", "hear", "feel"], "")
    return {
        "title": title,
        "introduction": rich_text("<p>Why this section matters.</p>"),
        "goal": "Establish a theory of action",
        "goal_detail": rich_text("<p>What reaching the goal involves.</p>"),
        "big_questions": list_block(big_questions),
        "important_tasks": list_block([rich_text(f"<p>{task}</p>") for task in important_tasks]),
        "graphic_organizer": {**organizer, "prompt": "When it works", "think": "We can lead together."},
        "connect": {
            "message": "We can help you draft it.",
            "link_label": "Connect with our team",
            "page": contact_page,
        },
    }


def block_types(stream):
    return [block.block_type for block in stream]


def values_by_type(stream):
    return {block.block_type: block.value for block in stream}


def error_strings(data):
    """Every message in an error's JSON data, including those nested in StreamField blocks."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for item in data.values():
            yield from error_strings(item)
    elif isinstance(data, (list, tuple)):
        for item in data:
            yield from error_strings(item)


def field_error_messages(form, field):
    messages = []
    for error in form.errors.as_data().get(field, []):
        messages.extend(error_strings(error.as_json_data() if hasattr(error, "as_json_data") else error.messages))
    return messages


# --- The test case -------------------------------------------------------------------------------


class AdminPageTestCase(WagtailPageTestCase):
    """Logged in as a superuser, with the image, document and person the choosers point at."""

    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.image = ImageFactory()
        cls.document = get_document_model().objects.create(
            title="Readiness checklist", file=ContentFile(b"Checklist", name="checklist.txt")
        )
        cls.person = PersonFactory()

    def setUp(self):
        # force_login: the sign-in lockout (django-axes) needs a request, which client.login() has not.
        self.client.force_login(self.create_test_user())

    def section(self, model, factory):
        """The site's section index of this type: the demo content's, or a new one."""
        return model.objects.first() or factory(parent=self.home)

    def make_room_for(self, model):
        """Section indexes allow one each: remove the demo's (the test's transaction restores it)."""
        for page in model.objects.all():
            page.delete()
        self.home.refresh_from_db()

    def standard_blocks(self):
        """One of every block in StandardStreamBlock, by its real name."""
        table = {
            "data": [["Condition", "Focus"], ["Shared influence", "Decisions"]],
            "table_header_choice": "row",
            "table_caption": "Conditions",
        }
        return [
            ("paragraph", rich_text("<p>Teachers and leaders decided <b>together</b>.</p>")),
            ("heading", {"text": "The context", "level": "h2", "anchor": ""}),
            ("image", {"image": self.image.pk, "alt_text": "A team meeting", "caption": "Planning day"}),
            ("quote", {"quote": "Leadership grows when it is shared.", "attribution": "A teacher", "role": ""}),
            ("video", video()),
            ("call_to_action", call_to_action(page=self.home.pk)),
            ("statistic", {"figure": "75%", "label": "of teachers lead a team", "source": "Survey"}),
            ("table", json.dumps(table)),
            ("document", {"document": self.document.pk, "label": "Download the checklist"}),
            ("related_pages", {"heading": "Related reading", "pages": list_block([self.home.pk])}),
        ]

    def article_blocks(self):
        question = ("question_answer", {"question": "Where did you start?", "answer": rich_text("<p>With a goal.</p>")})
        return [*self.standard_blocks(), question]

    def short_body(self):
        return streamfield(self.standard_blocks()[:1])

    # Posting to the admin, and checking the outcome.

    def post_create(self, parent, model, data):
        url = reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
        return self.client.post(url, {**data, "action-publish": "action-publish"})

    def create(self, parent, model, data):
        """Create and publish through the admin; return the saved page."""
        try:
            self.assertCanCreate(parent, model, data)
        except self.failureException as failure:
            # assertCanCreate names the failing StreamField, not the block: add the blocks' errors.
            form = self.post_create(parent, model, data).context["form"]
            details = {field: field_error_messages(form, field) for field in form.errors}
            raise self.failureException(f"{failure}\n{details}") from None
        return model.objects.child_of(parent).get(slug=data["slug"])

    def assertStream(self, stream, expected_blocks):
        """The saved stream holds exactly these blocks, in order: none was dropped as unknown."""
        self.assertEqual(block_types(stream), [name for name, _ in expected_blocks])

    def assertCreateRejected(self, parent, model, data, field, message):
        """The admin shows the form again with ``message`` on ``field``, and saves nothing."""
        pages_before = Page.objects.count()
        response = self.post_create(parent, model, data)

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, NOT_CREATED)
        self.assertIn(message, field_error_messages(response.context["form"], field))
        self.assertEqual(Page.objects.count(), pages_before)
        self.assertFalse(Page.objects.filter(slug=data["slug"]).exists())

    def assertRefused(self, response):
        """The admin's answer to a page type that may not be added here: the dashboard, with a message."""
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
        self.assertIn(NO_PERMISSION, messages)


# --- Pages directly under the home page ----------------------------------------------------------


class CreateUnderHomeTests(AdminPageTestCase):
    def test_standard_page_with_every_standard_block(self):
        blocks = self.standard_blocks()
        data = page_data("About us", intro="Who we are.", hero_image=self.image.pk, body=streamfield(blocks))
        page = self.create(self.home, StandardPage, data)

        self.assertStream(page.body, blocks)
        self.assertEqual(set(block_types(page.body)), set(StandardStreamBlock().child_blocks))
        values = values_by_type(page.body)
        self.assertEqual(values["video"]["url"], VIDEO_URL)
        self.assertEqual(values["call_to_action"]["page"].pk, self.home.pk)
        self.assertEqual(values["image"]["image"], self.image)
        self.assertEqual(values["document"]["document"], self.document)
        self.assertEqual(values["table"]["data"][1], ["Shared influence", "Decisions"])
        self.assertEqual([related.pk for related in values["related_pages"]["pages"]], [self.home.pk])
        self.assertEqual(page.hero_image, self.image)

    def test_standard_page_under_a_standard_page(self):
        parent = self.create(self.home, StandardPage, page_data("Parent", body=self.short_body()))
        child = self.create(parent, StandardPage, page_data("Child", body=self.short_body()))
        self.assertEqual(child.get_parent().pk, parent.pk)

    def test_story_index(self):
        self.make_room_for(StoryIndexPage)
        data = page_data("Stories", intro=rich_text("<p>How schools share leadership.</p>"))
        page = self.create(self.home, StoryIndexPage, data)
        self.assertIn("How schools share leadership.", page.intro)

    def test_roundtable_index(self):
        self.make_room_for(RoundtableIndexPage)
        data = page_data(
            "Roundtable",
            intro=rich_text("<p>A series of posts.</p>"),
            hashtag="#CTQCollab",
            series_footer=rich_text("<p>Part of the roundtable.</p>"),
        )
        page = self.create(self.home, RoundtableIndexPage, data)
        self.assertEqual(page.hashtag, "#CTQCollab")
        self.assertIn("Part of the roundtable.", page.series_footer)

    def test_webinar_index(self):
        self.make_room_for(WebinarIndexPage)
        page = self.create(self.home, WebinarIndexPage, page_data("Webinars", intro=rich_text("<p>Sessions.</p>")))
        self.assertIn("Sessions.", page.intro)

    def test_playbook(self):
        self.make_room_for(PlaybookPage)
        blocks = self.standard_blocks()
        data = page_data(
            "Playbook",
            definition=rich_text("<p>Collective leadership is shared work.</p>"),
            quote="Shared leadership lasts.",
            quote_attribution="A principal",
            effective_definition="Teams that decide together.",
            conditions_intro=rich_text("<p>Seven conditions.</p>"),
            guides_intro=rich_text("<p>Start with the overview.</p>"),
            body=streamfield(blocks),
        )
        page = self.create(self.home, PlaybookPage, data)
        self.assertStream(page.body, blocks)
        self.assertEqual(page.quote_attribution, "A principal")

    def test_form_page_with_fields(self):
        data = page_data(
            "Contact us",
            intro=rich_text("<p>Write to us.</p>"),
            thank_you_text=rich_text("<p>Thank you.</p>"),
            to_address="staff@example.org",
            from_address="site@example.org",
            subject="New message",
            form_fields=inline_formset(
                [
                    {"label": "Your name", "field_type": "singleline", "required": "on"},
                    {"label": "Email", "field_type": "email", "required": "on"},
                    {"label": "Role", "field_type": "dropdown", "choices": "Teacher\nPrincipal", "required": ""},
                ]
            ),
        )
        page = self.create(self.home, FormPage, data)

        fields = list(page.form_fields.order_by("sort_order"))
        self.assertEqual(
            [(field.label, field.field_type, field.required) for field in fields],
            [("Your name", "singleline", True), ("Email", "email", True), ("Role", "dropdown", False)],
        )
        self.assertEqual(page.to_address, "staff@example.org")


# --- Pages inside a section ----------------------------------------------------------------------


class CreateInSectionTests(AdminPageTestCase):
    def test_case_study(self):
        parent = self.section(StoryIndexPage, StoryIndexPageFactory)
        district = DistrictFactory()
        condition = SystemConditionFactory()
        blocks = self.standard_blocks()
        data = page_data(
            "Shared leadership in Pickens County",
            summary="How one school shared leadership.",
            school="Example Elementary",
            district=district.pk,
            state="SC",
            hero_image=self.image.pk,
            body=streamfield(blocks),
        )
        data["conditions"] = [condition.pk]  # a multiple choice: one key, several values
        page = self.create(parent, CaseStudyPage, data)

        self.assertStream(page.body, blocks)
        self.assertEqual(page.district, district)
        self.assertEqual(list(page.conditions.all()), [condition])

    def test_roundtable_post_with_authors_and_tags(self):
        parent = self.section(RoundtableIndexPage, RoundtableIndexPageFactory)
        second_author = PersonFactory()
        blocks = self.article_blocks()
        data = page_data(
            "Why we share leadership",
            date="2024-03-01",
            authors=inline_formset([{"person": self.person.pk}, {"person": second_author.pk}], min=1),
            intro="An opening paragraph.",
            hero_image=self.image.pk,
            body=streamfield(blocks),
            tags="leadership, teachers",
        )
        page = self.create(parent, RoundtablePostPage, data)

        self.assertStream(page.body, blocks)
        self.assertEqual(set(block_types(page.body)), set(ArticleStreamBlock().child_blocks))
        authors = [author.person for author in page.authors.order_by("sort_order")]
        self.assertEqual(authors, [self.person, second_author])
        self.assertEqual(sorted(tag.name for tag in page.tags.all()), ["leadership", "teachers"])

    def test_webinar_with_presenter(self):
        parent = self.section(WebinarIndexPage, WebinarIndexPageFactory)
        # A past session: a recording is accepted only once the webinar has ended.
        data = page_data(
            "Leading together",
            start="2024-01-15 15:00",
            time_zone="America/Chicago",
            duration_minutes="90",
            summary="A session on shared leadership.",
            description=rich_text("<p>What we will cover.</p>"),
            presenters=inline_formset([{"person": self.person.pk}]),
            hero_image=self.image.pk,
            recording_url="https://vimeo.com/123456",
            recording_captions_on_host="on",
        )
        page = self.create(parent, WebinarPage, data)

        self.assertEqual([presenter.person for presenter in page.presenters.all()], [self.person])
        # The admin reads the start in the webinar's own time zone, whatever the editor's.
        self.assertEqual(timezone.localtime(page.start, page.zone).strftime("%Y-%m-%d %H:%M"), "2024-01-15 15:00")
        self.assertEqual(page.start, datetime.datetime(2024, 1, 15, 21, 0, tzinfo=datetime.UTC))
        self.assertEqual(page.ends_at - page.start, datetime.timedelta(minutes=90))
        self.assertEqual(page.time_zone, "America/Chicago")
        self.assertEqual(page.recording_url, "https://vimeo.com/123456")

    def test_strategy_guide_with_sections_and_call_to_action(self):
        parent = self.section(PlaybookPage, PlaybookPageFactory)
        condition = SystemConditionFactory()
        sections = [
            (
                "section",
                guide_section(
                    "Understanding your team's why",
                    big_questions=["What do we believe?", "Who should lead?"],
                    important_tasks=["Name the core team.", "Draft a theory of action."],
                    contact_page=self.home.pk,
                ),
            ),
            ("section", guide_section("Building the team", ["Who is missing?"], ["Invite them."])),
        ]
        closing = [("call_to_action", call_to_action(url="https://example.org/contact/"))]
        data = page_data(
            "Shared influence guide",
            condition=condition.pk,
            intro="How to strengthen shared influence.",
            sections=streamfield(sections),
            call_to_action=streamfield(closing),
        )
        page = self.create(parent, StrategyGuidePage, data)

        self.assertStream(page.sections, sections)
        first, second = (block.value for block in page.sections)
        self.assertEqual(first["title"], "Understanding your team's why")
        self.assertEqual(list(first["big_questions"]), ["What do we believe?", "Who should lead?"])
        tasks = [strip_tags(task.source) for task in first["important_tasks"]]
        self.assertEqual(tasks, ["Name the core team.", "Draft a theory of action."])
        self.assertEqual(first["graphic_organizer"]["think"], "We can lead together.")
        self.assertEqual(first["connect"]["page"].pk, self.home.pk)
        self.assertEqual(list(second["big_questions"]), ["Who is missing?"])
        self.assertStream(page.call_to_action, closing)
        self.assertEqual(page.call_to_action[0].value["url"], "https://example.org/contact/")
        self.assertEqual(page.condition, condition)

    def test_self_assessment(self):
        parent = self.section(PlaybookPage, PlaybookPageFactory)
        self.make_room_for(SelfAssessmentPage)
        data = page_data(
            "Readiness check",
            intro=rich_text("<p>Rate your team on each condition.</p>"),
            team_intro=rich_text("<p>Send the team link to colleagues.</p>"),
            results_intro=rich_text("<p>Start a conversation.</p>"),
        )
        page = self.create(parent, SelfAssessmentPage, data)
        self.assertIn("Rate your team on each condition.", page.intro)
        self.assertIn("Send the team link", page.team_intro)


# --- The home page -------------------------------------------------------------------------------


class HomePageAdminTests(AdminPageTestCase):
    """The migration makes the one home page: editors edit it and cannot add a second."""

    def test_a_second_home_page_is_refused(self):
        root = Page.get_first_root_node()
        self.assertCanCreateAt(Page, HomePage)  # the type belongs at the root...
        self.assertFalse(HomePage.can_create_at(root))  # ...but one already exists
        self.assertRefused(self.post_create(root, HomePage, page_data("Another home", intro=rich_text("<p>Hi</p>"))))
        self.assertEqual(HomePage.objects.count(), 1)

    def test_a_second_section_index_is_refused(self):
        self.section(StoryIndexPage, StoryIndexPageFactory)
        self.home.refresh_from_db()
        self.assertFalse(StoryIndexPage.can_create_at(self.home))
        self.assertRefused(self.post_create(self.home, StoryIndexPage, page_data("More stories")))
        self.assertEqual(StoryIndexPage.objects.count(), 1)

    def test_edit_services_featured_stories_and_voices(self):
        # Start with none chosen (the demo content chooses some): the form below adds rows, it lists no old ones.
        self.home.featured_story_items.all().delete()
        self.home.voice_items.all().delete()
        stories = self.section(StoryIndexPage, StoryIndexPageFactory)
        story = CaseStudyPageFactory(parent=stories)
        post = RoundtablePostPageFactory(
            parent=self.section(RoundtableIndexPage, RoundtableIndexPageFactory),
            authors=[RoundtablePostAuthor(person=self.person)],
        )
        services = [
            ("service", {"title": "Design days", "description": "Plan the work together.", "page": ""}),
            ("service", {"title": "Coaching", "description": "Support for team leads.", "page": stories.pk}),
        ]
        voice = {"person": self.person.pk, "quote": "We lead together.", "post": post.pk}
        data = page_data(
            self.home.title,
            slug=self.home.slug,
            intro=rich_text("<p>Welcome to collective leadership.</p>"),
            hero_image=self.image.pk,
            about_heading="What is collective leadership?",
            about=rich_text("<p>Teachers and leaders share the work.</p>"),
            services_heading="How we support your team",
            services=streamfield(services),
            stories_heading="School stories",
            featured_story_items=inline_formset([{"page": story.pk}], max=3),
            voices_heading="Voices from the field",
            voice_items=inline_formset([voice], max=3),
            playbook_heading="The collective leadership playbook",
            playbook_text="Seven conditions.",
            playbook_page="",
            contact_heading="Ready to get started?",
            contact_text="Tell us where you are.",
        )
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[self.home.pk]), {**data, "action-publish": "action-publish"}
        )

        errors = response.context["form"].errors if response.status_code == 200 else None
        self.assertEqual(response.status_code, 302, errors)
        home = HomePage.objects.get(pk=self.home.pk)
        self.assertIn("Welcome to collective leadership.", home.intro)
        self.assertStream(home.services, services)
        self.assertEqual(home.services[1].value["page"].pk, stories.pk)
        self.assertEqual([item.page for item in home.featured_story_items.all()], [story])
        voices = [(item.person, item.quote, item.post) for item in home.voice_items.all()]
        self.assertEqual(voices, [(self.person, "We lead together.", post)])


# --- Bad input -----------------------------------------------------------------------------------


class RejectBadInputTests(AdminPageTestCase):
    """The admin says what is wrong and saves nothing."""

    def test_call_to_action_without_page_or_url(self):
        data = page_data("Bad button", body=streamfield([("call_to_action", call_to_action())]))
        self.assertCreateRejected(self.home, StandardPage, data, "body", CTA_TARGET_ERROR)

    def test_video_from_another_host(self):
        data = page_data("Bad video", body=streamfield([("video", video("https://evil.example/video"))]))
        self.assertCreateRejected(self.home, StandardPage, data, "body", VIDEO_HOST_ERROR)

    def test_video_without_transcript_or_captions(self):
        no_transcript = {**video(), "transcript": rich_text("")}
        data = page_data("Silent video", body=streamfield([("video", no_transcript)]))
        self.assertCreateRejected(self.home, StandardPage, data, "body", TRANSCRIPT_REQUIRED)

    def test_webinar_recording_without_transcript_or_captions(self):
        parent = self.section(WebinarIndexPage, WebinarIndexPageFactory)
        data = page_data(
            "Uncaptioned recording",
            start="2024-01-15 15:00",
            time_zone="America/New_York",
            duration_minutes="60",
            summary="A session.",
            description=rich_text("<p>What we covered.</p>"),
            presenters=inline_formset([]),
            recording_url="https://vimeo.com/123456",
            recording_transcript=rich_text("<p></p>"),
        )
        self.assertCreateRejected(parent, WebinarPage, data, "recording_transcript", TRANSCRIPT_REQUIRED)

    def test_webinar_recording_from_another_host(self):
        parent = self.section(WebinarIndexPage, WebinarIndexPageFactory)
        data = page_data(
            "Bad recording",
            start="2030-01-15 15:00",
            time_zone="America/New_York",
            duration_minutes="60",
            summary="A session.",
            description=rich_text("<p>What we will cover.</p>"),
            presenters=inline_formset([]),
            recording_url="https://evil.example/recording",
        )
        self.assertCreateRejected(parent, WebinarPage, data, "recording_url", VIDEO_HOST_ERROR)

    def test_roundtable_post_without_an_author(self):
        parent = self.section(RoundtableIndexPage, RoundtableIndexPageFactory)
        data = page_data(
            "No author",
            date="2024-03-01",
            authors=inline_formset([], min=1),
            intro="An opening paragraph.",
            body=self.short_body(),
        )
        pages_before = Page.objects.count()
        response = self.post_create(parent, RoundtablePostPage, data)

        self.assertContains(response, NOT_CREATED)
        authors_errors = response.context["form"].formsets["authors"].non_form_errors()
        self.assertEqual(authors_errors, ["Please submit at least 1 form."])
        self.assertEqual(Page.objects.count(), pages_before)
