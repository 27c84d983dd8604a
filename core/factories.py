"""What every section's factories share: images and a paragraph of body text."""

import factory
import wagtail_factories
from wagtail.models import Collection


def paragraph(text="Teachers and leaders decided together."):
    return [("paragraph", f"<p>{text}</p>")]


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Test image {n}")
    description = factory.LazyAttribute(lambda o: f"Alt text for {o.title}")
    # In the root collection, where an editor's uploads go (wagtail-factories makes a new root per image).
    collection = factory.LazyFunction(Collection.get_first_root_node)
