from django.contrib import admin

from kotacerdas.regions.models import Opd, Province, Region, RegionMembership


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "timezone"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]


admin.site.register(Opd)
admin.site.register(RegionMembership)
