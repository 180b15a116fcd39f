app_name = "routines"

urlpatterns = []
