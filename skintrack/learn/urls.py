from django.urls import path

from skintrack.learn import views as learn_views

app_name = "learn"

# The fixed routes come first: a Learn page can't take their slugs (see RESERVED_SLUGS).
urlpatterns = [
    path("", learn_views.index, name="index"),
    path("treatments/", learn_views.treatments, name="treatments"),
    path("faq/", learn_views.faq, name="faq"),
    path("ingredients/", learn_views.ingredients, name="ingredients"),
    path("<slug:slug>/", learn_views.page, name="page"),
]
