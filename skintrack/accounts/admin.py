from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from skintrack.accounts.models import User


@admin.register(User)
class PersonAdmin(UserAdmin):
    list_display = ("username", "email", "time_zone", "is_staff", "date_joined", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("username", "email")
    fieldsets = UserAdmin.fieldsets + (("Profile", {"fields": ("time_zone",)}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Profile", {"fields": ("time_zone",)}),)
