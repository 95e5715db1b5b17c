"""HTTP status lines as constants, and conversions between codes and lines."""

from __future__ import annotations

import functools
import http

# Numeric constants: the status line for each code (IANA phrases, RFC 9110 names).
HTTP_100 = "100 Continue"
HTTP_101 = "101 Switching Protocols"
HTTP_102 = "102 Processing"
HTTP_103 = "103 Early Hints"
HTTP_200 = "200 OK"
HTTP_201 = "201 Created"
HTTP_202 = "202 Accepted"
HTTP_203 = "203 Non-Authoritative Information"
HTTP_204 = "204 No Content"
HTTP_205 = "205 Reset Content"
HTTP_206 = "206 Partial Content"
HTTP_207 = "207 Multi-Status"
HTTP_208 = "208 Already Reported"
HTTP_226 = "226 IM Used"
HTTP_300 = "300 Multiple Choices"
HTTP_301 = "301 Moved Permanently"
HTTP_302 = "302 Found"
HTTP_303 = "303 See Other"
HTTP_304 = "304 Not Modified"
HTTP_305 = "305 Use Proxy"
HTTP_307 = "307 Temporary Redirect"
HTTP_308 = "308 Permanent Redirect"
HTTP_400 = "400 Bad Request"
HTTP_401 = "401 Unauthorized"
HTTP_402 = "402 Payment Required"
HTTP_403 = "403 Forbidden"
HTTP_404 = "404 Not Found"
HTTP_405 = "405 Method Not Allowed"
HTTP_406 = "406 Not Acceptable"
HTTP_407 = "407 Proxy Authentication Required"
HTTP_408 = "408 Request Timeout"
HTTP_409 = "409 Conflict"
HTTP_410 = "410 Gone"
HTTP_411 = "411 Length Required"
HTTP_412 = "412 Precondition Failed"
HTTP_413 = "413 Content Too Large"
HTTP_414 = "414 URI Too Long"
HTTP_415 = "415 Unsupported Media Type"
HTTP_416 = "416 Range Not Satisfiable"
HTTP_417 = "417 Expectation Failed"
HTTP_418 = "418 I'm a teapot"
HTTP_421 = "421 Misdirected Request"
HTTP_422 = "422 Unprocessable Entity"
HTTP_423 = "423 Locked"
HTTP_424 = "424 Failed Dependency"
HTTP_425 = "425 Too Early"
HTTP_426 = "426 Upgrade Required"
HTTP_428 = "428 Precondition Required"
HTTP_429 = "429 Too Many Requests"
HTTP_431 = "431 Request Header Fields Too Large"
HTTP_451 = "451 Unavailable For Legal Reasons"
HTTP_500 = "500 Internal Server Error"
HTTP_501 = "501 Not Implemented"
HTTP_502 = "502 Bad Gateway"
HTTP_503 = "503 Service Unavailable"
HTTP_504 = "504 Gateway Timeout"
HTTP_505 = "505 HTTP Version Not Supported"
HTTP_506 = "506 Variant Also Negotiates"
HTTP_507 = "507 Insufficient Storage"
HTTP_508 = "508 Loop Detected"
HTTP_510 = "510 Not Extended"
HTTP_511 = "511 Network Authentication Required"
HTTP_701 = "701 Meh"
HTTP_702 = "702 Emacs"
HTTP_703 = "703 Explosion"
HTTP_710 = "710 PHP"
HTTP_711 = "711 Convenience Store"
HTTP_712 = "712 NoSQL"
HTTP_719 = "719 I am not a teapot"
HTTP_720 = "720 Unpossible"
HTTP_721 = "721 Known Unknowns"
HTTP_722 = "722 Unknown Unknowns"
HTTP_723 = "723 Tricky"
HTTP_724 = "724 This line should be unreachable"
HTTP_725 = "725 It works on my machine"
HTTP_726 = "726 It's a feature, not a bug"
HTTP_727 = "727 32 bits is plenty"
HTTP_740 = "740 Computer says no"
HTTP_741 = "741 Compiling"
HTTP_742 = "742 A kitten dies"
HTTP_743 = "743 I thought I knew regular expressions"
HTTP_744 = "744 Y U NO write integration tests?"
HTTP_745 = "745 I don't always test my code, but when I do I do it in production"
HTTP_748 = "748 Confounded by Ponies"
HTTP_749 = "749 Reserved for Chuck Norris"
HTTP_750 = "750 Didn't bother to compile it"
HTTP_753 = "753 Syntax Error"
HTTP_754 = "754 Too many semi-colons"
HTTP_755 = "755 Not enough semi-colons"
HTTP_759 = "759 Unexpected T_PAAMAYIM_NEKUDOTAYIM"
HTTP_771 = "771 Cached for too long"
HTTP_772 = "772 Not cached long enough"
HTTP_773 = "773 Not cached at all"
HTTP_774 = "774 Why was this cached?"
HTTP_776 = "776 Error on the Exception"
HTTP_777 = "777 Coincidence"
HTTP_778 = "778 Off By One Error"
HTTP_779 = "779 Off By Too Many To Count Error"
HTTP_780 = "780 Project owner not responding"
HTTP_781 = "781 Operations"
HTTP_782 = "782 QA"
HTTP_783 = "783 It was a customer request, honestly"
HTTP_784 = "784 Management, obviously"
HTTP_785 = "785 TPS Cover Sheet not attached"
HTTP_786 = "786 Try it now"
HTTP_791 = "791 The Internet shut down due to copyright restrictions"
HTTP_792 = "792 Climate change driven catastrophic weather event"
HTTP_797 = "797 This is the last page of the Internet. Go back"
HTTP_799 = "799 End of the world"

# Named constants.
HTTP_ACCEPTED = HTTP_202
HTTP_ALREADY_REPORTED = HTTP_208
HTTP_BAD_GATEWAY = HTTP_502
HTTP_BAD_REQUEST = HTTP_400
HTTP_CONFLICT = HTTP_409
HTTP_CONTENT_TOO_LARGE = HTTP_413
HTTP_CONTINUE = HTTP_100
HTTP_CREATED = HTTP_201
HTTP_EARLY_HINTS = HTTP_103
HTTP_EXPECTATION_FAILED = HTTP_417
HTTP_FAILED_DEPENDENCY = HTTP_424
HTTP_FORBIDDEN = HTTP_403
HTTP_FOUND = HTTP_302
HTTP_GATEWAY_TIMEOUT = HTTP_504
HTTP_GONE = HTTP_410
HTTP_HTTP_VERSION_NOT_SUPPORTED = HTTP_505
HTTP_IM_A_TEAPOT = HTTP_418
HTTP_IM_USED = HTTP_226
HTTP_INSUFFICIENT_STORAGE = HTTP_507
HTTP_INTERNAL_SERVER_ERROR = HTTP_500
HTTP_LENGTH_REQUIRED = HTTP_411
HTTP_LOCKED = HTTP_423
HTTP_LOOP_DETECTED = HTTP_508
HTTP_METHOD_NOT_ALLOWED = HTTP_405
HTTP_MISDIRECTED_REQUEST = HTTP_421
HTTP_MOVED_PERMANENTLY = HTTP_301
HTTP_MULTIPLE_CHOICES = HTTP_300
HTTP_MULTI_STATUS = HTTP_207
HTTP_NETWORK_AUTHENTICATION_REQUIRED = HTTP_511
HTTP_NON_AUTHORITATIVE_INFORMATION = HTTP_203
HTTP_NOT_ACCEPTABLE = HTTP_406
HTTP_NOT_EXTENDED = HTTP_510
HTTP_NOT_FOUND = HTTP_404
HTTP_NOT_IMPLEMENTED = HTTP_501
HTTP_NOT_MODIFIED = HTTP_304
HTTP_NO_CONTENT = HTTP_204
HTTP_OK = HTTP_200
HTTP_PARTIAL_CONTENT = HTTP_206
HTTP_PAYMENT_REQUIRED = HTTP_402
HTTP_PERMANENT_REDIRECT = HTTP_308
HTTP_PRECONDITION_FAILED = HTTP_412
HTTP_PRECONDITION_REQUIRED = HTTP_428
HTTP_PROCESSING = HTTP_102
HTTP_PROXY_AUTHENTICATION_REQUIRED = HTTP_407
HTTP_REQUESTED_RANGE_NOT_SATISFIABLE = HTTP_416
HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE = HTTP_431
HTTP_REQUEST_TIMEOUT = HTTP_408
HTTP_REQUEST_URI_TOO_LONG = HTTP_414
HTTP_RESET_CONTENT = HTTP_205
HTTP_SEE_OTHER = HTTP_303
HTTP_SERVICE_UNAVAILABLE = HTTP_503
HTTP_SWITCHING_PROTOCOLS = HTTP_101
HTTP_TEMPORARY_REDIRECT = HTTP_307
HTTP_TOO_EARLY = HTTP_425
HTTP_TOO_MANY_REQUESTS = HTTP_429
HTTP_UNAUTHORIZED = HTTP_401
HTTP_UNAVAILABLE_FOR_LEGAL_REASONS = HTTP_451
HTTP_UNPROCESSABLE_ENTITY = HTTP_422
HTTP_UNSUPPORTED_MEDIA_TYPE = HTTP_415
HTTP_UPGRADE_REQUIRED = HTTP_426
HTTP_USE_PROXY = HTTP_305
HTTP_VARIANT_ALSO_NEGOTIATES = HTTP_506

# The status-line table: every status value an app commonly sets, mapped to
# its line. Keys are the codes (``http.HTTPStatus`` and other int enums hash and
# compare like them) and the lines themselves, so ``resp.status`` of either
# kind is one lookup.
_STATUS_LINES: dict[object, str] = {}
for _name, _value in list(globals().items()):
    if _name.startswith("HTTP_") and _name[5:].isdigit():
        _STATUS_LINES[int(_name[5:])] = _STATUS_LINES[_value] = _value
del _name, _value

# RFC 9110 §6.4.1: 1xx, 204 and 304 responses have no content; 204 and 304
# also get no Content-Type.
_BODILESS_CODES = frozenset({"100", "101", "102", "103", "204", "304"})
_TYPELESS_CODES = frozenset({"204", "304"})

# The lines of the table whose responses may have content.
_LINES_WITH_CONTENT: dict[object, str] = {
    status: line
    for status, line in _STATUS_LINES.items()
    if line[:3] not in _BODILESS_CODES
}


@functools.lru_cache(maxsize=64)
def code_to_http_status(status: int | http.HTTPStatus | bytes | str) -> str:
    """Return the status line for a code, a status enum, or an existing line.

    Args:
        status: An int, an ``http.HTTPStatus``, or a str/bytes status line or code.

    Returns:
        The status line, e.g. ``'404 Not Found'``.

    Raises:
        ValueError: The value is not a valid three-digit status code, or a
            line holds control or non-ASCII characters.
    """
    if isinstance(status, http.HTTPStatus):
        return f"{status.value} {status.phrase}"
    if isinstance(status, bytes):
        status = status.decode("iso-8859-1")
    if isinstance(status, str):
        code_text = status.split(" ", 1)[0]
        if len(status) > 3 and " " in status and len(code_text) == 3:
            _check_code(code_text, status)
            if not (status.isprintable() and status.isascii()):
                # A reason phrase is VCHAR/SP/HTAB (RFC 9112 §4): never CR/LF.
                raise ValueError(f"invalid HTTP status line: {status!r}")
            return status
        status = _check_code(status, status)
    if not isinstance(status, int) or not 100 <= status <= 999:
        raise ValueError(f"invalid HTTP status code: {status!r}")
    line = _STATUS_LINES.get(status)
    if line is not None:
        return line
    try:
        return f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def _check_code(code_text: str, original: object) -> int:
    if len(code_text) != 3 or not code_text.isdigit() or not code_text.isascii():
        raise ValueError(f"invalid HTTP status: {original!r}")
    code = int(code_text)
    if code < 100:
        raise ValueError(f"invalid HTTP status: {original!r}")
    return code


@functools.lru_cache(maxsize=64)
def http_status_to_code(status: int | http.HTTPStatus | bytes | str) -> int:
    """Return the numeric code of a status line, enum or code.

    Args:
        status: An int, an ``http.HTTPStatus``, or a str/bytes status line.

    Returns:
        The three-digit code.

    Raises:
        ValueError: The value does not start with a valid three-digit code.
    """
    if isinstance(status, http.HTTPStatus):
        return status.value
    if isinstance(status, int):
        if not 100 <= status <= 999:
            raise ValueError(f"invalid HTTP status code: {status!r}")
        return status
    if isinstance(status, bytes):
        status = status.decode("iso-8859-1")
    if not isinstance(status, str):
        raise ValueError(f"expected a status line, not {status!r}")
    return (
        _check_code(status[:3], status)
        if len(status) == 3 or status[3:4] == " "
        else _check_code("", status)
    )
