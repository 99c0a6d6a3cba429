from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from chidao.api.api import api
from chidao.audit import views as audit_views
from chidao.core import views as core_views
from chidao.directives import views as directive_views
from chidao.documents import views as document_views
from chidao.exchange import views as exchange_views
from chidao.reporting import views as reporting_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", core_views.home, name="home"),
    path("van-ban/", directive_views.directive_list, name="directive_list"),
    path("van-ban/moi/", directive_views.directive_create, name="directive_create"),
    path("van-ban/<int:pk>/", directive_views.directive_detail, name="directive_detail"),
    path("nhiem-vu/", directive_views.task_list, name="task_list"),
    path("nhiem-vu/moi/", directive_views.task_create, name="task_create"),
    path("nhiem-vu/<int:pk>/", directive_views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/sua/", directive_views.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/giao/", directive_views.task_assign, name="task_assign"),
    path("nhiem-vu/<int:pk>/huy/", directive_views.task_cancel, name="task_cancel"),
    path("nhiem-vu/<int:task_pk>/bao-cao/moi/", reporting_views.report_create, name="report_create"),
    path("nhiem-vu/<int:task_pk>/gia-han/", reporting_views.extension_create, name="extension_create"),
    path("bao-cao/<int:pk>/", reporting_views.report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/soan-lai/", reporting_views.report_revise, name="report_revise"),
    path("bao-cao/<int:pk>/tham-dinh/", reporting_views.report_review, name="report_review"),
    path("minh-chung/<int:pk>/", reporting_views.evidence_download, name="evidence_download"),
    path("don-vi-cua-toi/", reporting_views.workspace, name="workspace"),
    path("tham-dinh/", reporting_views.review_queue, name="review_queue"),
    path("gia-han/", reporting_views.extension_queue, name="extension_queue"),
    path("gia-han/<int:pk>/quyet-dinh/", reporting_views.extension_decide, name="extension_decide"),
    path("nhat-ky/", audit_views.audit_log, name="audit_log"),
    # Documents: reports, spreadsheets, the plan import (chidao.documents).
    path("van-ban/<int:pk>/bao-cao-tong-hop/", document_views.consolidated_report, name="consolidated_report"),
    path("van-ban/<int:pk>/nhap-excel/", document_views.plan_import, name="plan_import"),
    path("van-ban/<int:pk>/nhap-excel/xac-nhan/", document_views.plan_import_confirm, name="plan_import_confirm"),
    path("nhap-excel/tep-mau.xlsx", document_views.plan_import_sample, name="plan_import_sample"),
    path("nhiem-vu/<int:pk>/bao-cao.docx", document_views.task_report, name="task_report"),
    path("nhiem-vu/xuat-excel/", document_views.task_list_xlsx, name="task_list_xlsx"),
    path("xep-hang/xuat-excel/", document_views.ranking_xlsx, name="ranking_xlsx"),
    path("xuat-excel/<slug:key>/", document_views.extra_xlsx, name="extra_xlsx"),
    path("don-vi/<int:pk>/bao-cao.docx", document_views.unit_report, name="unit_report"),
    path("don-vi/ten-goi-khac/", document_views.unit_aliases, name="unit_aliases"),
    path("don-vi/<int:pk>/ten-goi-khac/", document_views.unit_aliases_edit, name="unit_aliases_edit"),
    # Exchange with the national monitoring system (chidao.exchange).
    path("trao-doi/", exchange_views.exchange_home, name="exchange_home"),
    path("trao-doi/nhap/", exchange_views.exchange_import_confirm, name="exchange_import_confirm"),
    path("trao-doi/xuat/<int:pk>.json", exchange_views.exchange_export_download, name="exchange_export"),
    path("trao-doi/noi-nhan/<int:pk>/gui/", exchange_views.exchange_push_now, name="exchange_push_now"),
    path("", include("chidao.supervision.urls")),
    path("", include("chidao.meetings.urls")),
    path("api/v1/", api.urls),
    path("quan-tri-django/", admin.site.urls),
]
