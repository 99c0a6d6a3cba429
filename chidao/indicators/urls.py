from django.urls import path

from . import views

urlpatterns = [
    path("", views.results_dashboard, name="indicator_dashboard"),
    path("moi/", views.indicator_form, name="indicator_create"),
    path("bo/<int:pk>/", views.index_detail, name="indicator_index"),
    path("<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("<int:pk>/sua/", views.indicator_form, name="indicator_edit"),
    path("<int:pk>/chi-tieu/", views.target_create, name="indicator_target_create"),
    path("<int:pk>/nhiem-vu/", views.task_link, name="indicator_task_link"),
    path("<int:pk>/nhiem-vu/<int:task_pk>/bo/", views.task_unlink, name="indicator_task_unlink"),
    path("<int:pk>/nhap/", views.value_create, name="indicator_value_create"),
    path("so-lieu/<int:pk>/xac-minh/", views.value_verify, name="indicator_value_verify"),
    path("so-lieu/<int:pk>/tra-lai/", views.value_return, name="indicator_value_return"),
    path("xac-minh/", views.verification_queue, name="indicator_verification"),
    path("cua-don-vi/", views.my_indicators, name="indicator_mine"),
    path("nhap-excel/", views.values_import, name="indicator_import"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="indicator_evidence"),
]
