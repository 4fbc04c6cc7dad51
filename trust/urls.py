from django.urls import path

from trust import views

app_name = "trust"

urlpatterns = [
    path("", views.centre, name="centre"),
]
