from django.urls import path

from . import views

urlpatterns = [
    path("<int:post_id>/", views.comment_form, name="comment_form"),
    path("delete/<str:token>/", views.delete_comment, name="delete_comment"),
]
