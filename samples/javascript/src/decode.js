// Reads a CloudEvent from a received Service Bus message, in either content mode the relay publishes.
import { parse } from "lossless-json";

const PREFIX = "cloudEvents_";
const STRUCTURED = "application/cloudevents+json";
const REQUIRED = ["specversion", "id", "source", "type"];

/** A message that can never become an event: dead-letter it with this reason. */
export class UndecodableEvent extends Error {
  constructor(reason, description) {
    super(description);
    this.reason = reason;
  }
}

// region decode
/**
 * The event's attributes (strings, lsn included) and its data, parsed losslessly: every number keeps its digits
 * (a LosslessNumber, not a float), and nesting as deep as Cosmos DB allows (128 levels) is read.
 * Receive with { skipParsingBodyAsJson: true } so that the body arrives as the bytes the relay sent.
 */
export function decodeEvent(message) {
  const body = message.body === undefined || message.body === null ? Buffer.alloc(0) : Buffer.from(message.body);
  const contentType = message.contentType ?? "";
  let attributes;
  let dataText;
  if (contentType.startsWith(STRUCTURED)) {
    const envelope = parseJson(body.toString("utf8"), message);
    if (envelope === null || typeof envelope !== "object" || Array.isArray(envelope)) {
      throw new UndecodableEvent("InvalidEvent", `message ${message.messageId}: a structured event must be a JSON object`);
    }
    const { data, data_base64: dataBase64, ...rest } = envelope;
    if (dataBase64 !== undefined) {
      throw new UndecodableEvent("InvalidEvent", `message ${message.messageId}: binary data (data_base64) where JSON was expected`);
    }
    attributes = Object.fromEntries(Object.entries(rest).map(([name, value]) => [name, String(value)]));
    return withData(attributes, data, message);
  }
  attributes = {};
  for (const [key, value] of Object.entries(message.applicationProperties ?? {})) {
    if (key.startsWith(PREFIX) && key.length > PREFIX.length) attributes[key.slice(PREFIX.length)] = String(value);
  }
  if (contentType) attributes.datacontenttype = contentType;
  dataText = body.toString("utf8");
  return withData(attributes, dataText.length > 0 ? parseJson(dataText, message) : undefined, message);
}
// endregion decode

/** Parses data read from a claim check (dataref) the same way. */
export function parseData(text, message) {
  return parseJson(text, message);
}

function withData(attributes, data, message) {
  for (const name of REQUIRED) {
    if (!attributes[name]) {
      throw new UndecodableEvent("InvalidEvent", `message ${message.messageId} is not a CloudEvent: no '${name}' attribute`);
    }
  }
  if (attributes.specversion !== "1.0") {
    throw new UndecodableEvent("InvalidEvent", `message ${message.messageId}: CloudEvents ${attributes.specversion} is not read here`);
  }
  if (attributes.lsn !== undefined && !/^[0-9]+$/.test(attributes.lsn)) {
    throw new UndecodableEvent("InvalidEvent", `message ${message.messageId}: lsn '${attributes.lsn}' is not a decimal integer`);
  }
  return { attributes, data };
}

function parseJson(text, message) {
  try {
    return parse(text);
  } catch (error) {
    throw new UndecodableEvent("InvalidEvent", `message ${message.messageId}: the JSON does not parse: ${error.message}`);
  }
}
