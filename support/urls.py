from django.urls import path

from support import views

app_name = "support"

urlpatterns = [
    path("", views.contact, name="contact"),
    path("tickets/", views.ticket_list, name="tickets"),
    path("tickets/<str:reference>/", views.ticket_detail, name="ticket_detail"),
    path("faq/", views.faq, name="faq"),
    path("report/", views.report, name="report"),
    path("report/received/", views.report_received, name="report_received"),
    path("phishing/", views.phishing, name="phishing"),
]
