from django.urls import path

from maklumat.complaints import public_views, report_views, views

app_name = "complaints"
urlpatterns = [
    path("pengaduan/", public_views.submit, name="public_form"),
    path("pengaduan/status/", public_views.status_lookup, name="public_lookup"),
    path("pengaduan/status/<str:tracking>/", public_views.status, name="public_status"),
    path("pengaduan/notifikasi/", views.notifications, name="notifications"),
    path("pengaduan/kerja-saya/", views.my_work, name="my_work"),
    path("kantor/<slug:code>/pengaduan/", views.queue, name="queue"),
    path("kantor/<slug:code>/pengaduan/baru/", views.intake, name="intake"),
    path("kantor/<slug:code>/pengaduan/formulir-kosong.pdf", views.blank_form_pdf, name="blank_form"),
    path("kantor/<slug:code>/pengaduan/rekap/", report_views.office_recap, name="recap"),
    path("kantor/<slug:code>/pengaduan/saran-ikm/", views.survey_suggestions, name="survey_suggestions"),
    path("kantor/<slug:code>/pengaduan/rekap/kirim/", report_views.office_recap_submit, name="recap_submit"),
    path("kantor/<slug:code>/pengaduan/<str:tracking>/", views.detail, name="detail"),
    path("kantor/<slug:code>/pengaduan/<str:tracking>/aksi/", views.act, name="act"),
    path("kantor/<slug:code>/pengaduan/<str:tracking>/penanggung-jawab/", views.step_owner, name="step_owner"),
    path("kantor/<slug:code>/pengaduan/<str:tracking>/catatan/", views.note_add, name="note_add"),
    path("kantor/<slug:code>/pengaduan/<str:tracking>/jawaban/", views.reply_record, name="reply_record"),
    path("kantor/<slug:code>/pengaduan/<str:tracking>/formulir.pdf", views.form_pdf, name="form_pdf"),
    path("kantor/<slug:code>/pengaduan/<str:tracking>/surat/", views.letter_scan, name="letter_scan"),
    path("kantor/<slug:code>/pengaduan/<str:tracking>/lampiran/<int:pk>/", views.attachment, name="attachment"),
    path("kanwil/<slug:code>/pengaduan/rekap/", report_views.kanwil_recap, name="kanwil_recap"),
]
