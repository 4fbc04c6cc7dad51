"""``[[support_response_time]]``: the first-response time support promises (``SupportSettings``), the number the
contact page shows and the trust centre measures. Registered by ``SupportConfig.ready()`` (``policies.facts``)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from policies.facts import PolicyFact
from support.models import SupportSettings
from support.selectors import support_settings_get


def _hours(hours: int) -> str:
    return ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}


SUPPORT_RESPONSE_TIME = PolicyFact(
    key="support_response_time",
    label=gettext_lazy("the first-response time support promises"),
    collect=lambda: {"hours": support_settings_get().first_response_hours},
    render=lambda data: format_html('<strong class="policy-fact">{}</strong>', _hours(data["hours"])),
    summarise=lambda old, new: [
        _("Support answers within: %(old)s -> %(new)s") % {"old": _hours(old["hours"]), "new": _hours(new["hours"])}
    ],
    senders=(SupportSettings,),
)
