"""Settings for actionplan: one module, every deployment choice read from the environment.

Development defaults need nothing set (SQLite beside manage.py, DEBUG on). Production is
DJANGO_DEBUG=0 plus DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL; it then passes
`manage.py check --deploy` with no warnings.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from actionplan.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DJANGO_DEBUG", True)

# Production secrets have no default: start-up fails loudly rather than run with a known key.
SECRET_KEY = envstr(
    "DJANGO_SECRET_KEY", "dev-only-insecure-key-never-used-in-production" if DEBUG else None
)
ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin with our AdminSite: entry by the Admins role, not is_staff.
    "plans.apps.PlansAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI's files served from here (no CDN): /api/docs/ (plans/api/views/docs.py).
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "plans",
    "importers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Needs request.user; after CSP so its 413 page carries the policy too. Refuses an
    # anonymous request's oversized body before anything reads it.
    "actionplan.middleware.AnonymousBodyLimitMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "actionplan.urls"
WSGI_APPLICATION = "actionplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT spent longer compiling the dashboards' queries than running them
    # (issue 10; bench/scale.py measures it): off for the app's connections. And the cost of
    # reading a page out of order as on SSDs and cached data (the default, 4, is for disks):
    # the dashboards' totals then read a narrow index, not every action's text (10 -> 4 ms).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Admins (the role) may do everything in the admin site; see plans.permissions.
    "plans.permissions.AdminRoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username *at* an address, so one person's typos in a shared
# office do not lock out everyone behind the same IP.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Password spraying (many usernames from one address) is caught by a second, higher limit on
# failures per address across usernames within the same cool-off (plans.throttles).
AXES_HANDLER = "plans.throttles.AxesHandler"
AXES_IP_FAILURE_LIMIT = envint("AXES_IP_FAILURE_LIMIT", 30)

# Password reset by e-mail: a few requests an hour per address and per e-mail address.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # seconds a reset link works
PASSWORD_RESET_LIMIT_PER_ADDRESS = envint("PASSWORD_RESET_LIMIT_PER_ADDRESS", 10)
PASSWORD_RESET_LIMIT_PER_EMAIL = envint("PASSWORD_RESET_LIMIT_PER_EMAIL", 3)

# E-mail: printed to the console in development, SMTP in production.
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = envstr(
    "DEFAULT_FROM_EMAIL", f"Action plans <noreply@{(ALLOWED_HOSTS or ['localhost'])[0]}>"
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
if not DEBUG:
    # Production (scripts/serve): the app server serves static files through WhiteNoise,
    # right after SecurityMiddleware; `collectstatic` writes hashed, compressed copies, which
    # are cached for ever. Development uses runserver's own static files.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Content-Security-Policy: no inline scripts or styles; everything is served from here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe the health check over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

REST_FRAMEWORK = {
    # A browser session (the pages' login), or a personal API token made on the account page
    # (`Authorization: Bearer <token>`, plans/api/authentication.py).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "plans.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["plans.api.permissions.PlansPermission"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    # JSON with a nesting limit: a 400, never a RecursionError's 500 (plans/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "plans.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Requests made with a token are counted per token (plans/api/throttles.py).
    "DEFAULT_THROTTLE_CLASSES": ["plans.api.throttles.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": envstr("API_TOKEN_RATE", "600/min")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# The OpenAPI schema (/api/schema/) and its Swagger UI (/api/docs/), for signed-in readers.
SPECTACULAR_SETTINGS = {
    "TITLE": "Action plans API",
    "DESCRIPTION": (
        "Plans, actions, ratings, reporting rounds and the dashboards' numbers, as JSON (and"
        " the action table as CSV). Sign in to the site, or send a personal API token made on"
        " your account page: `Authorization: Bearer <token>`. Every request obeys the same"
        " permissions as the pages. Large lists are paged with an opaque `cursor`: follow"
        " `next` until it is null."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["plans.api.permissions.PlansPermission"],
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents its errors (401, 403, 404, 400, 429): plans/api/schema.py.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "plans.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RatingEnum": "plans.models.Rating",
        "DirectionEnum": "plans.rounds.models.snapshot.Direction",
    },
}
API_JSON_MAX_DEPTH = 32

# Import limits (DESIGN.md): over a limit the import stops with a clear error, nothing written.
IMPORT_TEXT_MAX_BYTES = envint("IMPORT_TEXT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_OFFICE_MAX_BYTES = envint("IMPORT_OFFICE_MAX_BYTES", 25 * 1024 * 1024)
IMPORT_OFFICE_MAX_UNCOMPRESSED_BYTES = envint(
    "IMPORT_OFFICE_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024
)
IMPORT_OFFICE_MAX_PART_BYTES = envint("IMPORT_OFFICE_MAX_PART_BYTES", 50 * 1024 * 1024)
# Reading an upload runs once, in a worker process with these limits (importers.reading.bounded).
IMPORT_READ_CPU_SECONDS = envint("IMPORT_READ_CPU_SECONDS", 60)
IMPORT_READ_MEMORY_BYTES = envint("IMPORT_READ_MEMORY_BYTES", 1024 * 1024 * 1024)
IMPORT_MAX_COLUMNS = envint("IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_CELLS = envint("IMPORT_MAX_CELLS", 500_000)

# Background work (reading uploads) is a queue in the app's own database: `manage.py db_worker`
# runs it (scripts/run and scripts/serve start one). Tests run tasks in-process.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Uploads stay in memory up to the office limit so a plan is never half-written to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_OFFICE_MAX_BYTES + 1024
# Anonymous visitors post only small forms (sign in, password reset): a bigger body is refused
# with 413 before it is read (actionplan.middleware). Signed-in users keep the limits above.
ANONYMOUS_MAX_BODY_BYTES = envint("ANONYMOUS_MAX_BODY_BYTES", 64 * 1024)

# Transparency: let anonymous visitors read dashboards (read-only). Off by default.
PUBLIC_DASHBOARDS = envbool("ACTIONPLAN_PUBLIC_DASHBOARDS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
