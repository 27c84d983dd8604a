import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page

from assessment.models import SelfAssessmentPage
from devtools.demo import content, images
from formpages.models import FormField
from playbook.models import StrategyGuidePage
from stories.models import CaseStudyPage, RoundtablePostPage
from taxonomy.models import AssessmentStatement, District, Person, SystemCondition
from webinars.models import WebinarPage, WebinarSeries

pytestmark = pytest.mark.django_db

COUNTED = [Page, Person, District, SystemCondition, AssessmentStatement, WebinarSeries, FormField, get_image_model()]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_demo_site_has_what_site_md_describes():
    assert CaseStudyPage.objects.live().count() == 3
    assert RoundtablePostPage.objects.live().count() >= 4
    assert WebinarPage.objects.live().count() >= 3
    assert WebinarPage.objects.live().upcoming().count() >= 2
    assert WebinarPage.objects.live().past().exclude(recording_url="").exists()
    assert SystemCondition.objects.count() == 7
    assert StrategyGuidePage.objects.live().count() == 8
    assert StrategyGuidePage.objects.live().filter(condition__isnull=True).count() == 1
    assert SelfAssessmentPage.objects.live().count() == 1
    # Every condition has statements for the self-assessment, three or more each.
    assert all(condition.statements.count() >= 3 for condition in SystemCondition.objects.all())
    names = set(Person.objects.values_list("name", flat=True))
    assert {"Barnett Berry", "Molly Spearman", "Nader Twal", "Tricia Ebner"} <= names


def test_every_demo_image_has_alt_text():
    for image in get_image_model().objects.all():
        assert image.description, image.title


def test_loading_twice_duplicates_nothing():
    before = counts()
    revisions = {page.pk: page.latest_revision_id for page in Page.objects.all()}
    call_command("load_demo_content", verbosity=0)
    assert counts() == before
    # Unchanged pages are not republished either.
    assert {page.pk: page.latest_revision_id for page in Page.objects.all()} == revisions


def test_reset_rebuilds_the_same_site():
    before = counts()
    old_story_ids = set(CaseStudyPage.objects.values_list("pk", flat=True))
    call_command("load_demo_content", reset=True, verbosity=0)
    assert counts() == before
    assert not old_story_ids & set(CaseStudyPage.objects.values_list("pk", flat=True))


def test_create_demo_admin_prints_a_fresh_password(capsys):
    call_command("create_demo_admin")
    first = capsys.readouterr().out
    call_command("create_demo_admin")
    second = capsys.readouterr().out
    user = get_user_model().objects.get(username="admin")
    password = second.rsplit("password:", 1)[1].split()[0]
    assert user.is_superuser and user.check_password(password)
    assert first != second


def test_every_demo_video_and_recording_has_a_transcript_or_captions():
    # Page.save checks a recording (WebinarPage.clean); a stream's blocks are checked only in the editor.
    videos = [
        (block.block, block.value)
        for page in Page.objects.live().specific()
        for field in ("body", "sections")
        for block in getattr(page, field, None) or []
        if block.block_type == "video"
    ]
    assert len(videos) >= 4
    for block, value in videos:
        block.clean(value)
    for webinar in WebinarPage.objects.live().exclude(recording_url=""):
        webinar.full_clean()


def test_demo_images_are_illustrations_of_their_subjects_said_in_their_alt_text():
    """Each scene is described by what it shows (issue 17: a classroom, a team at a table), not by shapes."""
    for spec in content.IMAGES:
        assert spec["motif"] in images.MOTIFS, spec["title"]
        assert spec["description"].startswith(("Illustration: ", "Placeholder portrait of ")), spec["title"]
        assert "abstract" not in spec["description"].lower()
    assert {spec["motif"] for spec in content.IMAGES} == set(images.MOTIFS)  # every scene is used


def test_a_changed_recipe_repaints_the_image_and_removes_the_old_file():
    # An image of its own: files deleted here stay deleted when the test's transaction is rolled back.
    spec = {**next(spec for spec in content.IMAGES if spec["motif"] == "classroom"), "title": "Repainted classroom"}
    image, status = images.upsert_image(spec)
    assert status == "created"
    image.get_rendition("fill-400x225")
    old_name, old_hash = image.file.name, image.file_hash
    assert images.upsert_image(spec)[1] == "unchanged"

    changed = {**spec, "seed": spec["seed"] + 100}
    repainted, status = images.upsert_image(changed)
    assert status == "updated"
    assert repainted.file.name != old_name and images.recipe(changed, images.layout(changed)[0]) in repainted.file.name
    assert repainted.file_hash != old_hash
    assert not repainted.file.storage.exists(old_name)
    assert not repainted.renditions.exists()  # drawn from the old picture
    assert repainted.description == spec["description"]
    repainted.file.storage.delete(repainted.file.name)  # the rolled-back image's file
