from django.contrib import admin

from kotacerdas.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_repr", "old_value", "new_value", "region_code"]
    list_filter = ["action"]
    search_fields = ["target_repr", "region_code", "note"]

    # The audit trail is append-only, also for superusers.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
