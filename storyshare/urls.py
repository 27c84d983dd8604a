from django.urls import path

from . import views

app_name = "storyshare"

urlpatterns = [
    path("", views.step, name="start"),
    path("<int:number>/", views.step, name="step"),
    path("thanks/", views.thanks, name="thanks"),
]
