"""
Settings for the disclosure-catalogue portal.

Everything comes from the environment, with defaults that run a development portal on SQLite
when nothing is set. With DJANGO_DEBUG=0 the portal refuses to start on development defaults.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if host.strip()
]

if not DEBUG:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (50+ random characters) in production.")
    if "DJANGO_ALLOWED_HOSTS" not in os.environ:
        raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS in production.")
    if "DATABASE_URL" not in os.environ:
        raise ImproperlyConfigured("Set DATABASE_URL (PostgreSQL) in production.")

# Where citizens report an accessibility problem (the 无障碍声明 page).
PORTAL_CONTACT_PHONE = os.environ.get("PORTAL_CONTACT_PHONE", "0000-00000000")
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "mzj@example.gov.cn")

# The first publishing unit (units.Unit), as the environment describes it. Read only when the
# units table is empty (the first migrate); from then on the unit's administrator edits it in
# the admin, and nothing reads these settings.
_bureau_name = os.environ.get("PORTAL_BUREAU_NAME", "示范县民政局")
PORTAL_UNIT_SEED = {
    "name": _bureau_name,
    "kind": os.environ.get("PORTAL_BUREAU_KIND", "county"),
    "level": os.environ.get("PORTAL_BUREAU_LEVEL", "county"),
    # The unified social credit code (统一社会信用代码): the first part of every 索引号.
    "code": os.environ.get("PORTAL_BUREAU_CODE", "11341700003244799H"),
    "slug": os.environ.get("PORTAL_BUREAU_SLUG", "bureau"),
    "site_url": os.environ.get("PORTAL_SITE_URL", "").rstrip("/"),
    "disclosure_office": os.environ.get(
        "PORTAL_REQUESTS_OFFICE", f"{_bureau_name}办公室（政务公开办）"
    ),
    "address": os.environ.get("PORTAL_REQUESTS_ADDRESS", "示范县人民路1号民政局大楼201室"),
    "postcode": os.environ.get("PORTAL_REQUESTS_POSTCODE", "000000"),
    "hours": os.environ.get(
        "PORTAL_REQUESTS_HOURS", "工作日上午8:30—12:00，下午14:30—17:30（法定节假日除外）"
    ),
    "phone": os.environ.get("PORTAL_REQUESTS_PHONE", PORTAL_CONTACT_PHONE),
    "fax": os.environ.get("PORTAL_REQUESTS_FAX", PORTAL_CONTACT_PHONE),
    "email": os.environ.get("PORTAL_REQUESTS_EMAIL", PORTAL_CONTACT_EMAIL),
    # 行政复议机关 and the court of first instance named in every answer's remedies.
    "review_body": os.environ.get("PORTAL_REQUESTS_REVIEW_BODY", "示范县人民政府"),
    "court": os.environ.get("PORTAL_REQUESTS_COURT", "示范县人民法院"),
}
# The platform's own name: the title of the unit tree, the sign-in's second factor.
PORTAL_PLATFORM_NAME = os.environ.get("PORTAL_PLATFORM_NAME", f"{_bureau_name}政务公开")

# 政策解读 is published with its policy: within this many working days of it (0: the same day).
PORTAL_INTERPRETATION_WORKING_DAYS = int(os.environ.get("PORTAL_INTERPRETATION_WORKING_DAYS", "0"))

INSTALLED_APPS = [
    "audit.admin_apps.PortalAdminConfig",  # django.contrib.admin with the portal's admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "import_export",
    "simple_history",
    # Foundations (docs/architecture.md: each layer imports only from the layers below it).
    "contributions",
    "units",
    "display",
    "filesafety",
    "sitewide",
    "offices",
    "pagecache",
    "spreadsheet",
    "privacy",
    "reviewable",
    "history",
    "workdays",
    "publicforms",
    # Content.
    "catalogue",
    "columns",
    "publications",
    # The pages and facts that join the three content types.
    "disclosure",
    # Process.
    "review",
    # Features.
    "consultations",
    "inquiries",
    "selfcheck",
    "annualreport",
    "ledger",
    "inforequests",
    "django_ratelimit",
    "privacyscan",
    "backoffice",
    "csp",
    "audit.admin_apps.AxesConfig",  # axes
    "django_otp",
    "audit.admin_apps.TOTPConfig",  # django_otp.plugins.otp_totp
    "audit",  # after the TOTP app: its admin re-registers the devices in Chinese
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so that cached pages get the policy too.
    "csp.middleware.CSPMiddleware",
    # A NUL anywhere in a request is a 400 before the page cache, the session or a view sees it.
    "sitewide.nul_guard.NulGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Which unit a public request is for (/u/<slug>/), before the page cache keys by it.
    "units.middleware.UnitMiddleware",
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who made a change (history.records)
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "audit.idle.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "display.middleware.TraditionalScriptMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

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
                "portal.context_processors.site",
                "display.context_processors.display",
                "sitewide.context_processors.menu",
            ],
            # One date format everywhere: `as_time` without a load in each template.
            "builtins": ["display.templatetags.dates"],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# Public pages are cached whole (pagecache); the cache must be shared by every worker and app
# server, so that a save drops the pages everywhere: Redis, or files on one machine.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "portal"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / ".cache")),
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }

# The domains in every public page's header (sitewide.views.NavMixin).
PORTAL_NAV_MODEL = "catalogue.Domain"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# One language: the templates are written in Simplified Chinese; the admin follows it.
LANGUAGE_CODE = "zh-hans"
# Chinese for third-party apps that ship none (django-axes); compiled .mo committed beside the .po.
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("zh-hans", "简体中文")]
# Dates are written one way (2026年12月7日) on every page: portal/formats/zh_Hans.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files only where collectstatic has run (production);
        # development and tests serve the plain files.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
WHITENOISE_MAX_AGE = 3600
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise as they are.
WHITENOISE_ROOT = BASE_DIR / "site_root"

# Spreadsheet import changes and adds items, so it needs the model's "change" permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
# How long an import's preview may wait for its confirm (spreadsheet.admin.confirm_token).
IMPORT_CONFIRM_MAX_AGE = int(os.environ.get("DJANGO_IMPORT_CONFIRM_MAX_AGE", str(60 * 60)))
# No direct revert from the history pages: an old version becomes a revision that goes through
# the review (review.restore), or is applied to a draft.
SIMPLE_HISTORY_REVERT_DISABLED = True
# Largest workbook staff may upload, in bytes.
PORTAL_IMPORT_MAX_BYTES = int(os.environ.get("PORTAL_IMPORT_MAX_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = PORTAL_IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = PORTAL_IMPORT_MAX_BYTES + 1024 * 1024

# Attachments of publications: stored under MEDIA_ROOT, served through a view that only hands
# out files of published publications (disclosure.publication_pages), never straight from the directory.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
PORTAL_ATTACHMENT_MAX_BYTES = int(os.environ.get("PORTAL_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [
        origin.strip()
        for origin in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
        if origin.strip()
    ]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Admin security: lock-out, idle sign-out, second factor, audit log, CSP ---------------------
# (docs/operations.md, "Security"). The audit app holds the code: audit/lockout.py, idle.py,
# forms.py, admin_site.py, receivers.py.

# Whom a locked-out or device-less clerk should call (the lock-out and sign-in pages say it).
PORTAL_ADMIN_CONTACT = os.environ.get("PORTAL_ADMIN_CONTACT", "本局系统管理员")
# Reverse proxies in front of gunicorn that append to X-Forwarded-For (nginx: 1). The client's
# address (lock-out, audit log) is read from that header only this far from its right end.
PORTAL_PROXY_COUNT = int(os.environ.get("PORTAL_PROXY_COUNT", "0" if DEBUG else "1"))

# Lock a username on one address for 30 minutes after 5 failed sign-ins in a row. Attempts
# during the lock are refused without extending it, so the page's "try again at" holds.
AUTHENTICATION_BACKENDS = [
    "audit.lockout.LockoutBackend",  # django-axes' check, first
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "audit.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "audit.client.client_ip"
AXES_VERBOSE = False  # no banner on every command (cron mails their output)
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are in the audit log
# What axes keeps of a failed attempt's form never includes the password or the code.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]

# A signed-in session ends after 30 minutes without a request (audit.idle); admin pages warn
# 2 minutes before, with a button to continue. The cookie outlives the limit by 5 minutes so the
# server, not the browser, ends the session: it is then logged and the login page says why.
PORTAL_IDLE_TIMEOUT = int(os.environ.get("PORTAL_IDLE_MINUTES", "30")) * 60
PORTAL_IDLE_WARNING = 2 * 60
SESSION_COOKIE_AGE = PORTAL_IDLE_TIMEOUT + 5 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Second factor (TOTP, django-otp) for the admin: always in production, optional in development.
_require_2fa = os.environ.get("PORTAL_REQUIRE_2FA", "")
if not DEBUG and _require_2fa == "0":
    raise ImproperlyConfigured("PORTAL_REQUIRE_2FA cannot be turned off in production.")
PORTAL_REQUIRE_2FA = not DEBUG or _require_2fa == "1"
OTP_TOTP_ISSUER = PORTAL_PLATFORM_NAME

# Audit log entries older than this are deleted by `purge_audit_log` (which refuses < 180).
PORTAL_AUDIT_RETENTION_DAYS = int(os.environ.get("PORTAL_AUDIT_RETENTION_DAYS", "365"))

# Content Security Policy on every response: scripts and styles only from the site's own files
# (no inline <script>, <style> or style="..."), nothing may frame the site.
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
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; the audit log keeps those, warnings are enough.
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Disclosure on request (inforequests): who receives them is each unit's (units.Unit) ---
# Applications from one address and for one applicant, per hour (django-ratelimit, shared cache).
RATELIMIT_USE_CACHE = "default"
# portal.redis_cache.RedisCache is Django's Redis backend under another name (W001 knows only the
# original path). The file cache of a one-machine installation counts without atomic increments
# (E003): two submissions at the same instant may both pass; Redis (production) counts exactly.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not os.environ.get("REDIS_URL"):
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
INFOREQUESTS_RATE_PER_ADDRESS = os.environ.get("PORTAL_REQUESTS_RATE_ADDRESS", "5/h")
INFOREQUESTS_RATE_PER_APPLICANT = os.environ.get("PORTAL_REQUESTS_RATE_APPLICANT", "3/h")
# Failed status lookups per address, and per 查询码 from one address (successes never count).
INFOREQUESTS_LOOKUP_RATE = os.environ.get("PORTAL_REQUESTS_LOOKUP_RATE", "10/h")
INFOREQUESTS_LOOKUP_CODE_RATE = os.environ.get("PORTAL_REQUESTS_LOOKUP_CODE_RATE", "5/h")
# Largest application form body (no uploads on the public form), in bytes.
INFOREQUESTS_MAX_BODY = 64 * 1024

# --- Mail (receipts to applicants, reminders to clerks): SMTP when EMAIL_HOST is set ---------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", PORTAL_CONTACT_EMAIL)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
if not EMAIL_HOST:
    EMAIL_HOST = "localhost"
# 意见征集: the shortest periods without a stated reason, and how long feedback may take.
PORTAL_CONSULTATION_MAJOR_DAYS = 30
PORTAL_CONSULTATION_NORMATIVE_WORKING_DAYS = 7
PORTAL_CONSULTATION_FEEDBACK_WORKING_DAYS = int(
    os.environ.get("PORTAL_CONSULTATION_FEEDBACK_WORKING_DAYS", "20")
)
# The columns consultations publish in: 意见征集 and 意见反馈 of the column table.
PORTAL_CONSULTATION_COLUMN = 5
PORTAL_FEEDBACK_COLUMN = 6
# Public forms (意见征集, 留言): submissions per address, counted in the shared cache.
PORTAL_FORM_RATE = os.environ.get("PORTAL_FORM_RATE", "5/h")

# 留言: answered within this many working days of arrival, never later than the national website
# check's outer bound of three months; listed as near the limit this many working days before.
PORTAL_MESSAGE_ANSWER_WORKING_DAYS = int(os.environ.get("PORTAL_MESSAGE_ANSWER_WORKING_DAYS", "15"))
PORTAL_MESSAGE_OUTER_MONTHS = 3
PORTAL_MESSAGE_WARNING_WORKING_DAYS = 3
# Published questions and answers go into 互动回应 of the column table.
PORTAL_QA_COLUMN = 42
# The standard answer to a message that is a complaint or a petition, which have channels of
# their own (《信访工作条例》).
PORTAL_MESSAGE_REDIRECT_ANSWER = os.environ.get(
    "PORTAL_MESSAGE_REDIRECT_ANSWER",
    "您反映的事项属于投诉或信访事项，不在网站留言中办理。请通过 12345 政务服务便民热线、"
    "本局信访窗口或国家信访局网上信访渠道提出，相关部门将依法依规办理。感谢您的理解。",
)

# manage.py check_links: seconds to wait for an external site, and between two requests to it.
PORTAL_LINK_CHECK_TIMEOUT = float(os.environ.get("PORTAL_LINK_CHECK_TIMEOUT", "5"))
PORTAL_LINK_CHECK_DELAY = float(os.environ.get("PORTAL_LINK_CHECK_DELAY", "1"))
# From this month on, a year still without a consultation is on the self-check list.
PORTAL_CONSULTATION_REMINDER_MONTH = 10
