from django.urls import path

from skintrack.journal import views

app_name = "journal"

urlpatterns = [
    path("", views.home, name="home"),
    path("today/", views.today, name="today"),
    path("day/<isodate:day>/", views.day_view, name="day"),
    path("day/<isodate:day>/steps/<int:step_id>/tick/", views.tick, name="tick"),
    path("day/<isodate:day>/applications/", views.add_application, name="add_application"),
    path("day/<isodate:day>/note/", views.save_note, name="save_note"),
    path("day/<isodate:day>/milia/new/", views.observation_new, name="observation_new"),
    path(
        "applications/<int:application_id>/delete/",
        views.delete_application,
        name="delete_application",
    ),
    path("milia/", views.observations, name="observations"),
    path("milia/<int:observation_id>/edit/", views.observation_edit, name="observation_edit"),
    path("milia/<int:observation_id>/delete/", views.observation_delete, name="observation_delete"),
    path("visits/", views.visits, name="visits"),
    path("visits/booked/", views.book_visit, name="book_visit"),
    path("visits/booked/cancel/", views.cancel_booking, name="cancel_booking"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:visit_id>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:visit_id>/delete/", views.visit_delete, name="visit_delete"),
]
