from django.urls import path

from devmail import views

app_name = "devmail"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:message_id>/", views.message, name="message"),
    path("<int:message_id>/html/", views.message_html, name="message_html"),
]
