// Key authorization as the service checks it: a request signed with the master key carries the base64 HMAC-SHA256,
// under the account key, of its verb, resource type, resource link and date; any other signature is refused with 401.
// Entra ID tokens (type=aad) cannot be validated here and are accepted as they come (see README).
"use strict";

const crypto = require("node:crypto");

// The Cosmos DB emulator's published development key (not a secret): what the C# fixture's clients use.
const EMULATOR_KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

// /dbs/d/colls/c/docs/x names the document (type docs, link dbs/d/colls/c/docs/x); /dbs/d/colls/c/docs its feed
// (type docs, link dbs/d/colls/c); / the account (type and link empty). A path of resource ids (what the SDK uses for
// partition key ranges) is signed with the lowercased id of the resource or of the feed's owner instead of the link.
function resources(url) {
  const segments = new URL(url, "https://x").pathname.split("/").filter((s) => s.length > 0).map(decodeURIComponent);
  if (segments.length === 0) return [{ type: "", link: "" }];
  const feed = segments.length % 2 === 1;
  const type = segments[segments.length - (feed ? 1 : 2)];
  const owner = feed ? segments.slice(0, -1) : segments;
  return [{ type, link: owner.join("/") }, { type, link: (owner[owner.length - 1] || "").toLowerCase() }];
}

function token(header) {
  const fields = {};
  for (const part of decodeURIComponent(header).split("&")) {
    const at = part.indexOf("=");
    if (at > 0) fields[part.slice(0, at).toLowerCase()] = part.slice(at + 1);
  }
  return fields;
}

// Returns why the request is refused, or null when it may proceed.
function refusal(req, key) {
  const header = req.headers.authorization;
  if (!header) return "Required Header authorization is missing. Ensure a valid Authorization token is passed.";
  const fields = token(header);
  if (fields.type === "aad") return null;
  if (fields.type !== "master" || !fields.sig) return `Unsupported authorization type '${fields.type}'.`;
  const date = (req.headers["x-ms-date"] || "").toLowerCase();
  const given = Buffer.from(fields.sig, "base64");
  const signedWithKey = resources(req.url).some(({ type, link }) => {
    const payload = `${req.method.toLowerCase()}\n${type.toLowerCase()}\n${link}\n${date}\n${date ? "" : (req.headers.date || "").toLowerCase()}\n`;
    const expected = crypto.createHmac("sha256", Buffer.from(key, "base64")).update(payload, "utf8").digest();
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
  return signedWithKey
    ? null
    : "The input authorization token can't serve the request. The wrong key is being used or the expected payload is not built as per the protocol.";
}

// Answers 401 as the service does and returns true when the request is refused.
function reject(req, res, key) {
  const reason = refusal(req, key);
  if (reason === null) return false;
  res.writeHead(401, { "content-type": "application/json", "x-ms-activity-id": crypto.randomUUID() });
  res.end(JSON.stringify({ code: "Unauthorized", message: reason }));
  return true;
}

module.exports = { EMULATOR_KEY, reject };
