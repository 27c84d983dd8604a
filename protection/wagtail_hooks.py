from wagtail import hooks

from .spam import STARTED_FIELD, restamped


@hooks.register("page_cache_fill_ins")
def fill_in_form_start_stamps():
    """A form served from the page cache was shown when it was served, not when its copy was made."""
    return {STARTED_FIELD: restamped}
