from django.urls import path

from maklumat.satisfaction import views

app_name = "satisfaction"
urlpatterns = [
    path("survei/", views.survey_start, name="survey_start"),
    path("survei/<str:token>/", views.survey, name="survey"),
    path("survei/<str:token>/qr.svg", views.survey_qr, name="survey_qr"),
    path("kantor/<slug:code>/ikm/", views.dashboard, name="dashboard"),
    path("kantor/<slug:code>/ikm/kios/", views.kiosk, name="kiosk"),
    path("kantor/<slug:code>/ikm/undangan/", views.invitation_slip, name="invitation"),
    path("kantor/<slug:code>/ikm/target/", views.targets, name="targets"),
    path("kantor/<slug:code>/ikm/laporan/", views.report, name="report"),
    path("kantor/<slug:code>/ikm/laporan/tindak-lanjut/", views.report_follow_up, name="report_follow_up"),
    path("kantor/<slug:code>/ikm/laporan/populasi/", views.report_population, name="report_population"),
    path("kantor/<slug:code>/ikm/laporan.pdf", views.report_pdf, name="report_pdf"),
    path("kantor/<slug:code>/ikm/laporan.xlsx", views.report_xlsx, name="report_xlsx"),
    path("kantor/<slug:code>/ikm/saran/", views.suggestions, name="suggestions"),
    path("kantor/<slug:code>/ikm/saran/<int:pk>/pengaduan/", views.suggestion_mark, name="suggestion_mark"),
]
