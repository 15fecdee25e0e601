"""Root URLs. Each area's ``urls`` module is included under its own namespace."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from maklumat.api.root import api
from maklumat.lib.areas import area_modules
from maklumat.lib.ratelimit import public_rate_limit

urlpatterns = [
    # Wrong passwords lock the account and the address (django-axes, settings.AXES_*); the page itself
    # is limited per address like every public page.
    path("masuk/", public_rate_limit("login")(auth_views.LoginView.as_view()), name="login"),
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
