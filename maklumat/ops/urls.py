from django.urls import path

from maklumat.ops.health import health

app_name = "ops"
urlpatterns = [path("health/", health, name="health")]
