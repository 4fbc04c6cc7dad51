from django import template

from accounts.client_info import ip_mask, user_agent_summarize

register = template.Library()


@register.filter(name="browser_summary")
def browser_summary(user_agent: str) -> str:
    return user_agent_summarize(user_agent)


@register.filter(name="ip_masked")
def ip_masked(ip: str) -> str:
    return ip_mask(ip)
