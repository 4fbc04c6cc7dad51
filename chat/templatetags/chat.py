"""``{% chat_widget %}`` (in base.html, on every shopper page) and ``{% chat_payment_help %}`` (the payment step).

The widget's markup is the same for every visitor, so cached catalogue pages stay shareable: who is online, the
visitor's name and the CSRF token come from ``chat:status`` when the window opens.
"""

from django import template

register = template.Library()


@register.inclusion_tag("chat/widget.html", takes_context=True)
def chat_widget(context) -> dict:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    # Not on the staff's own pages, nor in the admin: the widget is for shoppers.
    hidden = bool(match and (match.namespace == "admin" or match.url_name.startswith("staff_")))
    return {"hidden": hidden}


@register.inclusion_tag("chat/payment_help.html")
def chat_payment_help() -> dict:
    return {}
