// The stand-in's own control endpoints for tests (not part of the Cosmos DB API, under /_stand-in/):
//   POST /_stand-in/dbs/{db}/colls/{coll}/pkranges/{id}/split  -> 200 { parent, children: [{ id, minInclusive, maxExclusive, parents }] }
// splits a partition key range now, as the service does when a partition outgrows its limits (partition-key-ranges.js).
"use strict";

const ranges = require("./partition-key-ranges");

function handle(account, req, res) {
  if (!req.url.startsWith("/_stand-in/")) return false;
  const send = (status, body) => {
    res.statusCode = status;
    res.setHeader("content-type", "application/json");
    res.setHeader("connection", "keep-alive");
    res.end(JSON.stringify(body));
  };
  const m = /^\/_stand-in\/dbs\/([^/]+)\/colls\/([^/]+)\/pkranges\/([^/]+)\/split$/.exec(new URL(req.url, "https://x").pathname);
  if (req.method !== "POST" || !m) {
    send(404, { message: `unknown control endpoint ${req.method} ${req.url}` });
    return true;
  }
  const collection = account.database(decodeURIComponent(m[1])).collection(decodeURIComponent(m[2]));
  if (!collection.read()) {
    send(404, { message: `no container ${m[1]}/${m[2]}` });
    return true;
  }
  try {
    const children = ranges.split(collection.documents, decodeURIComponent(m[3]));
    send(200, {
      parent: decodeURIComponent(m[3]),
      children: children.map(c => ({ id: c.id, minInclusive: c.min, maxExclusive: c.max, parents: c.parents })),
    });
  } catch (err) {
    send(err.status || 500, { message: err.message });
  }
  return true;
}

module.exports = { handle };
