from django.contrib import admin

from kotacerdas.programmes.models import Cohort, Participation, Programme, SelectionCriterion, Stage

admin.site.register(Programme)
admin.site.register(Cohort)
admin.site.register(Stage)
admin.site.register(SelectionCriterion)


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["region", "cohort", "status"]
    list_filter = ["cohort", "status"]
    # Status moves go through the app so they are checked and audited.
    readonly_fields = ["status"]
