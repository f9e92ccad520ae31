"""Reads a CloudEvent from a received Service Bus message, in either content mode the relay publishes."""
import json
from decimal import Decimal

PREFIX = "cloudEvents_"
STRUCTURED = "application/cloudevents+json"
REQUIRED = ("specversion", "id", "source", "type")


class UndecodableEvent(Exception):
    """A message that can never become an event: dead-letter it with this reason."""

    def __init__(self, reason, description):
        super().__init__(description)
        self.reason = reason


# region decode
class ExactNumber(Decimal):
    """A JSON number as a Decimal that also keeps the digits it was written with, so writing it out again
    (dumps) gives the same text: 12345678901234567890 and 0.10000000000000000555 stay what the relay sent."""

    def __new__(cls, text):
        number = super().__new__(cls, text)
        number.text = text
        return number


def loads(text):
    """Every number exact (never a float), nesting as deep as Cosmos DB allows (128 levels; json's limit is the
    interpreter's recursion limit, 1000)."""
    return json.loads(text, parse_float=ExactNumber, parse_int=ExactNumber)


def dumps(value):
    """Compact JSON with every number written as it was read."""
    if isinstance(value, ExactNumber):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def decode_event(message):
    """The event's attributes (strings, lsn included) and its data, or None when the data is in a claim check."""
    body = b"".join(message.body) if message.body is not None else b""
    content_type = _text(message.content_type) or ""
    if content_type.startswith(STRUCTURED):
        envelope = _parse(body, message)
        if not isinstance(envelope, dict):
            raise UndecodableEvent("InvalidEvent", f"message {message.message_id}: a structured event must be a JSON object")
        if "data_base64" in envelope:
            raise UndecodableEvent("InvalidEvent", f"message {message.message_id}: binary data (data_base64) where JSON was expected")
        data = envelope.pop("data", None)
        attributes = {name: value if isinstance(value, str) else dumps(value) for name, value in envelope.items()}
    else:
        attributes = {}
        for key, value in (message.application_properties or {}).items():
            key = _text(key)
            if key.startswith(PREFIX) and len(key) > len(PREFIX):
                attributes[key[len(PREFIX):]] = _text(value)
        if content_type:
            attributes["datacontenttype"] = content_type
        data = _parse(body, message) if body else None
    return _checked(attributes, message), data
# endregion decode


def parse_data(raw, message):
    """Parses data read from a claim check (dataref) the same way."""
    return _parse(raw, message)


def _checked(attributes, message):
    for name in REQUIRED:
        if not attributes.get(name):
            raise UndecodableEvent("InvalidEvent", f"message {message.message_id} is not a CloudEvent: no '{name}' attribute")
    if attributes["specversion"] != "1.0":
        raise UndecodableEvent("InvalidEvent", f"message {message.message_id}: CloudEvents {attributes['specversion']} is not read here")
    lsn = attributes.get("lsn")
    if lsn is not None and not (lsn.isascii() and lsn.isdigit()):
        raise UndecodableEvent("InvalidEvent", f"message {message.message_id}: lsn '{lsn}' is not a decimal integer")
    return attributes


def _parse(raw, message):
    try:
        return loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise UndecodableEvent("InvalidEvent", f"message {message.message_id}: the JSON does not parse: {error}") from error


def _text(value):
    # This client hands application properties (and sometimes the content type) over as bytes.
    return value.decode("utf-8") if isinstance(value, bytes) else (None if value is None else str(value))
