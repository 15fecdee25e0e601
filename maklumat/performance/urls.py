from django.urls import path

from maklumat.performance import views

app_name = "performance"
urlpatterns = [
    path("kantor/<slug:code>/kinerja/", views.office_page, name="office"),
    path("kantor/<slug:code>/kinerja/janji/<slug:promise>/", views.promise_rows, name="promise_rows"),
    path("kantor/<slug:code>/kinerja/langkah/", views.step_rows, name="step_rows"),
    path("kantor/<slug:code>/kinerja/target/", views.target_set, name="target_set"),
    path("kantor/<slug:code>/kinerja/rapor/", views.office_report, name="report"),
    path("kanwil/<slug:code>/kinerja/", views.kanwil_page, name="kanwil"),
    path("kinerja/nasional/", views.national_page, name="national"),
]
