"""The shop's URLs plus /__bench/bare/<bytes>/: a bare Django view rendering a template of a given size.

The bare view is the yardstick for the shop's pages in `ops/bench_live.py` (through ops.bench_settings): same
server, same middleware, same template engine, no database and no shop logic. MEDIA_ROOT is served too (as the web
server in front of production does), also for the design review screenshots. Never production's URLconf."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path, re_path
from django.views.static import serve

from config.urls import urlpatterns as shop_urlpatterns

BARE = engines["django"].from_string(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>'
    "<body><main><h1>{{ title }}</h1><p>{{ filler }}</p></main></body></html>"
)


def media(request: HttpRequest, path: str) -> HttpResponse:
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def bare(request: HttpRequest, size: int) -> HttpResponse:
    filler = "x" * max(0, min(size, 500_000) - 150)
    return HttpResponse(BARE.render({"title": "Bare", "filler": filler}, request))


urlpatterns = [
    path("__bench/bare/<int:size>/", bare),
    # Uploaded product pictures: in production the web server in front serves MEDIA_ROOT; here Django stands in.
    re_path(r"^media/(?P<path>.*)$", media),
    *shop_urlpatterns,
]
