from django.contrib import admin

from skintrack.push.models import VapidKey


@admin.register(VapidKey)
class VapidKeyAdmin(admin.ModelAdmin):
    """Read only: replacing the key would silence every browser that subscribed."""

    list_display = ("created_at", "public_key")
    readonly_fields = ("created_at", "public_key")
    exclude = ("private_key",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
