"""Where uploads are kept: files on this machine, or S3-compatible storage (AWS S3, MinIO, Cloudflare R2)
shared by every instance.

Either way images and renditions are cached for a year under names never used twice (from disk through
protection.media, from the bucket or the CDN in front of it); documents stay private and reach readers
only through Wagtail's view, which checks the collection's privacy (settings.WAGTAILDOCS_SERVE_METHOD).
"""

import posixpath

from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

from protection.media import IMAGE_CACHE_CONTROL, IMAGE_FOLDERS


def is_image(name):
    return name.partition("/")[0] in IMAGE_FOLDERS


class NewImageNames:
    def get_available_name(self, name, max_length=None):
        # Wagtail names an image after its upload and a rendition after its image, and frees a name when
        # it deletes the file: a new picture under a freed name would show browsers and the CDN the old
        # one for a year. A random part in every image's name makes each name new.
        if is_image(name):
            directory, file_name = posixpath.split(name)
            name = posixpath.join(directory, self.get_alternative_name(*posixpath.splitext(file_name)))
        return super().get_available_name(name, max_length)


class LocalMediaStorage(NewImageNames, FileSystemStorage):
    """MEDIA_ROOT on this machine."""


class MediaStorage(NewImageNames, S3Storage):
    def get_object_parameters(self, name):
        # Documents are private, should the bucket or a CDN ever be opened to them by mistake.
        cache_control = IMAGE_CACHE_CONTROL if is_image(name) else "private, no-store"
        return {"CacheControl": cache_control, **super().get_object_parameters(name)}
