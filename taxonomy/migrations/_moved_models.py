"""For migrations that move models between apps and keep their rows (the re-housing of issue 15).

The tables stay as they are (the state moves with SeparateDatabaseAndState); the content types
are renamed, so pages, revisions, permissions, log entries and search entries that point at
them follow the model to its new app.
"""

from django.db import migrations


def move_content_types(from_app, to_app, models):
    def forwards(apps, schema_editor):
        _rename(apps, from_app, to_app, models)

    def backwards(apps, schema_editor):
        _rename(apps, to_app, from_app, models)

    return migrations.RunPython(forwards, backwards)


def _rename(apps, from_app, to_app, models):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        # A content type created for the new app with nothing yet pointing at it gives way to the old one.
        old = ContentType.objects.filter(app_label=from_app, model=model)
        if old.exists():
            ContentType.objects.filter(app_label=to_app, model=model).delete()
            old.update(app_label=to_app)
