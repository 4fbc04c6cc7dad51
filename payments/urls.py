from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("checkout/", views.checkout, name="checkout"),
    path("checkout/address/", views.checkout_address, name="checkout_address"),
    path("checkout/delivery/", views.checkout_delivery, name="checkout_delivery"),
    path("checkout/payment-method/", views.checkout_method, name="checkout_method"),
    path("checkout/review/", views.checkout_review, name="checkout_review"),
    path("checkout/pay/", views.checkout_pay, name="checkout_pay"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/<str:number>/", views.order_detail, name="order_detail"),
    path("orders/<str:number>/pay/", views.order_pay, name="order_pay"),
    path("orders/<str:number>/payment-status/", views.order_payment_status, name="order_payment_status"),
    path("orders/<str:number>/new-link/", views.order_link_resend, name="order_link_resend"),
    path("payment-methods/", views.fees, name="fees"),
]
