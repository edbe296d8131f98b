from django import forms
from django.contrib import admin, messages

from . import services
from .models import Invitation, Membership, Team


class MembershipInline(admin.TabularInline):
    # Shown for reading: roles change in the memberships admin or on the team page, by their rules.
    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["team", "user", "role"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "role" in self.changed_data:
            # Through the service, which never leaves a team without an admin.
            try:
                services.change_role(self.instance.team, self.instance.pk, cleaned["role"])
            except services.MembershipError as exc:
                raise forms.ValidationError(str(exc)) from None
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "team", "role", "created_at"]
    list_filter = ["role", "team"]
    search_fields = ["user__username", "user__email", "team__name"]
    list_select_related = ["user", "team"]
    autocomplete_fields = ["user", "team"]

    def get_readonly_fields(self, request, obj=None):
        # A membership is one person in one team; moving it would bypass the team's rules.
        return ["team", "user", "created_at"] if obj else []

    def delete_model(self, request, obj):
        services.remove_member(obj.team, obj.pk)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("team", "user"):
            try:
                services.remove_member(membership.team, membership.pk)
            except services.MembershipError as exc:
                self.message_user(request, str(exc), messages.ERROR)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.role == Membership.Role.ADMIN:
            others = obj.team.memberships.filter(role=Membership.Role.ADMIN).exclude(pk=obj.pk)
            return others.exists() and super().has_delete_permission(request, obj)
        return super().has_delete_permission(request, obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "team", "role", "invited_by", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["team", "role"]
    search_fields = ["email", "team__name"]
    list_select_related = ["team", "invited_by"]
    # Invitations are made and used through the team page; the stored hash is useless to edit.
    readonly_fields = ["token_hash", "created_at", "accepted_at", "accepted_by", "revoked_at"]
    autocomplete_fields = ["team", "invited_by"]

    # An invitation is sent from the team page, which emails its one-time link.
    def has_add_permission(self, request):
        return False
