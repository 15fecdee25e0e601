"""The page a locked-out login gets (django-axes ``AXES_LOCKOUT_CALLABLE``), in the site's layout."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


def _minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def locked_out(request, original_response=None, credentials=None):
    minutes = _minutes()
    context = {
        "status": 429,
        "title": _("Login dikunci sementara"),
        "message": _("Terlalu banyak percobaan masuk dengan kata sandi salah. Coba lagi dalam %(minutes)d menit, "
                     "atau minta administrator membuka kunci akun Anda.") % {"minutes": minutes},
        "english": (f"Too many failed sign-in attempts. Try again in {minutes} minute(s), "
                    "or ask an administrator to unlock your account."),
    }
    response = render(request, "errors/error.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
