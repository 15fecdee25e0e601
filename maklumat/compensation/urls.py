from django.urls import path

from maklumat.compensation import report_views, views

app_name = "compensation"
urlpatterns = [
    path("kantor/<slug:code>/kompensasi/", views.watchlist_view, name="watchlist"),
    path("kantor/<slug:code>/permohonan/<str:number>/klaim/", views.claim_create, name="claim_create"),
    path("kantor/<slug:code>/kompensasi/klaim/<int:pk>/", views.claim_detail, name="claim"),
    path("kantor/<slug:code>/kompensasi/klaim/<int:pk>/surat-maaf.pdf", views.apology_letter, name="apology_pdf"),
    path("kantor/<slug:code>/kompensasi/klaim/<int:pk>/tanda-terima.pdf", views.delivery_receipt,
         name="receipt_pdf"),
    path("kantor/<slug:code>/kompensasi/klaim/<int:pk>/<slug:action>/", views.claim_fulfil, name="fulfil"),
    path("kantor/<slug:code>/kompensasi/suvenir/", views.souvenirs_view, name="souvenirs"),
    path("kantor/<slug:code>/kompensasi/suvenir/<int:pk>/batas/", views.souvenir_threshold, name="souvenir_threshold"),
    path("kantor/<slug:code>/kompensasi/laporan/", report_views.report_view, name="report"),
    path("kantor/<slug:code>/kompensasi/laporan.pdf", report_views.report_pdf, name="report_pdf"),
    path("kantor/<slug:code>/kompensasi/laporan.xlsx", report_views.report_xlsx, name="report_xlsx"),
    path("kantor/<slug:code>/kompensasi/laporan/rincian/", report_views.report_rows_view, name="report_rows"),
    path("kantor/<slug:code>/gangguan/", views.outages_view, name="outages"),
    path("kantor/<slug:code>/gangguan/<int:pk>/selesai/", views.outage_close, name="outage_close"),
    path("kantor/<slug:code>/gangguan/<int:pk>/batal/", views.outage_void, name="outage_void"),
]
