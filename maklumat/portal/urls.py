from django.urls import path

from maklumat.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("kantor/<slug:code>/standar/", views.office_standards, name="office_standards"),
    path("kantor/<slug:code>/maklumat.pdf", views.office_poster, name="office_poster"),
    path("dasbor/", views.dashboard, name="dashboard"),
]
