from django.contrib import admin

from .models import DigestDelivery, DigestPreference


@admin.register(DigestPreference)
class DigestPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "updated_at"]
    list_filter = ["frequency"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ["week", "user", "state", "skip_reason", "attempts", "sent_at"]
    list_filter = ["state", "week"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "week", "state", "attempts", "last_error", "skip_reason", "sent_at", "created_at"]

    # A delivery is recorded by the weekly send, once per user and week.
    def has_add_permission(self, request):
        return False
