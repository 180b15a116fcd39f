from django.urls import path

from skintrack.guidance import review_views

app_name = "review"

urlpatterns = [
    path("", review_views.latest, name="latest"),
    path("<isoweek:week>/", review_views.week, name="week"),
    path("<isoweek:week>/dismiss/", review_views.dismiss, name="dismiss"),
]
