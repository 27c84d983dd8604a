"""The settings' table takes this app's name; the image for shared links, first the home page's hero."""

import django.db.models.deletion
from django.db import migrations, models


def home_hero_as_share_image(apps, schema_editor):
    SiteSettings = apps.get_model("core", "SiteSettings")
    HomePage = apps.get_model("home", "HomePage")
    for site_settings in SiteSettings.objects.select_related("site"):
        home = HomePage.objects.filter(pk=site_settings.site.root_page_id).first()
        if home and home.hero_image_id:
            site_settings.share_image_id = home.hero_image_id
            site_settings.save(update_fields=["share_image"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("home", "0004_settings_to_core_voices_from_taxonomy"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AlterModelTable(name="sitesettings", table=None),
        migrations.AddField(
            model_name="sitesettings",
            name="share_image",
            field=models.ForeignKey(blank=True, help_text="Shown when a page without a hero image of its own is shared on social media.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailimages.image"),
        ),
        migrations.RunPython(home_hero_as_share_image, migrations.RunPython.noop),
    ]
