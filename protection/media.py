"""Images and their renditions from MEDIA_ROOT (settings.SERVE_MEDIA), and nothing else stored there.

Documents are in MEDIA_ROOT too, but only Wagtail's view (/documents/<id>/<name>) may serve them: it
checks the collection's privacy (SECURITY.md trap 11).
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

# Where Wagtail stores original images and their renditions.
IMAGE_FOLDERS = {"original_images", "images"}
# A year, and never revalidated: protection.storage never gives a file an image's name twice.
IMAGE_CACHE_CONTROL = "public, max-age=31536000, immutable"


def serve_image(request, path):
    # The folder is read after normalising, so images/../documents/… is documents/….
    path = posixpath.normpath(path).lstrip("/")
    if path.partition("/")[0] not in IMAGE_FOLDERS:
        raise Http404("Not an image.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = IMAGE_CACHE_CONTROL
    return response
