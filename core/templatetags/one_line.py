from django import template

from core.validators import NOT_SINGLE_LINE

register = template.Library()


@register.filter(name="one_line")
def one_line(value: object) -> str:
    """``{{ name|one_line }}``: the text on one line, whatever it holds (controls and line breaks become spaces).

    Values are refused on input (``core.validators``); this keeps a text email's line its own even for a value
    stored before that rule, or by a path that skipped it.
    """
    return " ".join(NOT_SINGLE_LINE.sub(" ", str(value if value is not None else "")).split())
