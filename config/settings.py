"""Tumbuh's settings, driven by the environment (see the README's configuration table).

Secure by default: DEBUG is off unless set, and without DEBUG a SECRET_KEY, a DATABASE_URL, a BASE_URL
and real e-mail and SMS backends are required (docs/operations.md, "Production posture").
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import dj_database_url
from csp import constants as csp

from config import env
from config import logging as tumbuh_logging
from config.channel_layer import channel_layer_host
from config.storage import build_storages

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.get_bool("DEBUG", default=False)

SECRET_KEY = env.get_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        env.fail("SECRET_KEY", "is required when DEBUG is off (set it to a long random string)")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
elif not DEBUG and len(SECRET_KEY) < 50:
    env.fail("SECRET_KEY", "must be at least 50 characters long when DEBUG is off")

ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    env.fail("ALLOWED_HOSTS", "is required when DEBUG is off (comma-separated host names)")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        env.fail("CSRF_TRUSTED_ORIGINS", f"entries must start with http:// or https://, not {_origin!r}")

INSTALLED_APPS = [
    "daphne",  # before staticfiles, so runserver serves ASGI
    "core",
    "accounts",
    "incubator",
    "mentoring",
    "cms",
    "workspace",
    "complaints",
    "notifications",
    "pillars",
    "config",  # project-wide commands (manage.py release)
    "privacy",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "channels",
    "allauth",
    "allauth.account",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "workspace.wagtail_apps.TumbuhUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "config.logging.RequestIdMiddleware",  # first: every later log line carries the request id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PrivatePagesNoStoreMiddleware",
    "workspace.middleware.AdminScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SMSFailureMiddleware",
    "accounts.middleware.TimeZoneMiddleware",
    "accounts.middleware.ConsentMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.role_flags",
            ],
        },
    },
]

# Database: a SQLite file by default in DEBUG, DATABASE_URL (PostgreSQL) in production. Without DEBUG the
# URL is required, so a forgotten variable never leaves a server writing to a file in the code folder.
_database_url = env.get_url("DATABASE_URL", {"sqlite", "postgres", "postgresql", "pgsql"})
if _database_url:
    try:
        DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=0)}
    except ValueError as exc:
        env.fail("DATABASE_URL", f"is not a valid database URL ({exc})")
elif not DEBUG:
    env.fail("DATABASE_URL", "is required when DEBUG is off (e.g. postgres://user:password@host:5432/tumbuh)")
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Under ASGI every request may run in another thread: no persistent connections (STACK.md).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A pool per worker process (psycopg_pool), on when DB_POOL_SIZE > 0 (scripts/serve_prod.py sets 10):
    # "closing" a connection at the end of a request or a chat call hands it back instead of opening a
    # new PostgreSQL connection each time (bench/README.md). DB_POOL_SIZE is the most connections one
    # process holds (keep workers × size under PostgreSQL's max_connections); DB_POOL_TIMEOUT the
    # seconds a request waits for one before it fails with a 503 page (config/middleware.py). Off by
    # default: the test suite runs consumers in-process on short-lived event loops, where a thread
    # still waiting on a closed loop would keep its pooled connection (docs/operations.md).
    _pool_size = env.get_int("DB_POOL_SIZE", 0)
    if _pool_size > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(2, _pool_size),
            "max_size": _pool_size,
            "timeout": env.get_int("DB_POOL_TIMEOUT", 2),
        }
        # The pool checks a connection before lending it (one empty round trip): after a database
        # restart or a cut connection the next request gets a fresh one instead of an error.
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Redis (REDIS_URL): channel layer and cache shared by every worker. Absent: in-process.
REDIS_URL = env.get_url("REDIS_URL", {"redis", "rediss", "unix"})
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 defaults to a 5 s socket timeout (the same as channels-redis's 5 s blocking pop, so a
            # slow reply kills the consumer with 1011) and 100 connections per pool (a burst of disconnects
            # raises "Too many connections"): both measured in bench/ and scripts/faults/.
            # REDIS_SENTINELS (host:port,…) makes the layer follow a Sentinel-managed primary instead.
            "CONFIG": {
                "hosts": [channel_layer_host(REDIS_URL)],
                "capacity": 1500,
                "expiry": 30,
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tumbuh",
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Chat messages per person: COUNT/SECONDS, counted in the cache above (mentoring/services.py).
TUMBUH_CHAT_RATE_LIMIT = env.get_rate("TUMBUH_CHAT_RATE_LIMIT", (20, 10))
# Group commit (mentoring/chat_writer.py): the chat sockets of a worker store their messages in
# batches, one transaction per batch of at most CHAT_GROUP_COMMIT_MAX messages. A batch is what queued
# while the previous one was stored; CHAT_GROUP_COMMIT_TICK_MS > 0 also waits that long for more
# (0: no added wait, a lone message is stored at once). On by default on PostgreSQL (bench/README.md).
CHAT_GROUP_COMMIT = env.get_bool(
    "CHAT_GROUP_COMMIT", DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
)
CHAT_GROUP_COMMIT_MAX = env.get_int("CHAT_GROUP_COMMIT_MAX", 50)
CHAT_GROUP_COMMIT_TICK_MS = env.get_int("CHAT_GROUP_COMMIT_TICK_MS", 0)
# The longest a chat socket waits for the writer's answer to a ``send`` before it answers ``unavailable``
# (the client re-sends the same client_id): a writer that stops answering never silences a chat for good
# (docs/operations.md, "Chat writer time-out"; it does not cure an overloaded worker).
CHAT_ACK_TIMEOUT_SECONDS = env.get_int("CHAT_ACK_TIMEOUT_SECONDS", 15)
if CHAT_ACK_TIMEOUT_SECONDS < 1:
    env.fail("CHAT_ACK_TIMEOUT_SECONDS", "must be at least 1 (seconds)")
# Months after a family leaves the program before chat, photos and visit notes are erased (privacy).
TUMBUH_RETENTION_MONTHS = env.get_int("TUMBUH_RETENTION_MONTHS", 24)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Internationalisation: Bahasa Indonesia first, English under /en/.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
# Working days for complaint targets (complaints/targets.py): Indonesia's national holidays come from the
# `holidays` package; these dates (comma-separated ISO) are added: cuti bersama, regional holidays.
TUMBUH_HOLIDAYS = env.get_dates("TUMBUH_HOLIDAYS")

# Static files: whitenoise in development and production.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: public media (Wagtail images and documents) and private media (evidence, chat photos),
# which only permission-checked views serve.
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
PUBLIC_MEDIA_ROOT = MEDIA_ROOT / "public"
PRIVATE_MEDIA_ROOT = MEDIA_ROOT / "private"
# MEDIA_STORAGE=s3 puts both on S3-compatible object storage (config/storage.py, docs/operations.md).
STORAGES = {
    **build_storages(public_root=PUBLIC_MEDIA_ROOT, private_root=PRIVATE_MEDIA_ROOT, media_url=MEDIA_URL),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedStaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
# Private files through nginx: off by default (Django streams them). "/protected/" makes the checked views
# answer with X-Accel-Redirect to that internal location (docs/operations.md, "Production posture").
TUMBUH_PRIVATE_FILES_ACCEL = env.get_str("TUMBUH_PRIVATE_FILES_ACCEL") or None
if TUMBUH_PRIVATE_FILES_ACCEL and not (
    TUMBUH_PRIVATE_FILES_ACCEL.startswith("/") and TUMBUH_PRIVATE_FILES_ACCEL.endswith("/")
):
    env.fail(
        "TUMBUH_PRIVATE_FILES_ACCEL",
        f"must be a path between slashes, e.g. /protected/, not {TUMBUH_PRIVATE_FILES_ACCEL!r}",
    )
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The non-file part of a request body (files do not count). Django's default, 2.5 MB, admits the
# largest legitimate form, a Wagtail lesson page with its StreamField, many times over; the app's
# own text fields are limited to at most 4,000 characters (docs/limits.md). Bigger bodies get 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Wagtail's page editor posts several fields per StreamField block, and a long lesson goes past
# Django's default of 1,000 (Wagtail's project template sets 10,000 for the same reason).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# Email: the console by default in DEBUG; without DEBUG a backend that delivers (the console and file backends
# would print password-reset and verification links to the log or the disk, and nobody would receive them).
EMAIL_BACKEND = env.get_str("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
if not DEBUG and EMAIL_BACKEND in {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}:
    env.fail(
        "EMAIL_BACKEND",
        "must deliver mail when DEBUG is off (e.g. django.core.mail.backends.smtp.EmailBackend), "
        "not the console or file backend",
    )
EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "Tumbuh <noreply@tumbuh.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts (django-allauth 65): email and password (verification mandatory in production), or a
# mobile number alone with a one-time code sent by SMS (docs/phone-sign-in.md). The phone lives on
# accounts.User.phone through the adapter. "phone" is not in ACCOUNT_SIGNUP_FIELDS: allauth then
# requires it to be verified at every sign-in, and mandatory email verification requires "email*";
# phone-only sign-up has its own page, and the first code sign-in verifies the number.
SITE_NAME = "Tumbuh"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 5 * 60  # an SMS can take a minute to arrive
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = 2  # "kirim ulang kode": two more codes per sign-in
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {
    "numeric": True,
    "length": 6,
    "dashed": False,
}  # easy to type on any phone
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
TUMBUH_SMS_BACKEND = env.get_str("TUMBUH_SMS_BACKEND") or "accounts.sms.ConsoleBackend"
if not DEBUG and TUMBUH_SMS_BACKEND in {"accounts.sms.ConsoleBackend", "accounts.sms.FileBackend"}:
    # Sign-in codes in the log or on the disk open accounts, and the people never receive them.
    env.fail(
        "TUMBUH_SMS_BACKEND",
        "must be your SMS gateway's backend when DEBUG is off (docs/phone-sign-in.md), "
        "not the console or file backend",
    )
TUMBUH_SMS_FILE_PATH = env.get_str("TUMBUH_SMS_FILE_PATH", "") or None
# The shared secret an SMS gateway sends in the ``X-Tumbuh-SMS-Secret`` header of ``POST /sms/inbound/``
# (family replies such as "YA"/"TIDAK"). Unset: the endpoint refuses every request.
TUMBUH_SMS_INBOUND_SECRET = env.get_str("TUMBUH_SMS_INBOUND_SECRET", "") or ""
if TUMBUH_SMS_BACKEND == "accounts.sms.FileBackend" and not TUMBUH_SMS_FILE_PATH:
    env.fail("TUMBUH_SMS_FILE_PATH", "is required with the file SMS backend (a folder for the messages)")
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {"change_phone": "accounts.allauth_forms.ChangePhoneForm"}
ACCOUNT_EMAIL_VERIFICATION = env.get_str("ACCOUNT_EMAIL_VERIFICATION", "optional" if DEBUG else "mandatory")
if ACCOUNT_EMAIL_VERIFICATION not in {"mandatory", "optional", "none"}:
    env.fail("ACCOUNT_EMAIL_VERIFICATION", "must be one of mandatory, optional, none")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Tumbuh] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    # Each code request may send an SMS (which costs money): few per number, few per address.
    "request_login_code": "10/m/ip,3/5m/key",
}
ALLAUTH_TRUSTED_PROXY_COUNT = env.get_int("TRUSTED_PROXY_COUNT", 0)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # entrepreneurs on shared phones stay signed in a month
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Wagtail
WAGTAIL_SITE_NAME = "Tumbuh"
# The public address (https://tumbuh.example.org): links in Wagtail's e-mails and its admin.
BASE_URL = env.get_url("BASE_URL", {"http", "https"})
if not BASE_URL and not DEBUG:
    env.fail(
        "BASE_URL", "is required when DEBUG is off (the public address, e.g. https://tumbuh.example.org)"
    )
WAGTAILADMIN_BASE_URL = (BASE_URL or "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.image_forms.TumbuhImageForm"  # a decompression bomb is a form error
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "gif": "webp", "png": "webp", "jpeg": "webp"}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatar requests to another host
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Uploaded photos: a pixel limit well below Pillow's decompression-bomb threshold.
TUMBUH_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TUMBUH_MAX_IMAGE_PIXELS = 40_000_000

# Background tasks and notifications (docs/tasks.md, docs/notifications.md). Tasks run on Django's
# Tasks API; the default backend keeps the queue in the database (SKIP LOCKED workers on
# PostgreSQL) and ``manage.py db_worker`` runs them. Another backend by configuration only:
# TASKS_BACKEND=django_tasks_rq.RQBackend with REDIS_URL (not tested here, docs/tasks.md).
TASKS_BACKEND = env.get_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": ["default"]}}
if TASKS_BACKEND == "django_tasks_rq.RQBackend":
    if not REDIS_URL:
        env.fail("TASKS_BACKEND", "django_tasks_rq.RQBackend needs REDIS_URL")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
# Seconds an item waits, unseen in the app, before it goes out by SMS / e-mail / push.
TUMBUH_NOTIFY_DELAY = env.get_int("TUMBUH_NOTIFY_DELAY", 600)
TUMBUH_SMS_PER_DAY = env.get_int("TUMBUH_SMS_PER_DAY", 3)  # SMS messages (digests) per person per day
TUMBUH_NOTIFY_MAX_ATTEMPTS = env.get_int("TUMBUH_NOTIFY_MAX_ATTEMPTS", 5)
TUMBUH_NOTIFY_RETRY_SECONDS = env.get_int("TUMBUH_NOTIFY_RETRY_SECONDS", 60)  # first retry; doubles after
for _name, _value, _least in (
    ("TUMBUH_NOTIFY_DELAY", TUMBUH_NOTIFY_DELAY, 0),
    ("TUMBUH_SMS_PER_DAY", TUMBUH_SMS_PER_DAY, 0),
    ("TUMBUH_NOTIFY_MAX_ATTEMPTS", TUMBUH_NOTIFY_MAX_ATTEMPTS, 1),
    ("TUMBUH_NOTIFY_RETRY_SECONDS", TUMBUH_NOTIFY_RETRY_SECONDS, 1),
):
    if _value < _least:
        env.fail(_name, f"must be at least {_least}, not {_value}")
# Months a graduated family is followed (monthly check-ins against the UMK) after graduation.
TUMBUH_GRADUATION_WATCH_MONTHS = env.get_int("TUMBUH_GRADUATION_WATCH_MONTHS", 12)
# Web push (VAPID): `manage.py vapid_keys` prints a pair. Without both keys, web push is off.
VAPID_PUBLIC_KEY = env.get_str("VAPID_PUBLIC_KEY", "") or ""
VAPID_PRIVATE_KEY = env.get_str("VAPID_PRIVATE_KEY", "") or ""
VAPID_SUBJECT = env.get_str("VAPID_SUBJECT", "") or "mailto:admin@localhost"
if bool(VAPID_PUBLIC_KEY) != bool(VAPID_PRIVATE_KEY):
    env.fail("VAPID_PRIVATE_KEY", "set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither")
if not VAPID_SUBJECT.startswith(("mailto:", "https://")):
    env.fail("VAPID_SUBJECT", "must start with mailto: or https://")

# Security: with DEBUG off these are on unless a deployment says otherwise (e.g. TLS at the proxy).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.get_bool("BEHIND_PROXY") else None
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.get_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.get_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.get_bool("SECURE_HSTS_PRELOAD", default=True)
# Load balancers and container health checks probe over plain http on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's live preview shows the page in a same-origin frame, so frames are allowed from this origin only
# (Wagtail's deployment advice); the deploy check's W019 asks for DENY, which would break the preview.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]


def _inline_style_hashes(*templates: str) -> list[str]:
    """CSP hashes of the <style> blocks of the error pages, which must render without the static files."""
    found = []
    for name in templates:
        text = (BASE_DIR / "templates" / name).read_text(encoding="utf-8")
        for css in re.findall(r"<style>(.*?)</style>", text, flags=re.DOTALL):
            found.append(f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'")
    return list(dict.fromkeys(found))  # pages that share a style block share its hash


# Content-Security-Policy (django-csp) on every response: same origin only, no inline script or style, and
# nothing loaded from another host except the YouTube frame a reader asks for by tapping (cms/blocks.py).
# config.middleware adds the request's own ws:// or wss:// origin to connect-src (chat and live badges),
# and relaxes the Wagtail and Django admins (TUMBUH_CSP_ADMIN_PREFIXES), whose templates still carry inline
# scripts and style attributes (Wagtail 7.4: date pickers, inline panels, choosers). docs/operations.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF, *_inline_style_hashes("400.html", "500.html", "503.html")],
        "img-src": [csp.SELF, "data:", "blob:"],
        "connect-src": [csp.SELF],
        "frame-src": [csp.SELF, "https://www.youtube-nocookie.com"],
        "frame-ancestors": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
    }
}
TUMBUH_CSP_ADMIN_PREFIXES = ("/cms/", "/django-admin/")
TUMBUH_CSP_ADMIN_REPLACE = {
    "script-src": [csp.SELF, csp.UNSAFE_INLINE],
    "style-src": [csp.SELF, csp.UNSAFE_INLINE],
}

# Logs: JSON lines without DEBUG, plain with it; request id, user id, personal data masked (config/logging.py).
LOG_FORMAT = env.get_str("LOG_FORMAT") or ("plain" if DEBUG else "json")
if LOG_FORMAT not in {"json", "plain"}:
    env.fail("LOG_FORMAT", f"must be json or plain, not {LOG_FORMAT!r}")
LOGGING = tumbuh_logging.build_logging(LOG_FORMAT, env.get_str("LOG_LEVEL", "INFO"))
# Optional error reporter (Sentry or a compatible service such as GlitchTip), only from the environment.
SENTRY_DSN = env.get_str("SENTRY_DSN", "")
tumbuh_logging.init_error_reporting(
    SENTRY_DSN, environment=env.get_str("SENTRY_ENVIRONMENT", "production"), release=env.get_str("RELEASE")
)
