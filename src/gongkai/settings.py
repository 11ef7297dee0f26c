"""Gongkai settings, read from the environment (django-environ).

Three ways to run, chosen by GONGKAI_ENV:
- ``production`` (the default when nothing says otherwise): SECRET_KEY, ALLOWED_HOSTS and
  the database must come from the environment; the TOTP second factor is mandatory.
- ``demo``: ``make demo`` on a laptop; SQLite under var/, generated keys, the printed demo
  accounts may skip the second factor (the login page says so).
- ``test``: the test suite.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent  # src/gongkai
PROJECT_DIR = BASE_DIR.parent.parent  # repository root
VAR_DIR = Path(environ.Env().str("GONGKAI_VAR_DIR", default=str(PROJECT_DIR / "var")))

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env", overwrite=False) if (PROJECT_DIR / ".env").exists() else None

GONGKAI_ENV = env.str("GONGKAI_ENV", default="production")
if GONGKAI_ENV not in {"production", "demo", "test"}:
    raise ValueError(f"GONGKAI_ENV must be production, demo or test, not {GONGKAI_ENV!r}")
IS_PRODUCTION = GONGKAI_ENV == "production"

DEBUG = env.bool("DEBUG", default=GONGKAI_ENV == "demo")

if IS_PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # no default: production must set it
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="gongkai-insecure-" + secrets.token_urlsafe(32))
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Key for personal data encrypted at rest (applicants' identity numbers etc.; see
# gongkai.foi.crypto). Fernet keys, comma-separated for rotation: the first encrypts,
# all decrypt. Production must provide it (startup fails without); the demo generates
# one into var/data.key on first start and reuses it; the test suite uses a fixed,
# public test key (never a secret).
GONGKAI_DATA_KEY = env.str("GONGKAI_DATA_KEY", default="")
GONGKAI_DATA_KEY_FILE = VAR_DIR / "data.key"
if not GONGKAI_DATA_KEY:
    if IS_PRODUCTION:
        raise ValueError(
            "GONGKAI_DATA_KEY is not set: production needs the key that encrypts applicants' "
            "personal data (generate one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())', and keep it with the backups). "
            "生产环境必须设置 GONGKAI_DATA_KEY(申请人个人信息加密密钥)。"
        )
    if GONGKAI_ENV == "test":
        # base64 of b"gongkai-test-key-not-a-secret!!!": public, for the test suite only
        GONGKAI_DATA_KEY = "Z29uZ2thaS10ZXN0LWtleS1ub3QtYS1zZWNyZXQhISE="
    else:
        try:  # demo: generate once (a Fernet key is 32 random bytes, url-safe base64)
            GONGKAI_DATA_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
            GONGKAI_DATA_KEY_FILE.touch(mode=0o600, exist_ok=False)
            GONGKAI_DATA_KEY_FILE.write_text(secrets.token_urlsafe(32) + "=\n", encoding="ascii")
        except FileExistsError:
            pass
        GONGKAI_DATA_KEY = GONGKAI_DATA_KEY_FILE.read_text(encoding="ascii").strip()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "ninja",  # serves the API docs' assets from our own static files, never a CDN
    "treebeard",
    "django_tasks",
    "django_tasks_db",
    "gongkai.core",
    "gongkai.orgs",
    "gongkai.portal",
    "gongkai.console",
    "gongkai.api",
    "gongkai.catalog",
    "gongkai.foi",
    "gongkai.publishing",
    "gongkai.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "gongkai.core.middleware.RequestContextMiddleware",
    # AxesMiddleware last, as django-axes documents.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "gongkai.portal.context_processors.site",
                "gongkai.console.context_processors.console_nav",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; busy timeout instead of
    # immediate "database is locked" under the demo's few concurrent requests.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if GONGKAI_ENV == "test":
    # Hashing speed is not under test; argon2 stays the production hasher.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:dashboard"

# Idle session timeout: the session expires after this many minutes without a request
# (the expiry is pushed forward on every request).
GONGKAI_IDLE_TIMEOUT_MINUTES = env.int("GONGKAI_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_COOKIE_AGE = GONGKAI_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Second factor: mandatory in production. The demo may let its printed accounts
# (User.is_demo_account) skip it; the login page says so.
GONGKAI_OTP_REQUIRED = env.bool("GONGKAI_OTP_REQUIRED", default=IS_PRODUCTION)
if IS_PRODUCTION and not GONGKAI_OTP_REQUIRED:
    raise ValueError("GONGKAI_OTP_REQUIRED cannot be turned off in production")
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Gongkai 公开")

# django-axes: lock the (username, IP) pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "console/lockout.html"
AXES_VERBOSE = False
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The project's shared assets (site.css, a11y.js, emblem.svg) live outside any app.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
if not IS_PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not IS_PRODUCTION

# Content-Security-Policy: our own assets only, no inline scripts or styles.
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
    }
}

# Background work: one interface (django-tasks). Immediate in tests and the demo;
# production runs `gongkai worker` on the database backend.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "GONGKAI_TASK_BACKEND",
            default=(
                "django_tasks_db.DatabaseBackend"
                if IS_PRODUCTION
                else "django_tasks.backends.immediate.ImmediateBackend"
            ),
        ),
    }
}

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if IS_PRODUCTION
        else "django.core.mail.backends.locmem.EmailBackend"
        if GONGKAI_ENV == "test"
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="gongkai@localhost")
if IS_PRODUCTION:
    EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25")
    vars().update(EMAIL_CONFIG)

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://gongkai")}

# Site identity shown in the public header/footer (the demo county overrides these
# from its top organization; see portal.context_processors).
GONGKAI_SITE_NAME = env.str("GONGKAI_SITE_NAME", default="")
GONGKAI_ICP_RECORD = env.str("GONGKAI_ICP_RECORD", default="")  # 备案号

# Calendar: from this day of December the console warns when next year is provisional.
GONGKAI_CALENDAR_WARN_FROM = (12, 1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}
