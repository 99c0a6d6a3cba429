"""Unit groups; included once from chidao/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("don-vi/nhom/", views.unit_group_list, name="unit_group_list"),
    path("don-vi/nhom/<int:pk>/", views.unit_group_edit, name="unit_group_edit"),
]
