"""Supervision pages; included once from chidao/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("giam-sat/", views.supervision_dashboard, name="supervision_dashboard"),
    path("giam-sat/thiet-lap/", views.settings_edit, name="supervision_settings"),
    path("canh-bao/", views.warning_list, name="warning_list"),
    path("y-kien-chi-dao/", views.direction_list, name="direction_list"),
    path("y-kien-chi-dao/moi/", views.direction_create, name="direction_create"),
    path("y-kien-chi-dao/<int:pk>/tiep-nhan/", views.direction_acknowledge, name="direction_acknowledge"),
    path("kien-nghi/", views.recommendation_list, name="recommendation_list"),
    path("kien-nghi/moi/", views.recommendation_create, name="recommendation_create"),
    path("kien-nghi/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("bao-cao/<int:report_pk>/chuyen-kien-nghi/", views.recommendation_from_report,
         name="recommendation_from_report"),
    path("xep-hang/", views.ranking, name="ranking"),
    path("xep-hang/chot/", views.scorecard_freeze, name="scorecard_freeze"),
    path("xep-hang/don-vi/<int:unit_pk>/", views.scorecard_detail, name="scorecard_detail"),
]
