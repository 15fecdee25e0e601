"""Django settings, read from the environment (see README, "Configuration")."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.utils.translation import gettext_lazy as _

from maklumat.lib.env import ConfigError, default_data_dir, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
# Never relative to the working directory: running a command elsewhere must not fork the data.
DATA_DIR = Path(env_str("MAKLUMAT_DATA_DIR") or default_data_dir(PACKAGE_DIR)).resolve()
DATA_DIR_FROM_ENV = bool(env_str("MAKLUMAT_DATA_DIR"))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use SECRET_KEY, else a random key kept in the data directory across restarts."""
    configured = env_str("SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Domain areas, one Django app each (see docs/architecture.md). Order matters for seeding.
MAKLUMAT_AREAS = [
    "maklumat.offices",
    "maklumat.accounts",
    "maklumat.audit",
    "maklumat.calendar",
    "maklumat.standards",
    "maklumat.portal",
    "maklumat.applications",
    "maklumat.satisfaction",
    "maklumat.compensation",
    "maklumat.complaints",
    "maklumat.queueing",
    "maklumat.performance",  # Kinerja: promises measured per office, Kanwil, nation
    "maklumat.ops",  # operations: health endpoint, backup and restore (no models)
]

INSTALLED_APPS = [
    *MAKLUMAT_AREAS,
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_ratelimit",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # security headers: see "Security headers" below
    "maklumat.lib.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "maklumat.portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "maklumat.urls"
WSGI_APPLICATION = "maklumat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maklumat.portal.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'maklumat.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing with "database is locked";
    # IMMEDIATE transactions serialise read-then-write sequences (queue numbers, claims).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test_maklumat.sqlite3")}

# Dashboards (Kinerja) read through the ``reporting`` alias so a read replica can serve them:
# ``REPORTING_DATABASE_URL`` (e.g. a streaming replica). Unset, the alias mirrors the primary and the
# selectors read the primary's own connection (no second connection per request, and tests see their
# uncommitted data). See docs/scaling.md.
_reporting_url = env_str("REPORTING_DATABASE_URL", "")
if _reporting_url:
    DATABASES["reporting"] = dj_database_url.parse(_reporting_url,
                                                   conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
else:
    DATABASES["reporting"] = {**DATABASES["default"]}
DATABASES["reporting"]["TEST"] = {"MIRROR": "default"}
REPORTING_DATABASE = "reporting" if _reporting_url else "default"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# django-axes first: a locked-out account or address is refused before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
try:
    ZoneInfo(TIME_ZONE)
except ZoneInfoNotFoundError as exc:
    raise ConfigError(f"TIME_ZONE={TIME_ZONE!r} is not a known time zone") from exc
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "id")
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing directory
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # the demo serves straight from the package if collectstatic was skipped

REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        # Shared by all workers on the host (rate-limit counts must be): a table made by migrate.
        else {"BACKEND": "maklumat.lib.cache.AtomicDatabaseCache", "LOCATION": "maklumat_cache"}
    )
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "maklumat@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ConfigError("EMAIL_USE_TLS and EMAIL_USE_SSL are exclusive: set one (STARTTLS on 587, or SSL on 465)")

# --- Security headers, HTTPS and passwords (issue 12 item 3) -------------------------------------
# Kept in one block, apart from the cache/rate-limit settings. `maklumat check --deploy` is clean with
# DEBUG=false, SECURE_COOKIES=true, a long SECRET_KEY and ALLOWED_HOSTS set.
SECURE_COOKIES = env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (deploy/nginx-maklumat.conf).
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain-HTTP requests are redirected once cookies are HTTPS-only; the health endpoint stays reachable
# over plain HTTP so a local probe (curl http://127.0.0.1:8000/health/) never gets a 301.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_COOKIES)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# HSTS: one year once HTTPS is on, for the host and its subdomains; preload is left to the owner of
# the domain (a browser preload list is a domain-wide, hard-to-undo commitment), see docs/decisions.md.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_COOKIES else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): no inline scripts or styles anywhere; QR codes are inline SVG
# or data: images. JavaScript lives in static files; data reaches it via data-* or json_script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Permissions-Policy (maklumat.lib.security): no page needs these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth",
                    "magnetometer", "gyroscope", "accelerometer", "display-capture", "browsing-topics")
}
PERMISSIONS_POLICY["fullscreen"] = ["self"]  # the queue board goes full screen on a double tap
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- end of security block ---------------------------------------------------------------------

# Requests per minute per client address on public (anonymous) pages.
PUBLIC_RATE_LIMIT = env_int("PUBLIC_RATE_LIMIT", 60)
# How many reverse proxies of ours stand in front (each appends one X-Forwarded-For hop); 0 = none:
# the socket address is the client and X-Forwarded-For is ignored (maklumat.lib.ratelimit).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ConfigError("TRUSTED_PROXY_COUNT must be 0 or more (the number of reverse proxies in front)")
# django-ratelimit (pages) and the ninja throttles (API) count in the default cache.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "maklumat.lib.ratelimit.too_many_requests"
# The database cache's incr is made atomic (maklumat.lib.cache); Django's Redis cache is atomic too,
# but django-ratelimit only knows third-party backends by name.
SILENCED_SYSTEM_CHECKS += ["django_ratelimit.W001"]

# Login lockout (django-axes): LOGIN_FAILURE_LIMIT wrong passwords within LOGIN_LOCKOUT_MINUTES lock
# the account, and the address, for LOGIN_LOCKOUT_MINUTES; an administrator can unlock a user.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "maklumat.lib.ratelimit.login_client_address"
AXES_LOCKOUT_CALLABLE = "maklumat.accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
