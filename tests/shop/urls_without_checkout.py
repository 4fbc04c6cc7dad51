"""The site's URLs minus the checkout namespace: the cart must then show no checkout link."""

from django.conf.urls.i18n import i18n_patterns
from django.urls.resolvers import LocalePrefixPattern

from config import urls as site

urlpatterns = []
for entry in site.urlpatterns:
    if isinstance(getattr(entry, "pattern", None), LocalePrefixPattern):
        kept = [p for p in entry.url_patterns if getattr(p, "namespace", None) != "checkout"]
        urlpatterns += i18n_patterns(*kept, prefix_default_language=False)
    else:
        urlpatterns.append(entry)
