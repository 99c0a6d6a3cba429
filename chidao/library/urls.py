from django.urls import path

from . import views

urlpatterns = [
    path("thu-vien/", views.library_home, name="library_home"),
    path("thu-vien/moi/", views.library_new, name="library_new"),
    path("thu-vien/them/", views.library_upload, name="library_upload"),
    path("thu-vien/da-luu/", views.library_saved, name="library_saved"),
    path("thu-vien/da-luu.json", views.library_saved_json, name="library_saved_json"),
    path("thu-vien/<int:pk>/", views.library_document, name="library_document"),
    path("thu-vien/<int:pk>/tep/", views.library_file, name="library_file"),
    path("thu-vien/<int:pk>/noi-dung/", views.library_text, name="library_text"),
    path("thu-vien/<int:pk>/sua/", views.library_edit, name="library_edit"),
    path("thu-vien/<int:pk>/thu-hoi/", views.library_withdraw, name="library_withdraw"),
    path("thu-vien/<int:pk>/hieu-luc/", views.library_validity, name="library_validity"),
    path("thu-vien/<int:pk>/lien-ket/", views.library_link_add, name="library_link_add"),
    path("thu-vien/<int:pk>/luu/", views.library_bookmark, name="library_bookmark"),
    path("thu-vien/<int:pk>/ghi-chu/", views.library_note_add, name="library_note_add"),
    path("thu-vien/ghi-chu/<int:pk>/xoa/", views.library_note_delete, name="library_note_delete"),
]
