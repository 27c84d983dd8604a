from wagtail import hooks

from .admin_views import SubscriberViewSet


@hooks.register("register_admin_viewset")
def register_subscribers_viewset():
    return SubscriberViewSet()
