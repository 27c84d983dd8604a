from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import LoginView
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from ctqsite import media
from ctqsite.availability import health
from ctqsite.lockout import with_lockout
from search import views as search_views
from stories import feeds

urlpatterns = [
    path("health/", health, name="health"),
    # Both sign-in forms lock after repeated failures (ctqsite/lockout.py); these come before
    # the apps' own URLs, which still name them.
    path("django-admin/login/", with_lockout(admin.site.login)),
    path("admin/login/", with_lockout(LoginView.as_view())),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("feeds/roundtable.rss", feeds.RoundtableFeed(), name="roundtable_feed"),
    path("feeds/roundtable.atom", feeds.RoundtableAtomFeed(), name="roundtable_atom_feed"),
    path("feeds/school-stories.rss", feeds.StoriesFeed(), name="stories_feed"),
    path("feeds/school-stories.atom", feeds.StoriesAtomFeed(), name="stories_atom_feed"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

if settings.SERVE_MEDIA:
    # Images and their renditions from MEDIA_ROOT, nothing else: documents/ only through Wagtail's view above.
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media.serve_image)]

# Wagtail's page serving comes last: it catches every other path.
urlpatterns += [path("", include(wagtail_urls))]
