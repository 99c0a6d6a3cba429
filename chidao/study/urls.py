from django.urls import path

from . import views

urlpatterns = [
    path("hoc-tap/", views.study_home, name="study_home"),
    path("hoc-tap/giao/", views.study_create, name="study_create"),
    path("hoc-tap/<int:pk>/", views.study_assignment, name="study_assignment"),
    path("hoc-tap/<int:pk>/da-hoc/", views.study_mark, name="study_mark"),
    path("hoc-tap/<int:pk>/kiem-tra/", views.study_quiz, name="study_quiz"),
    path("hoc-tap/<int:pk>/thu-hoach/", views.study_reflection, name="study_reflection"),
    path("hoc-tap/<int:pk>/thong-ke/", views.study_stats, name="study_stats"),
    path("hoc-tap/<int:pk>/han/", views.study_due_set, name="study_due_set"),
    path("hoc-tap/<int:pk>/ket-thuc/", views.study_close, name="study_close"),
    path("hoc-tap/<int:pk>/danh-sach/", views.study_people, name="study_people"),
]
