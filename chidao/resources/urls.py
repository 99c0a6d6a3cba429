from django.urls import path

from . import views

urlpatterns = [
    path("", views.resources_dashboard, name="resource_dashboard"),
    path("du-an/", views.project_list, name="project_list"),
    path("du-an/moi/", views.project_form, name="project_create"),
    path("du-an/<int:pk>/", views.project_detail, name="project_detail"),
    path("du-an/<int:pk>/sua/", views.project_form, name="project_edit"),
    path("du-an/<int:pk>/ke-hoach-von/", views.capital_plan_set, name="capital_plan_set"),
    path("du-an/<int:pk>/giai-ngan/", views.disbursement_create, name="disbursement_create"),
    path("giai-ngan/<int:pk>/tep/", views.disbursement_file, name="disbursement_file"),
]
