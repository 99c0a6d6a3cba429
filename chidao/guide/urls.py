from django.urls import path

from . import views

urlpatterns = [
    path("bat-dau/an/", views.guide_dismiss, name="guide_dismiss"),
    path("bat-dau/hien/", views.guide_restore, name="guide_restore"),
]
