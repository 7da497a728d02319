"""The one settings module. Everything that differs between machines comes from the environment.

Modes (SCHOOLPRIVACY_MODE):
- production (default): every secret must be set; secure cookies; DEBUG off.
- demo: `schoolprivacy demo` sets this; a throw-away key and console email are allowed.
- test: the test suite sets this.
"""

from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from schoolprivacy.lib.client_secrets import parse_client_secrets
from schoolprivacy.lib.data_keys import parse_data_keys
from schoolprivacy.lib.database_setting import database_setting
from schoolprivacy.lib.env import (
    ConfigurationError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
    env_str,
    refuse_unsafe_secret,
)
from schoolprivacy.lib.photo_storage import photo_storage_setting

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

MODE = env_choice("SCHOOLPRIVACY_MODE", "production", ("production", "demo", "test"))
RELAXED = MODE in ("demo", "test")


def _throwaway(what: str, mode: str = MODE) -> str:
    return f"insecure-{mode}-{what}-only-for-throwaway-data-" + "x" * 20


# The demo's and the tests' fixed keys are public, so production refuses them, like every value
# in the repository and every guessable one (env_secret -> lib/secret_strength.py).
_PUBLIC_KEYS = [
    _throwaway(what, mode) for what in ("key", "audit-chain-key") for mode in ("demo", "test")
]
# A fixed key is acceptable only where no real data lives: the demo and the test suite.
_RELAXED_KEY = _throwaway("key")
SECRET_KEY = env_secret(
    "SECRET_KEY", fallback=_RELAXED_KEY if RELAXED else None, public_values=_PUBLIC_KEYS
)
# Keys the audit chain (HMAC-SHA256) and signs audit checkpoints; never stored in the database, so
# that database access alone cannot rewrite the log (decision 0016). Not rotatable yet.
_RELAXED_AUDIT_KEY = _throwaway("audit-chain-key")
AUDIT_CHAIN_KEY = env_secret(
    "AUDIT_CHAIN_KEY",
    fallback=_RELAXED_AUDIT_KEY if RELAXED else None,
    public_values=_PUBLIC_KEYS,
)
DEBUG = env_bool("DEBUG", False)
if DEBUG and not RELAXED:
    # DEBUG shows every URL pattern on a 404 and settings and local values on a 500.
    raise ConfigurationError(
        "DEBUG=true is refused in production: its error pages show the application's internals. "
        "Use SCHOOLPRIVACY_MODE=demo with fictitious data to debug."
    )

VAR_DIR = Path(env_str("SCHOOLPRIVACY_VAR_DIR", str(Path.cwd() / "var")))

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if RELAXED else []
)
if not ALLOWED_HOSTS:
    raise ConfigurationError(
        "ALLOWED_HOSTS is not set. Give the host names this server answers to, comma-separated."
    )
if "*" in ALLOWED_HOSTS and not RELAXED:
    # "*" turns off Django's Host header check (DNS rebinding, poisoned absolute URLs); a board
    # always knows the names it serves, so there is no production use for it.
    raise ConfigurationError(
        "ALLOWED_HOSTS=* is refused in production. Give the host names this server answers to."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    # django-ninja's own Swagger UI files, so /api/v1/docs needs no CDN (the CSP forbids one).
    "ninja",
    "schoolprivacy.audit",
    "schoolprivacy.schools",
    "schoolprivacy.people",
    "schoolprivacy.accounts",
    "schoolprivacy.access",
    "schoolprivacy.signon",
    "schoolprivacy.register",
    "schoolprivacy.dossier",
    "schoolprivacy.imports",
    "schoolprivacy.consents",
    "schoolprivacy.photos",
    "schoolprivacy.videos",
    "schoolprivacy.suppliers",
    "schoolprivacy.disclosures",
    "schoolprivacy.policies",
    "schoolprivacy.requests",
    "schoolprivacy.retention",
    "schoolprivacy.breaches",
    "schoolprivacy.portal",
    "schoolprivacy.web",
    "schoolprivacy.api",
    "schoolprivacy.demo",
    "schoolprivacy.backups",
]

MIDDLEWARE = [
    # Outermost: what a request memoises (access grants, emergency access) ends with it.
    "schoolprivacy.accounts.middleware.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session middleware on the way in, so before it on the way out: renews the
    # session at most once a minute (SESSION_IDLE_MINUTES).
    "schoolprivacy.accounts.session_renewal.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before the verification gate, so that its answers carry no-store too.
    "schoolprivacy.accounts.middleware.NoStoreMiddleware",
    "schoolprivacy.accounts.middleware.StaffVerificationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "schoolprivacy.urls"
WSGI_APPLICATION = "schoolprivacy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Encryption of special data and education numbers at rest ------------------------------------
# Demo and tests use a fixed, public key: their data is fictitious. Production must set DATA_KEYS.
_RELAXED_DATA_KEY = "1:ZGVtby1hbmQtdGVzdC1vbmx5LWtleS1ub3Qtc2VjcmU="
DATA_KEYS = parse_data_keys(env_str("DATA_KEYS", _RELAXED_DATA_KEY if RELAXED else ""))
if not RELAXED:
    for _key_id, _key in DATA_KEYS.items():
        refuse_unsafe_secret(f"DATA_KEYS key {_key_id}", _key)

# --- Suppliers (issue 15) -----------------------------------------------------------------------
# Keys the per-supplier pupil pseudonyms (HMAC-SHA256, suppliers/pseudonyms.py). Changing it gives
# every pupil a new pseudonym at every supplier, so it is kept and never rotated casually.
SUPPLIER_PSEUDONYM_KEY = env_secret(
    "SUPPLIER_PSEUDONYM_KEY",
    fallback=_throwaway("supplier-pseudonym-key") if RELAXED else None,
    public_values=[_throwaway("supplier-pseudonym-key", m) for m in ("demo", "test")],
)
# The ECK iD salt (base64) the Nummervoorziening issues per environment (domain.md). Not a secret;
# empty means no ECK iD can be exported. The demo and tests use a made-up one.
ECK_ID_SALT = env_str("ECK_ID_SALT", "ZGVtby1lY2staWQtc2FsdA==" if RELAXED else "")

# --- Database ---------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": database_setting(VAR_DIR, test_mode=MODE == "test")}
# The audit log's own retention (decision 0041): years for boards whose register has no
# `audit_log` rule; checkpoints also go to AUDIT_RETAINED_DIR (empty: VAR_DIR/audit-retained).
AUDIT_RETENTION_YEARS = env_int("AUDIT_RETENTION_YEARS", 5, minimum=1, maximum=50)
AUDIT_RETAINED_DIR = env_str("AUDIT_RETAINED_DIR", "")
# Processes that walk one long chain at once in verify-audit (decision 0063); 0: one per core.
AUDIT_VERIFY_PROCESSES = env_int("AUDIT_VERIFY_PROCESSES", 0, minimum=0, maximum=64)
# `schoolprivacy backup` writes here; empty: VAR_DIR/backups. Copy the files to other storage too.
BACKUP_DIR = env_str("BACKUP_DIR", "")
# The erasure log, outside the database for replays after a restore (empty: VAR_DIR/erasure-log);
# one folder shared by every app server, never restored with the database (decision 0043).
ERASURE_LOG_DIR = env_str("ERASURE_LOG_DIR", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks -------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if MODE == "test"
        else "django_tasks_db.DatabaseBackend"
    }
}

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "schoolprivacy.testing.hashers.FastArgon2PasswordHasher"
    if MODE == "test"
    else "django.contrib.auth.hashers.Argon2PasswordHasher"
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "Schoolprivacy")

# Sessions end after this many minutes without a request; a request renews one at most once a
# minute (accounts/session_renewal.py, decision 0051), so most page views write nothing.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=5, maximum=24 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Step-up ("sudo") re-authentication stays valid this long before exports, erasure, role changes.
SUDO_MINUTES = env_int("SUDO_MINUTES", 10, minimum=1, maximum=60)
# An emailed parent sign-in link is valid this long and only once.
PARENT_LINK_MINUTES = env_int("PARENT_LINK_MINUTES", 15, minimum=5, maximum=60)
# A new API token stops working after this many days (create-token --days overrides it).
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90, minimum=1, maximum=366)
# Single sign-on for staff (decision 0022): each board's provider is a row in signon.Provider;
# its client secret comes from here, by board number, and never enters the database.
OIDC_CLIENT_SECRETS = parse_client_secrets(env_str("OIDC_CLIENT_SECRETS", ""))
# How long a request to a provider (discovery, keys, token) may take.
OIDC_TIMEOUT_SECONDS = env_int("OIDC_TIMEOUT_SECONDS", 10, minimum=1, maximum=60)

# --- Security headers -------------------------------------------------------------------------
SECURE_HTTPS = env_bool("SECURE_HTTPS", not RELAXED)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if SECURE_HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
# Preloading commits every subdomain of the registrable domain to HTTPS for months; that is the
# board's choice, so it is opt-in and Django's reminder about it is silenced until then.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of our own (load balancer, ingress) append to X-Forwarded-For; used to find the
# client address for sign-in throttling. 0 means REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# --- Language ---------------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True
LANGUAGE_COOKIE_SECURE = SECURE_HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# An uploaded import file waits, sealed, at most this long between upload and import (README).
IMPORTS_PENDING_MINUTES = env_int("IMPORTS_PENDING_MINUTES", 60, minimum=5, maximum=24 * 60)
MEDIA_URL = "/media/"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The demo and tests serve straight from the source tree, without collectstatic.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if RELAXED
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Photo originals and renditions: private storage, never served by URL (the app streams
# renditions after its own checks). Local disk by default; S3-compatible at board scale.
PHOTOS_ROOT = Path(env_str("PHOTOS_ROOT", str(VAR_DIR / "photos")))
_photo_storage = env_choice("PHOTO_STORAGE", "local", ("local", "s3"))
if _photo_storage == "s3":
    import importlib.util

    if importlib.util.find_spec("storages") is None:
        raise ConfigurationError(
            "PHOTO_STORAGE=s3 needs django-storages with boto3: install schoolprivacy[s3]."
        )
    _bucket = env_str("PHOTO_S3_BUCKET", "")
    if not _bucket:
        raise ConfigurationError("PHOTO_STORAGE=s3 needs PHOTO_S3_BUCKET.")
STORAGES["photos"] = photo_storage_setting(
    _photo_storage,
    root=PHOTOS_ROOT,
    bucket=env_str("PHOTO_S3_BUCKET", ""),
    endpoint_url=env_str("PHOTO_S3_ENDPOINT_URL", ""),
    region=env_str("PHOTO_S3_REGION", ""),
)
# Upload limits: bytes per file and pixels per photo (decompression bombs are refused before
# their pixels are decoded).
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_MB", 30, minimum=1, maximum=500) * 1024 * 1024
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_MEGAPIXELS", 60, minimum=1, maximum=400) * 1_000_000
# Videos (issue 20): bytes per upload and seconds of recording; longer films are cut before upload.
VIDEO_MAX_BYTES = env_int("VIDEO_MAX_MB", 500, minimum=1, maximum=10_000) * 1024 * 1024
VIDEO_MAX_SECONDS = env_int("VIDEO_MAX_SECONDS", 600, minimum=1, maximum=7200)

# The demo serves straight from the source tree, so a fresh checkout needs no collectstatic.
WHITENOISE_USE_FINDERS = RELAXED or DEBUG

# --- Email ------------------------------------------------------------------------------------
_email_backend = env_choice(
    "EMAIL_BACKEND", "console" if MODE == "demo" else "smtp", ("smtp", "console")
)
_smtp_options: dict[str, object] = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25, minimum=1, maximum=65535),
    "username": env_str("EMAIL_HOST_USER", ""),
    "password": env_str("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
    "timeout": 20,
}
MAILERS = {
    "default": {
        "BACKEND": {
            "smtp": "django.core.mail.backends.smtp.EmailBackend",
            "console": "schoolprivacy.demo.console_email.EmailBackend",
        }[_email_backend],
        "OPTIONS": _smtp_options if _email_backend == "smtp" else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Schoolprivacy <noreply@localhost>")

# --- Logging: never personal values; requests are logged by the server, not here. --------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
