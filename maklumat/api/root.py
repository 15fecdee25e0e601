"""The REST API (django-ninja). Each area adds its ``api.router``; OpenAPI at /api/v1/docs.

Every error answer is ``{"detail": ...}`` (``lib.apidoc.ErrorOut``); each operation declares the 4xx
answers it gives and the schema explains each code with the same words (``lib.apidoc.MEANINGS``).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI

from maklumat.api.auth import STAFF_AUTH
from maklumat.lib.apidoc import MEANINGS
from maklumat.lib.areas import area_modules


class MaklumatAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema["paths"].values():
            for operation in path.values():
                for code, answer in operation.get("responses", {}).items():
                    if int(code) in MEANINGS:
                        answer["description"] = MEANINGS[int(code)]
        return schema


api = MaklumatAPI(
    title="Maklumat API",
    version="1",
    description="Layanan paspor, antrian, kompensasi, pengaduan dan IKM kantor imigrasi. Every error answer is "
                '`{"detail": ...}`; times are ISO 8601 in the office\'s own offset (+07:00 WIB, +08:00 WITA, '
                "+09:00 WIT).",
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
