from django.urls import path

from maklumat.applications import delivery_views, public_views, views

app_name = "applications"
urlpatterns = [
    path("kantor/<slug:code>/permohonan/", views.application_list, name="list"),
    path("kantor/<slug:code>/antar-paspor/", delivery_views.delivery_list, name="delivery_list"),
    path("kantor/<slug:code>/permohonan/<str:number>/", views.application_detail, name="detail"),
    path("kantor/<slug:code>/permohonan/<str:number>/antar/", delivery_views.delivery_detail, name="delivery"),
    path("kantor/<slug:code>/permohonan/<str:number>/antar/tanda-terima/", delivery_views.delivery_receipt,
         name="delivery_receipt"),
    path("kantor/<slug:code>/permohonan/<str:number>/peristiwa/", views.application_event_add, name="event_add"),
    path("kantor/<slug:code>/permohonan/<str:number>/tanda-terima/", public_views.receipt, name="receipt"),
    path("lacak-paspor/", public_views.timeline, name="public_timeline"),
    path("kantor/<slug:code>/permohonan/<str:number>/tanda/", views.application_flag, name="flag"),
    path("kantor/<slug:code>/permohonan/<str:number>/peristiwa/<int:pk>/batal/", views.application_event_void_view,
         name="event_void"),
]
