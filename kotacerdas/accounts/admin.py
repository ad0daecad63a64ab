from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from kotacerdas.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_secretariat", "is_mentor", "is_evaluator", "is_active"]
    list_filter = ["is_secretariat", "is_mentor", "is_evaluator", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["full_name", "position", "institution"]}),
        (
            "Roles",
            {
                "fields": [
                    "is_secretariat",
                    "is_mentor",
                    "is_evaluator",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                ]
            },
        ),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
