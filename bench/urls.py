"""The bench-only URLconf (bench/settings.py, BENCH_BARE_VIEW=1): the app's URLs plus the bare
view every page is compared with. Production's URLconf (workforce/urls.py) never includes it."""

from django.urls import path

from bench.bare import bare_view
from workforce.urls import urlpatterns as app_urlpatterns

urlpatterns = [path("bench/bare/", bare_view, name="bench_bare"), *app_urlpatterns]
