from django.urls import path

from maklumat.simulation import views

app_name = "simulation"
urlpatterns = [
    path("kantor/<slug:code>/simulasi/", views.page, name="page"),
    path("kantor/<slug:code>/simulasi/rencana/", views.plan_save, name="plan_save"),
    path("kantor/<slug:code>/antrian/tambahan-tunggu/", views.delay_page, name="delay"),
]
