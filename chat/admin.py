from django.contrib import admin

from chat.models import CannedAnswer, Conversation, StaffPresence


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("ticket", "status", "mode", "assigned_to", "order", "created_at", "closed_at")
    list_filter = ("status", "mode")
    search_fields = ("ticket__reference", "ticket__email", "order__number")
    raw_id_fields = ("ticket", "order", "assigned_to")
    readonly_fields = ("public_id", "created_at", "closed_at")


@admin.register(CannedAnswer)
class CannedAnswerAdmin(admin.ModelAdmin):
    list_display = ("title", "language", "position")
    list_filter = ("language",)


@admin.register(StaffPresence)
class StaffPresenceAdmin(admin.ModelAdmin):
    list_display = ("user", "last_seen")
    readonly_fields = ("user", "last_seen")
