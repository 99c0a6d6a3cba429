from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from chidao.accounts import views as account_views
from chidao.api.api import api
from chidao.audit import views as audit_views
from chidao.core import views as core_views
from chidao.directives import views as directive_views
from chidao.notifications import views as notification_views
from chidao.reporting import views as reporting_views
from chidao.rounds import views as round_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("dang-nhap/", account_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", core_views.home, name="home"),
    path("van-ban/", directive_views.directive_list, name="directive_list"),
    path("van-ban/moi/", directive_views.directive_create, name="directive_create"),
    path("van-ban/<int:pk>/", directive_views.directive_detail, name="directive_detail"),
    path("van-ban/<int:pk>/lanh-dao-phu-trach/", directive_views.directive_leader_set, name="directive_leader_set"),
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
    path("don-vi-cua-toi/bao-cao/", reporting_views.unit_report_list, name="unit_report_list"),
    path("tham-dinh/", reporting_views.review_queue, name="review_queue"),
    path("gia-han/", reporting_views.extension_queue, name="extension_queue"),
    path("gia-han/<int:pk>/quyet-dinh/", reporting_views.extension_decide, name="extension_decide"),
    path("nhat-ky/", audit_views.audit_log, name="audit_log"),
    path("ky-bao-cao/", round_views.round_list, name="round_list"),
    path("ky-bao-cao/moi/", round_views.round_create, name="round_create"),
    path("ky-bao-cao/<int:pk>/", round_views.round_detail, name="round_detail"),
    path("ky-bao-cao/<int:pk>/bang/", round_views.round_detail_table, name="round_detail_table"),
    path("ky-bao-cao/<int:pk>/dong/", round_views.round_close, name="round_close"),
    path("thong-bao/", notification_views.notification_list, name="notification_list"),
    path("thong-bao/<int:pk>/mo/", notification_views.notification_open, name="notification_open"),
    path("thong-bao/doc-het/", notification_views.notification_read_all, name="notification_read_all"),
    path("thong-bao/cai-dat/", notification_views.preferences, name="notification_preferences"),
    path("thu-gui-di/", notification_views.delivery_list, name="delivery_list"),
    path("thu-gui-di/<int:pk>/gui-lai/", notification_views.delivery_retry, name="delivery_retry"),
    path("chi-so/", include("chidao.indicators.urls")),
    path("nguon-luc/", include("chidao.resources.urls")),
    path("", include("chidao.documents.urls")),
    path("", include("chidao.exchange.urls")),
    path("", include("chidao.supervision.urls")),
    path("", include("chidao.meetings.urls")),
    path("", include("chidao.orgs.urls")),
    path("", include("chidao.guide.urls")),
    path("", include("chidao.accounts.urls")),
    path("", include("chidao.library.urls")),
    path("", include("chidao.study.urls")),
    path("", include("chidao.members.urls")),
    path("api/v1/", api.urls),
    path("quan-tri-django/", admin.site.urls),
]
