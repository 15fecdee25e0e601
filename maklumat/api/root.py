"""The REST API (django-ninja). Each area adds its ``api.router``; OpenAPI at /api/v1/docs."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI

from maklumat.api.auth import STAFF_AUTH
from maklumat.lib.areas import area_modules

api = NinjaAPI(
    title="Maklumat API",
    version="1",
    description="Layanan paspor, antrian, kompensasi, pengaduan dan IKM kantor imigrasi.",
    auth=STAFF_AUTH,
    urls_namespace="api",
)

for _area, module in area_modules("api"):
    api.add_router("/", module.router)


# One documented answer, as on the pages: out of reach or absent = 404, wrong role in reach = 403.
@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Tidak ditemukan / Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Tidak diizinkan / Forbidden"}, status=403)
