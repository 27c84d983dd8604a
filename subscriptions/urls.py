from django.urls import path

from . import views

app_name = "subscriptions"

# Tokens are secrets.token_urlsafe: the slug converter's letters, so nothing else reaches the database.
urlpatterns = [
    path("", views.subscribe_page, name="subscribe"),
    path("check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("confirm/<slug:token>/", views.confirm_page, name="confirm"),
    path("manage/<slug:token>/", views.manage_page, name="manage"),
    path("unsubscribe/<slug:token>/", views.unsubscribe_page, name="unsubscribe"),
]
