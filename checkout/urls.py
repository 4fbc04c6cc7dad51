from django.urls import path

from checkout.views import currency, pay, steps

app_name = "checkout"

urlpatterns = [
    path("checkout/", steps.checkout, name="checkout"),
    path("checkout/address/", steps.checkout_address, name="checkout_address"),
    path("checkout/delivery/", steps.checkout_delivery, name="checkout_delivery"),
    path("checkout/payment-method/", steps.checkout_method, name="checkout_method"),
    path("checkout/review/", steps.checkout_review, name="checkout_review"),
    path("checkout/pay/", pay.checkout_pay, name="checkout_pay"),
    path("payment-methods/", steps.fees, name="fees"),
    path("currency/", currency.currency_set, name="currency_set"),
]
