// The stand-in's own change feed, added around @vercel/cosmosdb-server (whose change feed is a stub).
// - install(): patches the package's document store so every write gets an increasing `_lsn` (per partition key
//   range, see partition-key-ranges.js) and lands in that range's change log, and makes reading a missing item a 404
//   (the package answers 500).
// - handle(): answers `GET .../docs` requests that carry `A-IM` from the log of the range they name. Returns false
//   for anything else.
"use strict";

const { randomUUID } = require("node:crypto");
const ranges = require("./partition-key-ranges");

const NOT_FOUND = { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
const DEFAULT_PAGE = 100;

// --- the change log (one per partition key range, on the range) ------------------------------------------------

// The transaction being committed on a container (a transactional batch), if any: its writes share a number.
function transactionsOf(documents) {
  if (!documents._transactions) documents._transactions = { count: 0, open: undefined };
  return documents._transactions;
}

function keyOf(documents, doc) {
  return JSON.stringify([documents._getPartition(doc) ?? null, doc.id]);
}

// The range a document belongs to, with its EPK.
function placeOf(documents, doc) {
  const epk = ranges.epkOf(documents, doc);
  return { epk, range: ranges.locate(documents, epk) };
}

// Every write goes through here: create, replace (upsert and patch included) and delete, with the previous image.
function record(documents, op, current, previous) {
  const doc = current || previous;
  const { epk, range } = placeOf(documents, doc);
  const key = keyOf(documents, doc);
  const lsn = current ? current._lsn : (range.lsn += 1);
  range.entries.push({ lsn, ms: Date.now(), op, key, epk, current, previous, txn: transactionsOf(documents).open });
  if (op === "delete") range.latest.delete(key); else range.latest.set(key, lsn);
}

// Writes committed together (a transactional batch) share a transaction number, so that a page never ends inside one.
function inTransaction(documents, commit) {
  const transactions = transactionsOf(documents);
  transactions.open = (transactions.count += 1);
  try {
    return commit();
  } finally {
    transactions.open = undefined;
  }
}

function install(pkg) {
  const Documents = require(`${pkg}/account/documents`).default;
  const { _set, create, replace, delete: remove } = Documents.prototype;

  Documents.prototype._set = function setWithLsn(data) {
    data._lsn = placeOf(this, data).range.lsn += 1; // eslint-disable-line no-param-reassign
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
    if (lsn > log.lsn) throw new Error(`continuation ${lsn} is ahead of the change log of partition key range ${log.id} (at ${log.lsn})`);
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

// One page after LSN `after`: changes of the scope's EPK range (and of one partition key when asked), at most `max`.
// `last` is the continuation: the last LSN returned, or the range's newest when the scan reached the end of its log.
function page(documents, log, after, { allVersions, scope, partitionKey, max }) {
  const items = [];
  let last = after;
  const narrowed = scope.min !== log.min || scope.max !== log.max;
  let open; // the transaction of the last change on the page: a full page still takes the rest of it
  let i = firstAfter(log.entries, after);
  for (; i < log.entries.length; i += 1) {
    const e = log.entries[i];
    if (items.length >= max && (e.txn === undefined || e.txn !== open)) break;
    if (narrowed && !ranges.inScope(scope, e.epk)) continue;
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
  if (i >= log.entries.length && log.entries.length) last = Math.max(last, log.entries[log.entries.length - 1].lsn);
  return { items, last };
}

// The range a change feed request reads: the one it names (x-ms-documentdb-partitionkeyrangeid, narrowed by
// x-ms-start-epk/x-ms-end-epk), else the one holding the partition key it names, else the only one there is.
function scopeOf(documents, headers, partitionKeyValue) {
  const named = ranges.scopeOf(documents, headers);
  if (named) return named;
  const { online } = ranges.partitionsOf(documents);
  let range = online.length === 1 ? online[0] : undefined;
  if (partitionKeyValue !== undefined) range = ranges.locate(documents, ranges.epkOfValue(ranges.partitionsOf(documents), partitionKeyValue));
  if (!range) {
    throw Object.assign(new Error(`this container has ${online.length} partition key ranges: a change feed request must name one (x-ms-documentdb-partitionkeyrangeid) or a partition key`), { status: 400 });
  }
  return { range, min: range.min, max: range.max };
}

// Answers GET /dbs/{db}/colls/{coll}/docs with an A-IM header (the change feed) and GET .../pkranges (the ranges,
// read by the SDK as a change feed of their own); names or resource ids both work.
function handle(account, req, res) {
  const aim = req.headers["a-im"];
  if (req.method !== "GET") return false;
  const pathname = new URL(req.url, "https://x").pathname.replace(/^\/+/, "/").replace(/\/+$/, "");
  const m = /^\/dbs\/([^/]+)\/colls\/([^/]+)\/(docs|pkranges)$/.exec(pathname);
  if (!m || (m[3] === "docs" && !aim)) return false;

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
  if (m[3] === "pkranges") {
    ranges.servePartitionKeyRanges(collection, req, send);
    return true;
  }
  const { documents } = collection;
  const mode = aim.toLowerCase();
  const allVersions = mode.includes("full-fidelity") || mode.includes("all");
  const pkHeader = req.headers["x-ms-documentdb-partitionkey"];
  const partitionKeyValue = pkHeader && pkHeader !== "[{}]" ? JSON.parse(pkHeader)[0] : undefined;
  const partitionKey = partitionKeyValue === undefined ? undefined : JSON.stringify(partitionKeyValue);
  let scope;
  let after;
  try {
    scope = scopeOf(documents, req.headers, partitionKeyValue);
    after = startAfter(scope.range, req.headers);
  } catch (err) {
    const body = ranges.refuse(res, err.status ? err : Object.assign(err, { status: 400 }));
    send(res.statusCode, body, err.substatus ? { "x-ms-substatus": err.substatus } : {});
    return true;
  }
  const log = scope.range;
  const maxHeader = parseInt(req.headers["x-ms-max-item-count"] || "", 10);
  const max = maxHeader > 0 ? maxHeader : DEFAULT_PAGE;

  const { items, last } = page(documents, log, after, { allVersions, scope, partitionKey, max });
  const headers = {
    etag: `"${last}"`, // the continuation: the next read returns what came after it
    "x-ms-session-token": `${log.id}:-1#${log.lsn}`,
    lsn: String(log.lsn),
    "x-ms-global-committed-lsn": String(log.lsn),
    "x-ms-item-count": String(items.length),
    "x-ms-documentdb-partitionkeyrangeid": log.id,
  };
  if (!items.length) {
    send(304, undefined, headers);
  } else {
    send(200, { _rid: container._rid, Documents: items, _count: items.length }, headers);
  }
  return true;
}

module.exports = { install, handle, record, inTransaction };
