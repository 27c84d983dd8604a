"""The shared StreamField block library, split by family.

Page models import the composed streams from here; each block renders
through its own template in ``core/templates/blocks/``.
"""

from .callouts import CallToActionBlock, RelatedPagesBlock, StatisticBlock
from .media import DocumentLinkBlock, ImageBlock, VideoBlock, validate_video_url
from .streams import ArticleStreamBlock, StandardStreamBlock
from .text import (
    BODY_RICH_TEXT_FEATURES,
    HeadingBlock,
    PullQuoteBlock,
    QuestionAnswerBlock,
    RichTextBlock,
    TableBlock,
)

__all__ = [
    "BODY_RICH_TEXT_FEATURES",
    "ArticleStreamBlock",
    "CallToActionBlock",
    "DocumentLinkBlock",
    "HeadingBlock",
    "ImageBlock",
    "PullQuoteBlock",
    "QuestionAnswerBlock",
    "RelatedPagesBlock",
    "RichTextBlock",
    "StandardStreamBlock",
    "StatisticBlock",
    "TableBlock",
    "VideoBlock",
    "validate_video_url",
]
