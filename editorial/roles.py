"""The names of the roles and of the review workflow, as migration 0001 creates them."""

EDITORS = "Editors"
PUBLISHERS = "Publishers"
WEBINAR_MANAGERS = "Webinar managers"

REVIEW_WORKFLOW = "Review before publishing"
REVIEW_TASK = "Publisher review"
