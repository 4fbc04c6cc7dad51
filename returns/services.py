"""Writes for returns, withdrawals and complaints. Every rule is checked here, server-side, under row locks.

``request_create`` locks the order row so two requests for the same items cannot both pass the checks;
``_request_transition`` is the only place that sets ``ReturnRequest.status``; the refund goes through the
payments app's refund rows (the same ones the admin uses).
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ApplicationError
from core.formatting import format_money
from core.money import Money
from core.validators import single_line_clean
from orders.models import STRIPE_METHODS, Order
from orders.services import order_mark_returned, stock_return_lines
from orders.states import PaymentStatus
from payments import gateway
from payments.models import RefundState
from payments.services import order_refundable, refund_open, refund_send
from policies.facts import fact_keys
from policies.models import PolicyVersion
from policies.services import policy_publish, version_translations
from returns.iban import iban_clean, iban_masked
from returns.images import MAX_PHOTOS, photo_process
from returns.models import (
    ComplaintPhoto,
    RefundAccountChange,
    ReturnRequest,
    ReturnRequestLine,
    ReturnStatusChange,
    ReturnsTerms,
)
from returns.policy_facts import RETURN_WINDOW
from returns.selectors import (
    CODE_ATTEMPTS,
    CODE_LIFETIME,
    REFUND_DAYS,
    RESPOND_DAYS,
    SEND_BACK_DAYS,
    order_returns_options,
    returns_terms_latest,
)
from returns.states import COUNTED_STATUSES, RequestKind, RequestStatus, can_transition
from returns.tasks import refund_account_code_email_send, send_return_email

logger = logging.getLogger(__name__)
S = RequestStatus
MAX_TEXT = 2000

# A refund IBAN given through an order link (not by the order's signed-in owner) is used only once the code
# emailed to the order's address is entered: a forwarded or leaked link alone cannot send a refund elsewhere.
CODES_PER_HOUR = 5  # codes sent per request: with CODE_ATTEMPTS, 25 guesses an hour at a one-in-a-million code
CODE_SALT = "returns.refund-account-code"


def _notify(request: ReturnRequest, status: str) -> None:
    request_id = request.pk
    transaction.on_commit(lambda: send_return_email.enqueue(request_id, status))


def _request_transition(
    *,
    request: ReturnRequest,
    to_status: str,
    note: str = "",
    actor: AbstractBaseUser | None = None,
    at: datetime.datetime | None = None,
) -> ReturnRequest:
    """Move the (already locked) request if the state machine allows it, record it, email after commit."""
    if not can_transition(request.status, to_status):
        raise ApplicationError(
            _("This request is %(status)s and cannot be moved to %(target)s.")
            % {"status": request.get_status_display(), "target": S(to_status).label}
        )
    from_status = request.status
    request.status = to_status
    setattr(request, f"{to_status}_at", at or timezone.now())
    request.save()
    ReturnStatusChange.objects.create(
        request=request, from_status=from_status, to_status=to_status, note=note[:300], actor=actor
    )
    _notify(request, to_status)
    return request


def _parse_quantities(quantities: dict) -> dict[int, int]:
    parsed: dict[int, int] = {}
    for line_id, raw in quantities.items():
        try:
            line_pk, quantity = int(line_id), int(str(raw).strip() or 0)
        except (TypeError, ValueError):
            raise ApplicationError(_("Quantities must be whole numbers."), field="lines") from None
        if quantity < 0:
            raise ApplicationError(_("Quantities cannot be negative."), field="lines")
        if quantity:
            parsed[line_pk] = quantity
    if not parsed:
        raise ApplicationError(_("Choose at least one item and how many of it."), field="lines")
    return parsed


def _refund_account_clean(*, iban: str, account_holder: str) -> tuple[str, str]:
    clean_iban = iban_clean(iban)
    account_holder = single_line_clean(
        account_holder, field="account_holder", label=_("Account holder"), max_length=120
    )
    if not account_holder:
        raise ApplicationError(_("Enter the name of the account holder."), field="account_holder")
    return clean_iban, account_holder


def _code_hash(*, request: ReturnRequest, iban: str, code: str) -> str:
    """Bound to the request and the IBAN: the code confirms exactly the account it was sent for."""
    return salted_hmac(CODE_SALT, f"{request.number}:{iban}:{code}", algorithm="sha256").hexdigest()


def _refund_account_code_send(
    *, request: ReturnRequest, iban: str, account_holder: str, now: datetime.datetime
) -> RefundAccountChange:
    """Record the IBAN as waiting and email its code after commit (the caller holds the request's row lock)."""
    if request.account_changes.filter(created_at__gt=now - datetime.timedelta(hours=1)).count() >= CODES_PER_HOUR:
        raise ApplicationError(
            _("We sent several codes for this request in the last hour. Use the latest one, or try again later."),
            field="iban",
        )
    code = f"{secrets.randbelow(10**6):06d}"
    change = RefundAccountChange.objects.create(
        request=request,
        iban=iban,
        account_holder=account_holder,
        code_hash=_code_hash(request=request, iban=iban, code=code),
        created_at=now,
        expires_at=now + CODE_LIFETIME,
    )
    change_id = change.pk
    transaction.on_commit(lambda: refund_account_code_email_send(change_id=change_id, code=code))
    return change


def request_create(
    *,
    order: Order,
    kind: str,
    quantities: dict,
    reason: str = "",
    iban: str = "",
    account_holder: str = "",
    photos: Sequence[UploadedFile] = (),
    via_order_link: bool = False,
    now: datetime.datetime | None = None,
) -> ReturnRequest:
    """Start a withdrawal, return or complaint for some of ``order``'s delivered items. All or nothing.

    ``via_order_link``: the shopper came through a signed order link, not signed in as the order's owner; a refund
    IBAN then waits for the code emailed to the order's address (``refund_account_confirm``).
    """
    if kind not in RequestKind.values:
        raise ApplicationError(_("Choose what you want to do: withdraw, return or complain."), field="kind")
    wanted = _parse_quantities(quantities)
    reason = (reason or "").strip()
    if len(reason) > MAX_TEXT:
        raise ApplicationError(_("Please keep the description under 2000 characters."), field="reason")
    if kind == RequestKind.COMPLAINT and len(reason) < 10:
        raise ApplicationError(_("Describe what is wrong with the item (at least 10 characters)."), field="reason")
    if len(photos) > MAX_PHOTOS:
        raise ApplicationError(_("You can add at most %(max)d photos.") % {"max": MAX_PHOTOS}, field="photos")
    if photos and kind != RequestKind.COMPLAINT:
        raise ApplicationError(_("Photos are only needed for a complaint."), field="photos")
    clean_iban = ""
    if order.payment_method not in STRIPE_METHODS:
        clean_iban, account_holder = _refund_account_clean(iban=iban, account_holder=account_holder)
    processed = [photo_process(upload=upload) for upload in photos]

    with transaction.atomic():
        # The order row is the lock: two requests for the same items wait for each other here.
        locked = Order.objects.select_for_update().get(pk=order.pk)
        options = order_returns_options(order=locked, now=now)
        if locked.payment_status == PaymentStatus.REFUNDED:
            raise ApplicationError(_("This order has already been refunded in full."))
        if not options.delivered:
            raise ApplicationError(_("Returns can be started once the order has been delivered."))
        kind_option = options.kind(kind)
        if kind_option is None or kind_option.last_day is None:
            raise ApplicationError(
                _(
                    "The returns policy you accepted with this order has no returns window of its own; "
                    "you can still withdraw within the legal 14 days or file a complaint."
                ),
                field="kind",
            )
        if not kind_option.open:
            raise ApplicationError(
                _("The period for this ended on %(date)s.") % {"date": kind_option.last_day.isoformat()}, field="kind"
            )
        by_line = {option.line.pk: option for option in options.lines}
        for line_pk, quantity in wanted.items():
            option = by_line.get(line_pk)
            if option is None:
                raise ApplicationError(_("That item is not part of this order."), field="lines")
            if option.has_open_request:
                raise ApplicationError(
                    _("There is already an open request for %(name)s; follow it on its page.")
                    % {"name": option.line.name},
                    field="lines",
                )
            if quantity > option.available:
                raise ApplicationError(
                    _("You can return at most %(count)d of %(name)s.")
                    % {"count": option.available, "name": option.line.name},
                    field="lines",
                )
        created = timezone.now()
        request = ReturnRequest(
            order=locked,
            kind=kind,
            reason=reason,
            iban="" if via_order_link else clean_iban,
            account_holder="" if via_order_link or not clean_iban else account_holder,
            terms=options.terms if kind == RequestKind.RETURN else None,
            delivered_at=options.delivered_at,
            respond_by=created + datetime.timedelta(days=RESPOND_DAYS),
        )
        request.full_clean(exclude=["refund", "terms", "order"])
        request.save()
        for line_pk, quantity in wanted.items():
            ReturnRequestLine.objects.create(request=request, order_line=by_line[line_pk].line, quantity=quantity)
        for content in processed:
            ComplaintPhoto.objects.create(request=request, image=content)
        ReturnStatusChange.objects.create(request=request, to_status=S.REQUESTED, note=kind_option.label)
        if clean_iban and via_order_link:
            _refund_account_code_send(request=request, iban=clean_iban, account_holder=account_holder, now=created)
        _notify(request, S.REQUESTED)
    return request


def _lock(request: ReturnRequest) -> ReturnRequest:
    return ReturnRequest.objects.select_for_update().select_related("order").get(pk=request.pk)


def refund_account_submit(
    *,
    request: ReturnRequest,
    iban: str,
    account_holder: str,
    via_order_link: bool,
    now: datetime.datetime | None = None,
) -> RefundAccountChange | None:
    """Give or change the account a bank-transfer refund goes to, while the request is open.

    The order's signed-in owner's account is used at once (``None``); one given through an order link waits for
    the code emailed to the order's address (the waiting change is returned).
    """
    now = now or timezone.now()
    clean_iban, account_holder = _refund_account_clean(iban=iban, account_holder=account_holder)
    with transaction.atomic():
        locked = _lock(request)
        if locked.order.payment_method in STRIPE_METHODS:
            raise ApplicationError(_("This order is refunded the way it was paid: no bank account is needed."))
        if not locked.is_open:
            raise ApplicationError(_("This request is closed: its refund account can no longer change."))
        if via_order_link:
            return _refund_account_code_send(request=locked, iban=clean_iban, account_holder=account_holder, now=now)
        # The owner's choice wins over any code still waiting.
        locked.account_changes.filter(confirmed_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        locked.iban, locked.account_holder = clean_iban, account_holder
        locked.save(update_fields=["iban", "account_holder", "updated_at"])
    request.iban, request.account_holder = clean_iban, account_holder
    return None


def refund_account_confirm(*, request: ReturnRequest, code: str, now: datetime.datetime | None = None) -> ReturnRequest:
    """Use the waiting refund account if ``code`` is the one emailed for it.

    The code works once, until its expiry (not at it), and for ``CODE_ATTEMPTS`` tries; a wrong try is counted
    (and committed) even though the request does not change.
    """
    now = now or timezone.now()
    code = "".join((code or "").split())
    with transaction.atomic():
        locked = _lock(request)
        change = RefundAccountChange.objects.select_for_update().filter(request=locked).first()  # the latest
        if change is None or change.confirmed_at is not None:
            problem = _("No code is waiting for this request. Enter the account again to get a new code.")
        elif now >= change.expires_at:
            problem = _("This code has expired. Enter the account again to get a new code.")
        elif change.attempts >= CODE_ATTEMPTS:
            problem = _("Too many wrong codes. Enter the account again to get a new code.")
        elif constant_time_compare(change.code_hash, _code_hash(request=locked, iban=change.iban, code=code)):
            change.confirmed_at = now
            change.save(update_fields=["confirmed_at"])
            locked.iban, locked.account_holder = change.iban, change.account_holder
            locked.save(update_fields=["iban", "account_holder", "updated_at"])
            return locked
        else:
            change.attempts += 1
            change.save(update_fields=["attempts"])
            left = CODE_ATTEMPTS - change.attempts
            if left:
                problem = ngettext(
                    "That code is not right. You have %(count)d more try.",
                    "That code is not right. You have %(count)d more tries.",
                    left,
                ) % {"count": left}
            else:
                problem = _("Too many wrong codes. Enter the account again to get a new code.")
    raise ApplicationError(problem, field="code")  # outside the block: the counted try stays


def request_approve(*, request: ReturnRequest, instructions: str, actor: AbstractBaseUser | None) -> ReturnRequest:
    instructions = (instructions or "").strip()
    if not instructions:
        raise ApplicationError(_("Tell the shopper how to send the items back."), field="instructions")
    with transaction.atomic():
        locked = _lock(request)
        locked.instructions = instructions[:MAX_TEXT]
        now = timezone.now()
        locked.send_by = now + datetime.timedelta(days=SEND_BACK_DAYS)
        return _request_transition(request=locked, to_status=S.APPROVED, note=_("Approved"), actor=actor, at=now)


def request_reject(
    *, request: ReturnRequest, reason: str, next_steps: str, actor: AbstractBaseUser | None
) -> ReturnRequest:
    reason, next_steps = (reason or "").strip(), (next_steps or "").strip()
    if not reason:
        raise ApplicationError(_("Give the shopper the reason."), field="reason")
    if not next_steps:
        raise ApplicationError(_("Tell the shopper what they can do next."), field="next_steps")
    with transaction.atomic():
        locked = _lock(request)
        # A timely withdrawal needs no reason from the shopper; refusing one is only for the legal exceptions
        # (e.g. opened sealed hygiene goods, custom-made goods), which the reason must name.
        locked.rejection_reason = reason[:MAX_TEXT]
        locked.next_steps = next_steps[:MAX_TEXT]
        return _request_transition(request=locked, to_status=S.REJECTED, note=reason, actor=actor)


def request_mark_received(*, request: ReturnRequest, actor: AbstractBaseUser | None) -> ReturnRequest:
    """The items are back: record it (refund deadline = received + 14 days), then refund at once."""
    with transaction.atomic():
        locked = _lock(request)
        now = timezone.now()
        locked.refund_by = now + datetime.timedelta(days=REFUND_DAYS)
        _request_transition(request=locked, to_status=S.RECEIVED, note=_("Items received"), actor=actor, at=now)
        order_mark_returned(order=locked.order, returned=_items_back(order=locked.order))
    return request_refund(request=locked, actor=actor)


def _items_back(*, order: Order) -> dict[int, int]:
    """Order-line id -> quantity received back through withdrawals and returns (complaints keep the goods' fate
    to the repair or replacement)."""
    back: dict[int, int] = {}
    rows = ReturnRequestLine.objects.filter(
        request__order=order,
        request__kind__in=[RequestKind.WITHDRAWAL, RequestKind.RETURN],
        request__status__in=[S.RECEIVED, S.REFUNDED],
    ).values_list("order_line_id", "quantity")
    for line_id, quantity in rows:
        back[line_id] = back.get(line_id, 0) + quantity
    return back


def request_refund_amount(*, request: ReturnRequest) -> Money:
    """The price of the returned items; plus the standard delivery cost once ALL items have been withdrawn.

    CRD art. 13(1)-(2): on withdrawal the trader refunds the standard delivery cost too. We refund it with the
    withdrawal that completes the withdrawal of every item of the order.
    """
    order = request.order
    amount = Money.zero(order.currency)
    for line in request.lines.select_related("order_line"):
        amount += line.amount
    if request.kind == RequestKind.WITHDRAWAL and order.delivery_amount:
        withdrawn: dict[int, int] = {}
        rows = ReturnRequestLine.objects.filter(
            request__order=order, request__kind=RequestKind.WITHDRAWAL, request__status__in=COUNTED_STATUSES
        ).values_list("order_line_id", "quantity")
        for line_id, quantity in rows:
            withdrawn[line_id] = withdrawn.get(line_id, 0) + quantity
        if all(withdrawn.get(line.pk, 0) >= line.quantity for line in order.lines.all()):
            amount += order.delivery_total
    return amount


def request_refund(*, request: ReturnRequest, actor: AbstractBaseUser | None) -> ReturnRequest:
    """Refund a received request through the payments app's refund rows (Stripe for Stripe payments).

    Capped at what is still refundable on the order. Three steps, so the gateway is never asked inside a
    transaction: claim (the refund row is written and tied to the request under the request's lock, so a second
    click finds it), ask the gateway, then restock and mark the request refunded. A gateway failure leaves a
    ``failed`` refund row on the order and the request "received"; retrying writes a new row. A refund already
    accepted by the gateway (a crash before the last step) is finished, never sent twice.
    """
    with transaction.atomic():
        locked = _lock(request)
        if locked.status != S.RECEIVED:
            raise ApplicationError(_("Only a request whose items were received can be refunded."))
        order = Order.objects.select_for_update().get(pk=locked.order_id)
        wanted = request_refund_amount(request=locked)
        claimed = locked.refund
        if claimed is not None and claimed.state == RefundState.CREATED:
            raise ApplicationError(_("The refund of this request is already being sent; reload in a moment."))
        if claimed is None or claimed.state == RefundState.FAILED:
            if order.payment_method not in STRIPE_METHODS and not locked.iban:
                raise ApplicationError(
                    _(
                        "The shopper has not confirmed a bank account for this refund yet (a code was emailed to "
                        "them). Refund once the account is confirmed."
                    )
                )
            refundable = order_refundable(order=order)
            amount = wanted if wanted.amount <= refundable.amount else refundable
            claimed = None
            if amount.amount > 0:
                claimed = refund_open(
                    order=order, amount=amount, reason=_request_refund_reason(locked), restock=False, actor=actor
                )
            locked.refund = claimed
            locked.save(update_fields=["refund"])
    if claimed is not None and claimed.state == RefundState.CREATED:
        try:
            claimed = refund_send(refund=claimed)
        except gateway.GatewayError as exc:
            logger.warning("Refund for return request %s failed: %s", request.number, exc)
            raise ApplicationError(
                _(
                    "The items are marked as received, but the payment service did not take the refund (it is "
                    "recorded as failed on the order). Nothing was refunded; try “Refund now” again in a few "
                    "minutes."
                )
            ) from exc
    amount = claimed.money if claimed is not None else Money(0, order.currency)
    with transaction.atomic():
        locked = _lock(request)
        if locked.kind != RequestKind.COMPLAINT:
            # Only the returned quantities go back to stock (a whole-order restock would put back everything).
            stock_return_lines(
                order=order, quantities={line.order_line_id: line.quantity for line in locked.lines.all()}
            )
        locked.refund_amount = amount.amount
        note = _("Refunded %(amount)s") % {"amount": format_money(amount)}
        if amount.amount < wanted.amount:
            note += " " + _("(capped at what was still refundable on the order)")
        return _request_transition(request=locked, to_status=S.REFUNDED, note=note, actor=actor)


def _request_refund_reason(request: ReturnRequest) -> str:
    items = ", ".join(str(line) for line in request.lines.select_related("order_line"))
    reason = _("%(kind)s %(number)s: %(items)s") % {
        "kind": request.get_kind_display(),
        "number": request.number,
        "items": items,
    }
    if request.iban:
        reason += " — " + _("by bank transfer to %(iban)s") % {"iban": iban_masked(request.iban)}
    return reason[:300]


# --- Returns terms: each returns-policy version carries the terms it shows -------------------------------------


def returns_terms_carry_over(version: PolicyVersion) -> None:
    """A ``policy_published_hook``: a new returns-policy version gets the latest terms, unchanged.

    So a merchant's edit of the prose, or a version published because another fact changed, never leaves the
    orders that accept it with only the legal withdrawal period.
    """
    if version.policy.kind != "returns" or ReturnsTerms.objects.filter(policy_version=version).exists():
        return
    latest = returns_terms_latest()
    if latest is None:
        return
    ReturnsTerms.objects.create(
        policy_version=version,
        window_days=latest.window_days,
        conditions=latest.conditions,
        return_shipping_paid_by=latest.return_shipping_paid_by,
    )


def returns_terms_change_check() -> PolicyVersion:
    """The latest returns-policy version, if it shows the window from data; else ``ApplicationError``."""
    latest_version = PolicyVersion.objects.filter(policy__kind="returns").order_by("-number").first()
    if latest_version is None or RETURN_WINDOW.key not in fact_keys(latest_version.body_html):
        raise ApplicationError(
            _("First add the block %(block)s to the returns policy, so it states the window it grants.")
            % {"block": RETURN_WINDOW.placeholder},
            field="window_days",
        )
    return latest_version


@transaction.atomic
def returns_terms_change(
    *,
    window_days: int,
    conditions: str,
    return_shipping_paid_by: str,
    author: AbstractBaseUser | None,
    effective_date: datetime.date | None = None,
    backdating_allowed: bool = False,
) -> ReturnsTerms:
    """New returns terms: publish a new version of the returns policy (same text, the new window in its
    ``[[return_window]]`` block, a summary of the change), effective today, with these terms attached.

    Orders that accepted an earlier version keep that version's terms. ``effective_date`` and
    ``backdating_allowed`` are for the demo seed's history.
    """
    latest_version = returns_terms_change_check()
    previous = returns_terms_latest()
    old_days = previous.window_days if previous else None
    summaries = {}
    for code, _name in settings.LANGUAGES:  # the summary in every language the version holds
        with translation.override(code):
            summaries[code] = (
                _("Returns window: %(old)s -> %(new)s days") % {"old": old_days or "—", "new": window_days}
                if old_days != window_days
                else _("Returns conditions updated")
            )
    summary = summaries.pop(settings.LANGUAGE_CODE)
    version = policy_publish(
        policy=latest_version.policy,
        body_html=latest_version.body_html_en,
        translations=version_translations(version=latest_version),
        change_summaries=summaries,
        change_summary=summary,
        effective_date=effective_date or max(timezone.localdate(), latest_version.effective_date),
        author=author,
        facts={RETURN_WINDOW.key: {"days": window_days}},
        require_change=False,
        backdating_allowed=backdating_allowed,
    )
    terms, _created = ReturnsTerms.objects.get_or_create(policy_version=version, defaults={"window_days": window_days})
    terms.window_days = window_days
    terms.conditions = conditions
    terms.return_shipping_paid_by = return_shipping_paid_by
    terms.full_clean()
    terms.save()
    return terms
