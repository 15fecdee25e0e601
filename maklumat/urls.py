"""Root URLs. Each area's ``urls`` module is included under its own namespace."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from maklumat.api.root import api
from maklumat.lib.areas import area_modules

urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
urlpatterns += [path("", include(module)) for _, module in area_modules("urls")]

admin.site.site_header = "Maklumat — Administrasi"
admin.site.site_title = "Maklumat"
admin.site.index_title = "Administrasi"

handler403 = "maklumat.lib.errors.page_forbidden"
handler404 = "maklumat.lib.errors.page_not_found"
handler500 = "maklumat.lib.errors.server_error"
