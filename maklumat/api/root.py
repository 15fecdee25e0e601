"""The REST API (django-ninja). Each area adds its ``api.router``; OpenAPI at /api/v1/docs."""

from ninja import NinjaAPI

from maklumat.api.auth import STAFF_AUTH
from maklumat.portal.areas import area_modules

api = NinjaAPI(
    title="Maklumat API",
    version="1",
    description="Layanan paspor, antrian, kompensasi, pengaduan dan IKM kantor imigrasi.",
    auth=STAFF_AUTH,
    urls_namespace="api",
)

for _area, module in area_modules("api"):
    api.add_router("/", module.router)
