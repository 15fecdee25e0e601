from django.urls import path

from maklumat.notifications import views

app_name = "notifications"
urlpatterns = [
    path("kantor/<slug:code>/notifikasi/", views.delivery_status, name="status"),
    path("kantor/<slug:code>/notifikasi/penolakan/", views.optout, name="optout"),
]
