import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctqsite.settings.production")

application = get_wsgi_application()

if not settings.DEBUG:
    # Absolute links come from the default Site: production never serves with the wrong one (core/site_url.py).
    from core.site_url import require_site_url

    require_site_url()
