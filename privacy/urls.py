from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("data/", views.data, name="data"),
    path("data/export/", views.export, name="export"),
    path("data/export/<id:pk>/", views.download, name="download"),
    path("data/withdraw/", views.withdraw, name="withdraw"),
    path("data/delete/", views.delete, name="delete"),
]
