from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("quan-tri-django/", admin.site.urls),
    path("", include("chidao.core.urls")),
]
