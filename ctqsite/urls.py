from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as document_views

from assessment.workspace_views import stop_reminders
from pagecache import routes as page_routes
from protection import media
from protection.availability import health
from protection.signin import PasswordResetView, shared_password_limited
from search import views as search_views
from stories import feeds

urlpatterns = [
    path("health/", health, name="health"),
    # Sign-in limits (protection/signin.py): django-axes covers every login view; these are password reset's
    # rate limits and the shared-password forms it cannot see. They come before the apps' own URLs,
    # which still name them.
    path("admin/password_reset/", never_cache(PasswordResetView.as_view())),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        shared_password_limited(wagtail_views.authenticate_with_password, "page_view_restriction_id"),
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        shared_password_limited(document_views.authenticate_with_password, "restriction_id"),
    ),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Outside the page tree: a mail client's one-click stop (RFC 8058) posts without a CSRF token.
    path("plan-reminders/stop/<str:token>/", stop_reminders, name="stop_plan_reminders"),
    path("subscribe/", include("subscriptions.urls")),
    # A plain view, not a route of the stories page: sharing a story is this app's, a layer above stories.
    path("school-stories/share/", include("storyshare.urls")),
    # Outside the page tree, so a post's page has no form of its own and stays one cached copy (comments/views.py).
    path("comments/", include("comments.urls")),
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

# Wagtail's page serving comes last: it catches every other path. Pages are routed from memory where they can be.
urlpatterns += [
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, page_routes.serve, name="wagtail_serve"),
]
