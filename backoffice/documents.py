"""An order's documents as PDF: the packing slip (what goes in the parcel, no prices) and the invoice/receipt
(lines, delivery, fees, duties, total, what was paid and refunded). Written in the order's language with ReportLab
and the DejaVu font (Debian's fonts-dejavu-core, installed by ``make system-deps``) so Polish letters print."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from accounts.countries import COUNTRY_CHOICES
from core.formatting import format_money
from orders.models import Order
from payments.models import REFUND_COUNTED_STATES
from payments.services import order_paid_total

logger = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
COUNTRY_NAMES = dict(COUNTRY_CHOICES)
_fonts: tuple[str, str] | None = None


def _font_names() -> tuple[str, str]:
    """DejaVu Sans (regular, bold) when installed; ReportLab's Helvetica otherwise (no Polish letters)."""
    global _fonts  # noqa: PLW0603 - registered once per process
    if _fonts is None:
        regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            _fonts = ("DejaVuSans", "DejaVuSans-Bold")
        else:
            logger.warning("fonts-dejavu-core is missing (make system-deps): PDFs fall back to Helvetica")
            _fonts = ("Helvetica", "Helvetica-Bold")
    return _fonts


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _font_names()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=16, leading=20, spaceAfter=6),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=13),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8, leading=10, textColor=colors.grey),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11),
        "bold": ParagraphStyle("bold", fontName=bold, fontSize=10, leading=13),
    }


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _address(order: Order, styles) -> Paragraph:
    lines = [order.full_name, order.address_line1, order.address_line2, f"{order.postal_code} {order.city}",
             str(COUNTRY_NAMES.get(order.country, order.country))]  # fmt: skip
    return Paragraph("<br/>".join(_escape(line) for line in lines if line), styles["body"])


def _table(rows: list[list], widths: list[float], *, header: bool = True, bold_last: bool = False) -> Table:
    regular, bold = _font_names()
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
    ]
    if header:
        style.append(("FONTNAME", (0, 0), (-1, 0), bold))
    if bold_last:
        style += [("FONTNAME", (0, -1), (-1, -1), bold), ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black)]
    style.append(("ALIGN", (-1, 0), (-1, -1), "RIGHT"))
    table.setStyle(TableStyle(style))
    return table


def _header(order: Order, styles, title: str) -> list:
    placed = date_format(timezone.localtime(order.placed_at), "DATE_FORMAT")
    return [
        Paragraph(_escape(title), styles["title"]),
        Paragraph(_escape(settings.MERCHANT_BANK_ACCOUNT_NAME), styles["bold"]),
        Spacer(1, 4 * mm),
        Paragraph(_escape(_("Order %(number)s, placed %(date)s") % {"number": order.number, "date": placed}),
                  styles["body"]),  # fmt: skip
        Spacer(1, 3 * mm),
        _address(order, styles),
        Spacer(1, 6 * mm),
    ]


def _packing_slip_story(order: Order, styles) -> list:
    story = _header(order, styles, _("Packing slip"))
    rows = [[_("SKU"), _("Item"), _("Quantity")]]
    for line in order.lines.all():
        rows.append([line.sku, Paragraph(_escape(line.name), styles["cell"]), str(line.quantity)])
    story.append(_table(rows, [35 * mm, 110 * mm, 25 * mm]))
    story.append(Spacer(1, 6 * mm))
    if order.delivery_option_name:
        story.append(Paragraph(_escape(_("Delivery: %(option)s") % {"option": order.delivery_option_name}),
                               styles["body"]))  # fmt: skip
    story.append(Paragraph(_escape(_("Thank you for your order.")), styles["body"]))
    return story


def _invoice_story(order: Order, styles) -> list:
    story = _header(order, styles, _("Invoice / receipt"))
    rows = [[_("Item"), _("Unit price"), _("Quantity"), _("Amount")]]
    for line in order.lines.all():
        rows.append([Paragraph(_escape(line.name), styles["cell"]), format_money(line.unit_price), str(line.quantity),
                     format_money(line.unit_price * line.quantity)])  # fmt: skip
    extras = [
        (_("Delivery"), order.delivery_total),
        (_("Payment fee"), order.payment_fee),
        (_("Duties and import VAT"), order._money(order.duties_amount)),
    ]
    for label, amount in extras:
        if amount.amount:
            rows.append([label, "", "", format_money(amount)])
    rows.append([_("Total"), "", "", format_money(order.total)])
    story.append(_table(rows, [85 * mm, 30 * mm, 20 * mm, 35 * mm], bold_last=True))
    story.append(Spacer(1, 5 * mm))
    paid = order_paid_total(order=order)
    story.append(Paragraph(_escape(_("Paid: %(amount)s (%(method)s)") % {
        "amount": format_money(paid), "method": order.get_payment_method_display()}), styles["body"]))  # fmt: skip
    for refund in order.refunds.filter(state__in=REFUND_COUNTED_STATES):
        when = date_format(timezone.localtime(refund.created_at), "DATE_FORMAT")
        story.append(Paragraph(_escape(_("Refunded on %(date)s: %(amount)s") % {
            "date": when, "amount": format_money(refund.money)}), styles["body"]))  # fmt: skip
    story.append(Spacer(1, 5 * mm))
    story.append(Paragraph(_escape(_("Prices include VAT.")), styles["small"]))
    return story


def _build(orders: Iterable[Order], story_for) -> bytes:
    buffer = io.BytesIO()
    margins = {"leftMargin": 20 * mm, "rightMargin": 20 * mm, "topMargin": 18 * mm, "bottomMargin": 18 * mm}
    doc = SimpleDocTemplate(buffer, pagesize=A4, title="Trustmark", author=settings.MERCHANT_BANK_ACCOUNT_NAME,
                            **margins)  # fmt: skip
    styles = _styles()
    story: list = []
    for index, order in enumerate(orders):
        if index:
            story.append(PageBreak())
        with translation.override(order.language or settings.LANGUAGE_CODE):
            story += story_for(order, styles)
    doc.build(story)
    return buffer.getvalue()


def packing_slips_pdf(*, orders: Iterable[Order]) -> bytes:
    """One page per order, each in its order's language (bulk printing from the order list)."""
    return _build(orders, _packing_slip_story)


def invoice_pdf(*, order: Order) -> bytes:
    return _build([order], _invoice_story)
