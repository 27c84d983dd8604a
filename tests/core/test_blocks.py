"""Each shared block renders through its own template, and validates what editors enter."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StructBlockValidationError

from core.blocks import (
    ArticleStreamBlock,
    CallToActionBlock,
    HeadingBlock,
    ImageBlock,
    PullQuoteBlock,
    QuestionAnswerBlock,
    StatisticBlock,
    TableBlock,
    validate_video_url,
)
from core.blocks.streams import StandardStreamBlock
from core.factories import ImageFactory
from playbook.blocks import GuideSectionBlock


def render(block, value):
    return block.render(block.to_python(value))


def test_every_stream_block_has_an_icon_template_description_and_group():
    for stream in (StandardStreamBlock(), ArticleStreamBlock()):
        for name, block in stream.child_blocks.items():
            assert block.meta.icon not in (None, "placeholder"), name
            assert block.meta.template, name
            assert block.meta.description, name
            assert block.meta.group, name


def test_heading_gets_an_anchor_from_its_text_or_the_editor():
    block = HeadingBlock()
    html = render(block, {"text": "The context & why", "level": "h2", "anchor": ""})
    assert '<h2 id="the-context-why"' in html
    html = render(block, {"text": "Math", "level": "h3", "anchor": "Math Modeling"})
    assert '<h3 id="math-modeling"' in html


def test_pull_quote_escapes_text_and_shows_attribution():
    html = render(PullQuoteBlock(), {"quote": "<script>x</script>", "attribution": "Nader Twal", "role": "LBUSD"})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "Nader Twal" in html


def test_question_answer_renders_question_as_heading():
    html = render(QuestionAnswerBlock(), {"question": "Why now?", "answer": "<p>Because.</p>"})
    assert '<h2 class="qa__question">Why now?</h2>' in html
    assert "<p>Because.</p>" in html


def test_statistic_renders_figure_and_label():
    html = render(StatisticBlock(), {"figure": "75%", "label": "of leaders agree", "source": "A survey"})
    assert "75%" in html and "of leaders agree" in html and "Source: A survey" in html


def test_table_renders_header_cells_and_caption():
    value = {
        "first_row_is_table_header": True,
        "first_col_is_header": True,
        "table_caption": "Conditions",
        "data": [["Name", "Focus"], ["Shared influence", "Decisions"]],
    }
    html = TableBlock().render(value)
    assert "<caption>Conditions</caption>" in html
    assert '<th scope="col">Name</th>' in html
    assert '<th scope="row">Shared influence</th>' in html


def test_call_to_action_needs_a_page_or_an_address():
    block = CallToActionBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"heading": "Hi", "text": "", "link_label": "Go", "page": None, "url": ""}))
    cleaned = block.clean(
        block.to_python({"heading": "Hi", "text": "", "link_label": "Go", "page": None, "url": "https://example.org/"})
    )
    assert 'href="https://example.org/"' in block.render(cleaned)


@pytest.mark.parametrize(
    "url", ["https://www.youtube.com/watch?v=abc", "https://youtu.be/abc", "https://vimeo.com/123"]
)
def test_video_accepts_youtube_and_vimeo(url):
    validate_video_url(url)


@pytest.mark.parametrize(
    "url", ["https://evil.example/video", "https://youtube.com.evil.example/x", "javascript:alert(1)"]
)
def test_video_refuses_other_hosts(url):
    with pytest.raises(ValidationError):
        validate_video_url(url)


@pytest.mark.django_db
def test_image_block_alt_text_comes_from_the_block_then_the_image():
    image = ImageFactory(description="Teachers planning together")
    block = ImageBlock()
    assert 'alt="Teachers planning together"' in render(
        block, {"image": image.pk, "alt_text": "", "caption": "A caption"}
    )
    assert 'alt="Custom"' in render(block, {"image": image.pk, "alt_text": "Custom", "caption": ""})
    assert 'alt=""' in render(block, {"image": image.pk, "alt_text": "Ignored", "decorative": True, "caption": ""})


def test_guide_section_shows_goal_questions_tasks_and_only_filled_extras():
    block = GuideSectionBlock()
    value = {
        "title": "Designing your how",
        "goal": "Prepare to lead action",
        "big_questions": ["Who should be involved?"],
        "important_tasks": ["<p>Draft the plan.</p>"],
        "graphic_organizer": {},
        "connect": {"message": ""},
    }
    html = block.render(block.to_python(value), context={"number": 2})
    assert "2." in html and "Goal: Prepare to lead action" in html
    assert "Who should be involved?" in html and "<p>Draft the plan.</p>" in html
    assert "Graphic organizer" not in html and "Connect and collaborate" not in html

    value["graphic_organizer"] = {"think": "We lead together"}
    value["connect"] = {"message": "We can help."}
    html = block.render(block.to_python(value), context={"number": 2})
    assert "Graphic organizer" in html and "We lead together" in html
    assert "Connect and collaborate" in html


@pytest.mark.django_db
def test_an_image_without_alt_text_must_be_described_in_the_block_or_marked_decorative():
    undescribed = ImageFactory(description="")
    block = ImageBlock()
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(block.to_python({"image": undescribed.pk, "alt_text": "", "decorative": False}))
    assert "alt_text" in refused.value.block_errors
    assert block.clean(block.to_python({"image": undescribed.pk, "alt_text": "A team meeting", "decorative": False}))
    assert block.clean(block.to_python({"image": undescribed.pk, "alt_text": "", "decorative": True}))
    described = ImageFactory()
    assert block.clean(block.to_python({"image": described.pk, "alt_text": "", "decorative": False}))
