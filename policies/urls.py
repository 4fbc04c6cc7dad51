"""Policy pages under /policies/: the version in force with its history, and each version by number."""

from django.urls import path

from policies import views

app_name = "policies"

urlpatterns = [
    path("<slug:kind>/", views.policy_detail, name="policy"),
    path("<slug:kind>/v<int:number>/", views.policy_version_detail, name="policy_version"),
]
