"""Text that must never reach a one-line field: shared by the validator, form, service and email tests."""

# Each one could start a new line in a text email, or make a name read differently from what it is.
PAYLOADS = {
    "LF": "Eve\nCall +1 555",
    "CR": "Eve\rCall +1 555",
    "CRLF": "Eve\r\nCall +1 555",
    "tab": "Eve\tCall",
    "NUL": "Eve\x00Call",
    "ESC": "Eve\x1b[31mCall",
    "DEL": "Eve\x7fCall",
    "U+0085 next line": "Eve\u0085Call",
    "U+009B C1 control": "Eve\u009b31m",
    "U+2028 line separator": "Eve\u2028Call",
    "U+2029 paragraph separator": "Eve\u2029Call",
    "U+200B zero-width space": "Eve\u200bCall",
    "U+200F right-to-left mark": "Eve\u200fCall",
    "U+202E right-to-left override": "Eve \u202emoc.live",
    "U+202A left-to-right embedding": "Eve\u202aCall",
    "U+2066 left-to-right isolate": "Eve\u2066Call",
    "U+2069 pop directional isolate": "Eve\u2069Call",
    "U+FEFF zero-width no-break space": "Eve\ufeffCall",
}

# Addresses Django's EmailValidator accepts (a quoted local part may hold controls; an IDN domain is any
# non-ASCII letter) that would carry the same characters into a header or an email's text.
BAD_EMAILS = {
    "quoted control": '"eve\x01"@example.com',
    "quoted escaped tab": '"eve\\\tx"@example.com',
    "zero-width space in the domain": "eve@exa\u200bmple.com",
    "line separator in the domain": "eve@example\u2028x.com",
    "bidi override in the domain": "eve@exa\u202emple.com",
}
