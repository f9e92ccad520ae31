// Fault injection, for tests only: bytes the service would never deliver. Cosmos DB validates every document on
// write, so a change feed page with a document that is not JSON cannot happen in the service; a test that needs one
// (how does the relay cope?) asks for it explicitly:
//   POST   /_stand-in/faults/malformed-changes  {"database":"db","container":"items","id":"doc-1","text":"{...not JSON...}"}
//   DELETE /_stand-in/faults/malformed-changes  (clears them all)
// From then on, every latest-version change feed page that holds that document carries `text` in its place, as is.
"use strict";

const PATH = "/_stand-in/faults/malformed-changes";
const malformed = new Map(); // "database/container/id" -> replacement text

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", chunk => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function answer(res, status, body) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(body));
}

async function control(req, res) {
  if (req.method === "DELETE") {
    malformed.clear();
    return answer(res, 204, {});
  }
  if (req.method !== "POST") return answer(res, 405, { message: `use POST or DELETE on ${PATH}` });
  let fault;
  try {
    fault = JSON.parse(await readBody(req));
  } catch (err) {
    return answer(res, 400, { message: `the fault is not JSON: ${err.message}` });
  }
  const { database, container, id, text } = fault || {};
  if (![database, container, id, text].every(v => typeof v === "string")) {
    return answer(res, 400, { message: "expected {database, container, id, text}, all strings" });
  }
  malformed.set(`${database}/${container}/${id}`, text);
  return answer(res, 201, { armed: `${database}/${container}/${id}` });
}

// The page as change-feed.js wrote it, with each faulted document replaced by its text.
function rewrite(body, prefix) {
  let page;
  try {
    page = JSON.parse(body);
  } catch {
    return body;
  }
  if (!page || !Array.isArray(page.Documents)) return body;
  const documents = page.Documents.map(d => (d && malformed.has(prefix + d.id) ? malformed.get(prefix + d.id) : JSON.stringify(d)));
  const rest = Object.entries(page).filter(([k]) => k !== "Documents").map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  return `{${[...rest, `"Documents":[${documents.join(",")}]`].join(",")}}`;
}

// Call before the change feed answers a request: answers the control path itself (true), or, for a change feed read of
// a container with faults, rewrites the page it is about to send (false: go on as usual).
function handle(account, req, res) {
  const { pathname } = new URL(req.url, "https://x");
  if (pathname === PATH) {
    control(req, res).catch(err => answer(res, 500, { message: err.message }));
    return true;
  }
  if (req.method !== "GET" || !req.headers["a-im"] || malformed.size === 0) return false;
  const m = /^\/+dbs\/([^/]+)\/colls\/([^/]+)\/docs\/?$/.exec(pathname);
  if (!m) return false;
  const database = account.database(decodeURIComponent(m[1])).read();
  const container = account.database(decodeURIComponent(m[1])).collection(decodeURIComponent(m[2])).read();
  if (!database || !container) return false;
  const prefix = `${database.id}/${container.id}/`;
  const end = res.end.bind(res);
  res.end = (body, ...rest) => end(typeof body === "string" ? rewrite(body, prefix) : body, ...rest);
  return false;
}

module.exports = { handle, PATH };
