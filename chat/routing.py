from django.urls import path

from chat.consumers import ShopperConsumer, StaffConsumer

websocket_urlpatterns = [
    path("ws/chat/staff/", StaffConsumer.as_asgi()),
    path("ws/chat/c/<str:token>/", ShopperConsumer.as_asgi()),
]
