"""The Content-Security-Policy: a strict one on the public site, Wagtail's needs under the admin.
(Permissions-Policy is django-permissions-policy's middleware, from settings.PERMISSIONS_POLICY.)"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's own policy under ADMIN_PREFIXES.

    The Wagtail admin does not run under the public site's policy (inline styles, data: and
    blob: images), so it gets ADMIN_CONTENT_SECURITY_POLICY, still enforced: frame-ancestors
    works only in an enforced policy, and it is what lets the page editor's preview frame the site.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIXES):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts
