from django.urls import path

from returns import views

app_name = "returns"

urlpatterns = [
    path("orders/<str:number>/returns/new/", views.request_start, name="request_start"),
    path("returns/<str:number>/", views.request_detail, name="request_detail"),
    path("returns/<str:number>/label/", views.request_label, name="request_label"),
    path("returns/<str:number>/refund-account/", views.request_account, name="request_account"),
    path("returns/<str:number>/refund-account/confirm/", views.request_account_confirm, name="request_account_confirm"),
    path("returns/<str:number>/photos/<int:photo_id>/", views.request_photo, name="request_photo"),
    # Staff only (two-factor): the admin links here.
    path("staff/returns/<str:number>/photos/<int:photo_id>/", views.staff_photo, name="staff_photo"),
]
