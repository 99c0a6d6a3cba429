"""Accounts pages; included once from chidao/urls.py."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("dang-nhap/xac-thuc/", views.second_factor_verify, name="second_factor_verify"),
    path("tai-khoan/bao-mat/", views.account_security, name="account_security"),
    path("tai-khoan/bao-mat/hai-buoc/", views.second_factor_enroll, name="second_factor_enroll"),
    path("tai-khoan/bao-mat/ma-khoi-phuc/", views.recovery_codes_regenerate, name="recovery_codes_regenerate"),
    path("tai-khoan/bao-mat/tat-hai-buoc/", views.second_factor_disable, name="second_factor_disable"),
    path("tai-khoan/mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
    path("tai-khoan/ma-truy-cap/", views.token_list, name="token_list"),
    path("tai-khoan/ma-truy-cap/<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
    path("tai-khoan/nguoi-dung/", views.account_admin, name="account_admin"),
    path("tai-khoan/nguoi-dung/<int:pk>/dat-lai-hai-buoc/", views.account_second_factor_reset,
         name="account_second_factor_reset"),
    path("tai-khoan/nguoi-dung/<int:pk>/mo-khoa/", views.account_unlock, name="account_unlock"),
]
