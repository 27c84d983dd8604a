import pytest

from core.blocks import StandardStreamBlock
from core.mixins import count_words, stream_text
from stories.factories import CaseStudyPageFactory, StoryIndexPageFactory
from stories.models import CaseStudyPage, StoryIndexPage


def words(n):
    return " ".join(["word"] * n)


def test_count_words_handles_apostrophes_and_hyphens():
    assert count_words("Walker-Gamble's team didn't stop") == 4


def test_stream_text_keeps_prose_and_skips_ids_choices_and_links():
    raw = [
        {"type": "paragraph", "id": "abc-123", "value": "<p>Two <b>words</b></p>"},
        {"type": "heading", "id": "def-456", "value": {"text": "Context", "level": "h2", "anchor": "the-context"}},
        {
            "type": "call_to_action",
            "id": "x",
            "value": {"heading": "Join", "text": "", "link_label": "Go", "page": 3, "url": "https://example.org/"},
        },
        {"type": "unknown_block", "id": "y", "value": "dropped"},
    ]
    assert " ".join(stream_text(StandardStreamBlock(), raw)).split() == ["Two", "words", "Context", "Join", "Go"]


@pytest.fixture
def story_index(home_page):
    return StoryIndexPage.objects.first() or StoryIndexPageFactory(parent=home_page)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body_words, expected_minutes",
    [(0, 1), (150, 1), (196, 2), (400, 3), (1000, 6)],
)
def test_reading_time_is_computed_from_the_body_on_save(story_index, body_words, expected_minutes):
    # The factory's summary adds 5 words; 200 words a minute, rounded up, at least 1.
    page = CaseStudyPageFactory(
        parent=story_index, body=[("paragraph", f"<p>{words(body_words)}</p>")] if body_words else []
    )
    assert page.reading_time == expected_minutes
    assert CaseStudyPage.objects.get(pk=page.pk).reading_time == expected_minutes


@pytest.mark.django_db
def test_reading_time_counts_nested_block_text(story_index):
    page = CaseStudyPageFactory(
        parent=story_index,
        body=[
            ("quote", {"quote": words(300), "attribution": "Someone", "role": ""}),
            ("heading", {"text": words(100), "level": "h2", "anchor": ""}),
        ],
    )
    assert page.reading_time == 3  # 400 words of text plus attribution and summary


@pytest.mark.django_db
def test_reading_time_updates_when_the_body_changes(story_index):
    page = CaseStudyPageFactory(parent=story_index, body=[("paragraph", f"<p>{words(100)}</p>")])
    assert page.reading_time == 1
    page.body = [("paragraph", f"<p>{words(900)}</p>")]
    page.save()
    assert page.reading_time == 5
