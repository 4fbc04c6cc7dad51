from django.urls import path

from backoffice import views

app_name = "backoffice"

urlpatterns = [
    path("backoffice/orders/<int:pk>/packing-slip.pdf", views.packing_slip, name="packing_slip"),
    path("backoffice/orders/<int:pk>/invoice.pdf", views.invoice, name="invoice"),
    path("backoffice/export/orders.csv", views.export_orders, name="export_orders"),
    path("backoffice/export/refunds.csv", views.export_refunds, name="export_refunds"),
    path("backoffice/export/reviews.csv", views.export_reviews, name="export_reviews"),
    path("orders/<str:number>/invoice.pdf", views.shopper_invoice, name="shopper_invoice"),
]
