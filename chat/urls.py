from django.urls import path

from chat import views

app_name = "chat"

urlpatterns = [
    path("status/", views.status, name="status"),
    path("start/", views.start, name="start"),
    path("c/<str:token>/messages/", views.conversation_messages, name="messages"),
    path("c/<str:token>/send/", views.send, name="send"),
    path("c/<str:token>/end/", views.end, name="end"),
    path("staff/", views.staff_inbox, name="staff_inbox"),
    path("staff/poll/", views.staff_poll, name="staff_poll"),
    path("staff/<uuid:public_id>/", views.staff_conversation, name="staff_conversation"),
]
