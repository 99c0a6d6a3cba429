"""Exchange with the national monitoring system."""

from django.urls import path

from . import views as exchange_views

urlpatterns = [
    path("trao-doi/", exchange_views.exchange_home, name="exchange_home"),
    path("trao-doi/nhap/", exchange_views.exchange_import_confirm, name="exchange_import_confirm"),
    path("trao-doi/xuat/<int:pk>.json", exchange_views.exchange_export_download, name="exchange_export"),
    path("trao-doi/noi-nhan/<int:pk>/gui/", exchange_views.exchange_push_now, name="exchange_push_now"),
]
