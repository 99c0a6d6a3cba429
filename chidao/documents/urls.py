"""Reports, spreadsheets, the plan import and the unit aliases."""

from django.urls import path

from . import views as document_views

urlpatterns = [
    path("van-ban/<int:pk>/bao-cao-tong-hop/", document_views.consolidated_report, name="consolidated_report"),
    path("van-ban/<int:pk>/nhap-excel/", document_views.plan_import, name="plan_import"),
    path("van-ban/<int:pk>/nhap-excel/xac-nhan/", document_views.plan_import_confirm, name="plan_import_confirm"),
    path("van-ban/<int:pk>/them-tu-van-ban/", document_views.tasks_from_document, name="tasks_from_document"),
    path("nhap-excel/tep-mau.xlsx", document_views.plan_import_sample, name="plan_import_sample"),
    path("nhiem-vu/<int:pk>/bao-cao.docx", document_views.task_report, name="task_report"),
    path("nhiem-vu/xuat-excel/", document_views.task_list_xlsx, name="task_list_xlsx"),
    path("xep-hang/xuat-excel/", document_views.ranking_xlsx, name="ranking_xlsx"),
    path("xuat-excel/<slug:key>/", document_views.extra_xlsx, name="extra_xlsx"),
    path("don-vi/<int:pk>/bao-cao.docx", document_views.unit_report, name="unit_report"),
    path("don-vi/ten-goi-khac/", document_views.unit_aliases, name="unit_aliases"),
    path("don-vi/<int:pk>/ten-goi-khac/", document_views.unit_aliases_edit, name="unit_aliases_edit"),
]
