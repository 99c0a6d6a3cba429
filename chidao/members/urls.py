from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("cua-toi/", views.personal_page, name="my_page"),
    path("cua-toi/ho-so/", views.my_profile, name="my_profile"),
    path("cua-toi/dong-bo/", views.offline_sync, name="offline_sync"),
    path("cua-toi/ngoai-tuyen/", views.offline, name="offline"),
    path("dang-vien/", views.member_list, name="member_list"),
    path("dang-vien/nhap/", views.member_import, name="member_import"),
    path("dang-vien/nhap/xac-nhan/", views.member_import_confirm, name="member_import_confirm"),
    path("dang-vien/them/", views.member_create, name="member_create"),
    path("dang-vien/<int:pk>/moi-dat-mat-khau/", views.member_invite, name="member_invite"),
    path("dang-vien/<int:pk>/", views.profile_detail, name="profile_detail"),
    path("dang-vien/<int:pk>/chi-bo/", views.member_cell_set, name="member_cell_set"),
    path("de-nghi-sua-ho-so/", views.correction_list, name="correction_list"),
    path("de-nghi-sua-ho-so/<int:pk>/quyet-dinh/", views.correction_decide, name="correction_decide"),
    path("chi-bo/", views.cell_list, name="cell_list"),
    path("chi-bo/<int:pk>/", views.cell_detail, name="cell_detail"),
    path("chi-bo/<int:pk>/bi-thu/", views.cell_secretary_set, name="cell_secretary_set"),
    path("chi-bo/<int:pk>/sinh-hoat/moi/", views.cell_meeting_create, name="cell_meeting_create"),
    path("hoi-dap/", views.question_list, name="question_list"),
    path("hoi-dap/moi/", views.question_create, name="question_create"),
    path("hoi-dap/<int:pk>/", views.question_detail, name="question_detail"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
