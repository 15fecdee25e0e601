from django.urls import path

from maklumat.queueing import kiosk_views, views

app_name = "queueing"
base = "kantor/<slug:code>/antrian/"
urlpatterns = [
    path(base, views.overview, name="overview"),
    path(f"{base}ambil/", views.officer_issue, name="officer_issue"),
    path(f"{base}kiosk/", kiosk_views.kiosk, name="kiosk"),
    path(f"{base}kiosk/check-in/", kiosk_views.kiosk_check_in, name="kiosk_check_in"),
    path(f"{base}kiosk/tiket/<str:signed>/", kiosk_views.kiosk_ticket, name="kiosk_ticket"),
    path(f"{base}kiosk/perangkat/", kiosk_views.devices, name="kiosk_devices"),
    path(f"{base}kiosk/perangkat/<int:device_id>/cabut/", kiosk_views.device_revoke, name="kiosk_device_revoke"),
    path("kiosk/pasang/", kiosk_views.pair, name="kiosk_pair"),
    path(f"{base}tiket/<int:ticket_id>/", kiosk_views.ticket_view, name="ticket"),
    path(f"{base}layar/", views.board, name="board"),
    path(f"{base}layar/panggilan/", views.board_calls, name="board_calls"),
    path(f"{base}loket/<int:counter_id>/", views.counter_screen, name="counter"),
    path(f"{base}loket/<int:counter_id>/menunggu/", views.counter_waiting, name="counter_waiting"),
    path(f"{base}loket/<int:counter_id>/<slug:action>/", views.counter_action, name="counter_action"),
    path(f"{base}statistik/", views.statistics, name="statistics"),
    path(f"{base}statistik.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
]
