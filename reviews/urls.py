from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("how-we-handle-reviews/", views.policy, name="policy"),
    path("product/<slug:slug>/", views.product_reviews, name="product"),
    path("product/<slug:slug>/write/", views.review_write, name="write"),
    path("order/<str:token>/", views.review_write_from_order, name="write_from_order"),
    path("<int:pk>/edit/", views.review_edit_view, name="edit"),
    path("<int:pk>/delete/", views.review_delete_view, name="delete"),
    path("<int:pk>/helpful/", views.review_helpful, name="helpful"),
    path("<int:pk>/report/", views.review_report_view, name="report"),
]
