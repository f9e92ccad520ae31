// The stand-in's own change feed, added around @vercel/cosmosdb-server (whose change feed is a stub).
// - install(): patches the package's document store so every write gets an increasing `_lsn` (per container)
//   and lands in a change log, and makes reading a missing item a 404 (the package answers 500).
// - handle(): answers `GET .../docs` requests that carry `A-IM` from that log. Returns false for anything else.
"use strict";

const { randomUUID } = require("node:crypto");

const NOT_FOUND = { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
const DEFAULT_PAGE = 100;

// --- the change log (one per container: it lives on the container's document store) ---------------------------

function logOf(documents) {
  if (!documents._changeLog) {
    // entries: { lsn, ms, op: "create"|"replace"|"delete", key, current, previous, txn }, in lsn order
    documents._changeLog = { lsn: 0, entries: [], latest: new Map(), transactions: 0, txn: undefined };
  }
  return documents._changeLog;
}

function keyOf(documents, doc) {
  return JSON.stringify([documents._getPartition(doc) ?? null, doc.id]);
}

function record(documents, op, current, previous) {
  const log = logOf(documents);
  const doc = current || previous;
  const key = keyOf(documents, doc);
  const lsn = current ? current._lsn : (log.lsn += 1);
  const entry = { lsn, ms: Date.now(), op, key, current, previous, txn: log.txn };
  log.entries.push(entry);
  if (op === "delete") log.latest.delete(key); else log.latest.set(key, lsn);
}

// Writes committed together (a transactional batch) share a transaction number, so that a page never ends inside one.
function inTransaction(documents, commit) {
  const log = logOf(documents);
  log.txn = (log.transactions += 1);
  try {
    return commit();
  } finally {
    log.txn = undefined;
  }
}

function install(pkg) {
  const Documents = require(`${pkg}/account/documents`).default;
  const { _set, create, replace, delete: remove } = Documents.prototype;

  Documents.prototype._set = function setWithLsn(data) {
    data._lsn = logOf(this).lsn += 1; // eslint-disable-line no-param-reassign
    return _set.call(this, data);
  };
  Documents.prototype.create = function createLogged(data) {
    const stored = create.call(this, data);
    record(this, "create", stored, undefined);
    return stored;
  };
  // The package's replace is delete + set: the inner delete must not be logged as a delete.
  Documents.prototype.replace = function replaceLogged(data, original) {
    const previous = this._item("/id", data.id, this._getPartition(data)).read();
    this._replacing = true;
    let stored;
    try { stored = replace.call(this, data, original); } finally { this._replacing = false; }
    record(this, "replace", stored, previous);
    return stored;
  };
  Documents.prototype.delete = function deleteLogged(idOrRid, partition) {
    const previous = this._item("/id", idOrRid, partition).read();
    remove.call(this, idOrRid, partition);
    if (!this._replacing) record(this, "delete", undefined, previous);
  };

  // Reading a missing item: 404 (the package throws on `undefined` and answers 500).
  const readDocument = require(`${pkg}/handler/read-document`);
  const { parsePartitionKey } = require(`${pkg}/utils/get-partition-from-header`);
  const packageRead = readDocument.default;
  readDocument.default = (account, req, res, params) => {
    const collection = account.database(params.dbId).collection(params.collId);
    if (collection.read()) {
      let partitionKey;
      try {
        partitionKey = parsePartitionKey(req.headers["x-ms-documentdb-partitionkey"], params.docId);
      } catch {
        return packageRead(account, req, res, params);
      }
      if (!collection.document(params.docId, partitionKey).read()) {
        res.statusCode = 404;
        return NOT_FOUND;
      }
    }
    return packageRead(account, req, res, params);
  };
}

// --- serving the feed -------------------------------------------------------------------------------------------

function unquote(etag) {
  return etag.replace(/^W\//, "").replace(/^"|"$/g, "");
}

// Index of the first entry with lsn > after (entries are in lsn order).
function firstAfter(entries, after) {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].lsn <= after) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function startAfter(log, headers) {
  const ifNoneMatch = headers["if-none-match"];
  if (ifNoneMatch === "*") return log.lsn; // from now
  if (ifNoneMatch) {
    const lsn = Number(unquote(ifNoneMatch));
    if (!Number.isInteger(lsn) || lsn < 0) throw new Error(`unreadable continuation (If-None-Match) ${ifNoneMatch}`);
    // Only a token from another log (a recreated container, a restarted stand-in) can be ahead: say so, don't skip.
    if (lsn > log.lsn) throw new Error(`continuation ${lsn} is ahead of this container's change log (at ${log.lsn})`);
    return lsn;
  }
  const since = headers["if-modified-since"]; // from a point in time (second resolution, like the header)
  if (since) {
    const ms = Date.parse(since);
    if (Number.isNaN(ms)) throw new Error(`unreadable If-Modified-Since ${since}`);
    const i = log.entries.findIndex(e => e.ms >= ms);
    return i < 0 ? log.lsn : log.entries[i].lsn - 1;
  }
  return 0; // from the beginning
}

function metadataOf(documents, entry) {
  const doc = entry.current || entry.previous;
  return {
    operationType: entry.op,
    lsn: entry.lsn,
    crts: Math.floor(entry.ms / 1000),
    previousImageLSN: entry.previous ? entry.previous._lsn : 0,
    timeToLiveExpired: false,
    id: doc.id,
    partitionKey: { [documents._getPartitionKeyPath().join("/")]: documents._getPartition(doc) ?? null },
  };
}

function page(documents, log, after, { allVersions, partitionKey, max }) {
  const items = [];
  let last = after;
  let open; // the transaction of the last change on the page: a full page still takes the rest of it
  for (let i = firstAfter(log.entries, after); i < log.entries.length; i += 1) {
    const e = log.entries[i];
    if (items.length >= max && (e.txn === undefined || e.txn !== open)) break;
    if (partitionKey !== undefined && JSON.stringify(JSON.parse(e.key)[0]) !== partitionKey) continue;
    if (allVersions) {
      const item = { metadata: metadataOf(documents, e) };
      if (e.current) item.current = e.current;
      if (e.previous) item.previous = e.previous;
      items.push(item);
      last = e.lsn;
      open = e.txn;
    } else if (log.latest.get(e.key) === e.lsn) { // latest version: only an item's newest write, no deletes
      items.push(e.current);
      last = e.lsn;
      open = e.txn;
    }
  }
  return { items, last };
}

// Answers GET /dbs/{db}/colls/{coll}/docs with an A-IM header; names or resource ids both work.
function handle(account, req, res) {
  const aim = req.headers["a-im"];
  if (req.method !== "GET" || !aim) return false;
  const pathname = new URL(req.url, "https://x").pathname.replace(/^\/+/, "/").replace(/\/+$/, "");
  const m = /^\/dbs\/([^/]+)\/colls\/([^/]+)\/docs$/.exec(pathname);
  if (!m) return false;

  const send = (status, body, headers = {}) => {
    res.statusCode = status;
    res.setHeader("content-type", "application/json");
    res.setHeader("connection", "keep-alive");
    res.setHeader("x-ms-activity-id", randomUUID());
    res.setHeader("x-ms-request-charge", "1");
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.end(body === undefined ? "" : JSON.stringify(body));
  };

  const collection = account.database(decodeURIComponent(m[1])).collection(decodeURIComponent(m[2]));
  const container = collection.read();
  if (!container) {
    send(404, NOT_FOUND);
    return true;
  }
  const { documents } = collection;
  const log = logOf(documents);
  const mode = aim.toLowerCase();
  const allVersions = mode.includes("full-fidelity") || mode.includes("all");
  let after;
  try {
    after = startAfter(log, req.headers);
  } catch (err) {
    send(400, { code: "BadRequest", message: err.message });
    return true;
  }
  const maxHeader = parseInt(req.headers["x-ms-max-item-count"] || "", 10);
  const max = maxHeader > 0 ? maxHeader : DEFAULT_PAGE;
  const pkHeader = req.headers["x-ms-documentdb-partitionkey"];
  const partitionKey = pkHeader && pkHeader !== "[{}]" ? JSON.stringify(JSON.parse(pkHeader)[0]) : undefined;

  const { items, last } = page(documents, log, after, { allVersions, partitionKey, max });
  const headers = {
    etag: `"${items.length ? last : after}"`, // the continuation: the next read returns what came after it
    "x-ms-session-token": `0:-1#${log.lsn}`,
    lsn: String(log.lsn),
    "x-ms-global-committed-lsn": String(log.lsn),
    "x-ms-item-count": String(items.length),
    "x-ms-documentdb-partitionkeyrangeid": "0",
  };
  if (!items.length) {
    send(304, undefined, headers);
  } else {
    send(200, { _rid: container._rid, Documents: items, _count: items.length }, headers);
  }
  return true;
}

module.exports = { install, handle, inTransaction };
