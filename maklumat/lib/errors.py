"""The site's error pages: 403, 404, 429 and 500 in the site's layout, Indonesian with English.

One documented answer everywhere (UI and API): anything outside the user's reach, or that does
not exist, is 404; an action the user's role may not take, inside their reach, is 403; too many
requests from one client is 429.
"""

from __future__ import annotations

from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

# (title, message, English) per status; the English line is shown whatever the UI language.
PAGES = {
    403: ("Tidak diizinkan", "Peran Anda tidak berwenang untuk tindakan ini.",
          "Forbidden: your role may not take this action."),
    404: ("Tidak ditemukan", "Halaman atau data ini tidak ada, atau berada di luar jangkauan Anda.",
          "Not found: this page or record does not exist, or is outside your reach."),
    429: ("Terlalu banyak permintaan", "Coba lagi dalam satu menit.",
          "Too many requests: try again in a minute."),
    500: ("Terjadi kesalahan", "Kesalahan ini sudah dicatat. Silakan coba lagi nanti.",
          "Something went wrong. It has been logged; please try again later."),
}


def error_response(request, status: int, detail: str = ""):
    title, message, english = PAGES[status]
    context = {"status": status, "title": _(title), "message": _(message), "english": english, "detail": detail}
    return render(request, "errors/error.html", context, status=status)


def _detail(exception) -> str:
    # Only messages the app itself raised (a translated PermissionDenied text), never internals.
    text = str(exception) if exception is not None else ""
    return "" if not text or text in {"403 Forbidden", "Forbidden"} or text.startswith("Resolver404") else text


def page_forbidden(request, exception=None):
    return error_response(request, 403, _detail(exception))


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    # Keep the 500 page independent of the database and context processors.
    title, message, english = PAGES[500]
    from django.http import HttpResponseServerError

    body = loader.get_template("errors/500.html").render({"title": title, "message": message, "english": english})
    return HttpResponseServerError(body)
