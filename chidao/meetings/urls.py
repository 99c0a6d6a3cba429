"""Meeting-room pages; included once from chidao/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("phien-hop/", views.meeting_list, name="meeting_list"),
    path("phien-hop/moi/", views.meeting_create, name="meeting_create"),
    path("phien-hop/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("phien-hop/<int:pk>/moi-hop/", views.meeting_invite, name="meeting_invite"),
    path("phien-hop/<int:pk>/sua/", views.meeting_edit, name="meeting_edit"),
    path("phien-hop/<int:pk>/huy/", views.meeting_cancel, name="meeting_cancel"),
    path("phien-hop/<int:pk>/bat-dau/", views.meeting_start, name="meeting_start"),
    path("phien-hop/<int:pk>/chuong-trinh/sap-xep/", views.agenda_item_move, name="agenda_item_move"),
    path("phien-hop/<int:pk>/tra-loi/", views.invitation_respond, name="invitation_respond"),
    path("phien-hop/<int:pk>/chuong-trinh/", views.agenda_item_add, name="agenda_item_add"),
    path("phien-hop/<int:pk>/noi-dung/<int:item_pk>/tai-lieu/", views.document_upload, name="document_upload"),
    path("phien-hop/<int:pk>/noi-dung/<int:item_pk>/gop-y/", views.opinion_add, name="opinion_add"),
    path("phien-hop/<int:pk>/noi-dung/<int:item_pk>/bieu-quyet/", views.vote_create, name="vote_create"),
    path("phien-hop/<int:pk>/bieu-quyet/<int:vote_pk>/<slug:action>/", views.vote_action, name="vote_action"),
    path("phien-hop/<int:pk>/truc-tiep/", views.meeting_live, name="meeting_live"),
    path("phien-hop/<int:pk>/truc-tiep/noi-dung", views.meeting_live_panel, name="meeting_live_panel"),
    path("phien-hop/<int:pk>/trang-thai", views.meeting_state, name="meeting_state"),
    path("phien-hop/<int:pk>/su-kien", views.meeting_events, name="meeting_events"),
    path("phien-hop/<int:pk>/chuyen-noi-dung/", views.meeting_item_set, name="meeting_item_set"),
    path("phien-hop/<int:pk>/ket-thuc/", views.meeting_close, name="meeting_close"),
    path("phien-hop/<int:pk>/diem-danh/", views.meeting_checkin, name="meeting_checkin"),
    path("phien-hop/<int:pk>/phat-bieu/", views.speak_request, name="speak_request"),
    path("phien-hop/<int:pk>/phat-bieu/<int:request_pk>/", views.speak_update, name="speak_update"),
    path("phien-hop/<int:pk>/bao-cao-truc-tiep/", views.live_report, name="meeting_live_report"),
    path("phien-hop/<int:pk>/ket-luan/", views.conclusions_save, name="conclusions_save"),
    path("phien-hop/<int:pk>/ket-luan/xac-nhan/", views.conclusions_confirm, name="conclusions_confirm"),
    path("phien-hop/<int:pk>/ket-luan/lien-ket/", views.conclusions_link, name="conclusions_link"),
    path("phien-hop/<int:pk>/bien-ban.docx", views.minutes_docx, name="meeting_minutes_docx"),
    path("phien-hop/<int:pk>/thong-bao-ket-luan.docx", views.notice_docx, name="meeting_notice_docx"),
    path("tai-lieu-hop/<int:pk>/", views.document_download, name="meeting_document_download"),
]
