from django.contrib import admin

from kotacerdas.framework.models import FrameworkVersion


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "status"]
    readonly_fields = ["status", "based_on"]
