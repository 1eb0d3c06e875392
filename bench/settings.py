"""Settings for the served benchmark (bench/serve.py) only: production's, plus the bare view.

`DJANGO_SETTINGS_MODULE=bench.settings` alone changes nothing; the bare view's URLconf is used only
when BENCH_BARE_VIEW=1 is set as well, so neither a deployment that picked this module by mistake
nor production (workforce.settings, workforce.urls) ever serves it.
"""

from workforce.settings import *  # noqa: F403
from workforce.settings import TEMPLATES, env_bool

if env_bool("BENCH_BARE_VIEW", False):
    ROOT_URLCONF = "bench.urls"
    TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]  # noqa: F405
    # The benchmark signs in 48 clients; the timed requests never hash a password, so the
    # sign-ins need not cost a second of CPU each on a machine the measured server shares.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
