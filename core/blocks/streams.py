from wagtail import blocks

from .callouts import CallToActionBlock, RelatedPagesBlock, StatisticBlock
from .media import DocumentLinkBlock, ImageBlock, VideoBlock
from .text import HeadingBlock, PullQuoteBlock, QuestionAnswerBlock, RichTextBlock, TableBlock


class StandardStreamBlock(blocks.StreamBlock):
    """Body of content pages, case studies and the playbook."""

    paragraph = RichTextBlock()
    heading = HeadingBlock()
    image = ImageBlock()
    quote = PullQuoteBlock()
    video = VideoBlock()
    call_to_action = CallToActionBlock()
    statistic = StatisticBlock()
    table = TableBlock()
    document = DocumentLinkBlock()
    related_pages = RelatedPagesBlock()


class ArticleStreamBlock(StandardStreamBlock):
    """Roundtable posts add interview questions and answers."""

    question_answer = QuestionAnswerBlock()
