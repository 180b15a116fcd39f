from django.urls import path

from skintrack.reports import share, views

app_name = "reports"

urlpatterns = [
    path("progress/", views.progress, name="progress"),
    path("calendar/", views.month_calendar, name="month_now"),
    path("calendar/<isomonth:month>/", views.month_calendar, name="month"),
    path("visit-report/", views.visit_report, name="visit_report"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
    path("calendar/rotate/", views.rotate_calendar, name="rotate_calendar"),
    path("reminders/", views.reminders, name="reminders"),
    path("shares/", share.shares, name="shares"),
    path("shares/profile/", share.report_profile, name="report_profile"),
    path("shares/<int:link_id>/revoke/", share.revoke, name="revoke_share"),
    path("s/<str:share_token>/", share.shared_report, name="shared"),
    path(
        "s/<str:share_token>/photos/<int:shared_photo_id>/",
        share.shared_photo,
        name="shared_photo",
    ),
    path("unsubscribe/<str:signed_token>/", views.unsubscribe, name="unsubscribe"),
]
