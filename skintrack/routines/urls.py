from django.urls import path

from skintrack.routines import views

app_name = "routines"

urlpatterns = [
    path("", views.routines, name="list"),
    path("new/", views.routine_new, name="new"),
    path("<int:routine_id>/", views.routine_detail, name="detail"),
    path("<int:routine_id>/edit/", views.routine_edit, name="edit"),
    path("<int:routine_id>/activate/", views.routine_activate, name="activate"),
    path("<int:routine_id>/archive/", views.routine_archive, name="archive"),
    path("<int:routine_id>/steps/new/", views.step_new, name="step_new"),
    path("steps/<int:step_id>/edit/", views.step_edit, name="step_edit"),
    path("steps/<int:step_id>/move/", views.step_move, name="step_move"),
    path("steps/<int:step_id>/archive/", views.step_archive, name="step_archive"),
]
