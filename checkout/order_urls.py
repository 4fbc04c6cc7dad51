"""The shopper's order pages (namespace ``orders``). Here, not in orders/, because the order page and paying
again from it use the checkout's payment step and the payments app: orders/ sits below both."""

from django.urls import path

from checkout.views import orders, pay
from orders import views

app_name = "orders"

urlpatterns = [
    path("orders/", views.order_list, name="order_list"),
    path("orders/<str:number>/", orders.order_detail, name="order_detail"),
    path("orders/<str:number>/pay/", pay.order_pay, name="order_pay"),
    path("orders/<str:number>/payment-status/", pay.order_payment_status, name="order_payment_status"),
    path("orders/<str:number>/payment-return/", pay.order_payment_return, name="order_payment_return"),
    path("orders/<str:number>/payment-method/", pay.order_change_method, name="order_change_method"),
    path("orders/<str:number>/new-link/", views.order_link_resend, name="order_link_resend"),
]
