"""Policy routes, included by shop/urls.py under /policies/ (names live in the ``shop`` namespace)."""

from django.urls import path

from shop import policy_views

urlpatterns = [
    path("<slug:kind>/", policy_views.policy_detail, name="policy"),
    path("<slug:kind>/v<int:number>/", policy_views.policy_version_detail, name="policy_version"),
]
