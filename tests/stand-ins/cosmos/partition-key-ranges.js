// A container's physical partitions (partition key ranges), the way the SDK sees them:
// - created at container creation: one range, or ceil(throughput / 10,000 RU/s) equal ranges when the request asks
//   for throughput (`x-ms-offer-throughput`, or the autoscale maximum), together covering the whole EPK space;
// - each document placed by the EPK of its partition key (effective-partition-key.js); each range keeps its own change
//   log and LSNs (change-feed.js reads them through locate()/byId());
// - split on demand (split()): the range is gone for good (requests naming it get 410 Gone, substatus 1002
//   PartitionKeyRangeGone), its two halves inherit its log entries and LSN counter, and the ranges endpoint lists them
//   with their parents;
// - requests scoped to a range (x-ms-documentdb-partitionkeyrangeid, optionally x-ms-start-epk/x-ms-end-epk) see only
//   that range's documents: queries and read feeds here, the change feed in change-feed.js.
"use strict";

const { AsyncLocalStorage } = require("node:async_hooks");
const { effectivePartitionKey, boundaries, midpoint, MIN, MAX } = require("./effective-partition-key");

const THROUGHPUT_PER_PARTITION = 10_000; // the service's limit per physical partition (RU/s)
const PARTITION_KEY_RANGE_GONE = "1002";

class RangeError410 extends Error {
  constructor(message) {
    super(message);
    this.status = 410;
    this.substatus = PARTITION_KEY_RANGE_GONE;
  }
}

// --- per-container state (it lives on the container's document store, like the change log) ----------------------

function newRange(id, min, max, parents, version, from) {
  // entries: { lsn, ms, op, key, epk, current, previous } in lsn order; latest: key -> lsn of the key's newest write
  return { id, min, max, parents, version, gone: false, lsn: from ? from.lsn : 0, entries: [], latest: new Map() };
}

function partitionsOf(documents) {
  if (!documents._partitions) configure(documents, 1);
  return documents._partitions;
}

// `count` equal ranges, ids "0".."count-1". Only on an empty container (right after it was created).
function configure(documents, count) {
  const bounds = boundaries(count);
  const ranges = Array.from({ length: count }, (_, i) => newRange(String(i), bounds[i], bounds[i + 1], [], 1));
  documents._partitions = { version: 1, nextId: count, ranges, online: ranges.slice(), epks: new Map() };
}

function isWholeSpace(state) {
  return state.online.length === 1;
}

function epkOfValue(state, value) {
  const cacheKey = value === undefined ? "u" : Object.is(value, -0) ? "-0" : JSON.stringify(value); // -0 hashes apart from 0
  let epk = state.epks.get(cacheKey);
  if (epk === undefined) {
    if (state.epks.size > 100_000) state.epks.clear();
    epk = effectivePartitionKey([value]);
    state.epks.set(cacheKey, epk);
  }
  return epk;
}

function epkOf(documents, doc) {
  return epkOfValue(partitionsOf(documents), documents._getPartition(doc));
}

// The online range holding `epk` (online ranges are sorted by min and cover the space).
function locate(documents, epk) {
  const { online } = partitionsOf(documents);
  let lo = 0;
  let hi = online.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (online[mid].min <= epk) lo = mid; else hi = mid - 1;
  }
  return online[lo];
}

function byId(documents, id) {
  return partitionsOf(documents).ranges.find(r => r.id === id);
}

// Splits range `id` in two at its EPK midpoint; returns the children. Later requests naming it get 410/1002.
function split(documents, id) {
  const state = partitionsOf(documents);
  const parent = state.ranges.find(r => r.id === id);
  if (!parent) throw Object.assign(new Error(`no partition key range ${id}`), { status: 404 });
  if (parent.gone) throw Object.assign(new Error(`partition key range ${id} has already split`), { status: 409 });
  state.version += 1;
  const mid = midpoint(parent.min, parent.max);
  const lineage = [...parent.parents, parent.id];
  const children = [[parent.min, mid], [mid, parent.max]].map(([min, max]) => {
    const child = newRange(String(state.nextId++), min, max, lineage, state.version, parent);
    // The child's feed is the parent's for its half, with the same LSNs: a parent's continuation goes on in it.
    for (const entry of parent.entries) {
      if (entry.epk < min || (max !== MAX && entry.epk >= max)) continue;
      child.entries.push(entry);
      if (entry.op === "delete") child.latest.delete(entry.key); else child.latest.set(entry.key, entry.lsn);
    }
    return child;
  });
  parent.gone = true;
  parent.entries = [];
  parent.latest = new Map();
  state.ranges.push(...children);
  state.online = state.ranges.filter(r => !r.gone).sort((a, b) => (a.min < b.min ? -1 : 1));
  return children;
}

// --- what a request is scoped to ----------------------------------------------------------------------------------

// { range, min, max } for a request naming a range (its bounds narrowed by x-ms-start-epk/x-ms-end-epk), or null.
// Throws RangeError410 for a range that has split.
function scopeOf(documents, headers) {
  const header = headers["x-ms-documentdb-partitionkeyrangeid"];
  if (!header) return null;
  const id = header.split(",").pop().trim(); // "<collection rid>,<id>" or "<id>"
  const range = byId(documents, id);
  if (!range) throw Object.assign(new Error(`no partition key range ${id}`), { status: 400 });
  if (range.gone) throw new RangeError410(`partition key range ${id} is gone (it has split)`);
  const start = headers["x-ms-start-epk"];
  const end = headers["x-ms-end-epk"];
  return {
    range,
    min: start !== undefined && start > range.min ? start : range.min,
    max: end !== undefined && end !== MAX && (range.max === MAX || end < range.max) ? end : range.max,
  };
}

const inScope = (scope, epk) => epk >= scope.min && (scope.max === MAX || epk < scope.max);

// --- serving GET .../pkranges (the SDK reads it as a change feed: A-IM + If-None-Match = the version it has) --------

function resource(collection, range) {
  const ranges = collection.partitionKeyRanges;
  const rid = ranges._rid(Number(range.id));
  return {
    id: range.id,
    _rid: rid,
    _self: ranges._self(rid),
    _etag: `"${range.version}"`,
    _ts: Math.floor(Date.now() / 1000),
    minInclusive: range.min,
    maxExclusive: range.max,
    ridPrefix: Number(range.id),
    throughputFraction: 1 / partitionsOf(collection.documents).online.length,
    status: "online",
    parents: range.parents,
  };
}

function servePartitionKeyRanges(collection, req, send) {
  const state = partitionsOf(collection.documents);
  const since = req.headers["a-im"] && req.headers["if-none-match"]
    ? Number(String(req.headers["if-none-match"]).replace(/^W\//, "").replace(/"/g, ""))
    : 0;
  const changed = state.online.filter(r => !(r.version <= since));
  const headers = { etag: `"${state.version}"`, "x-ms-item-count": String(changed.length) };
  if (!changed.length) return send(304, undefined, headers);
  return send(200, {
    _rid: collection.read()._rid,
    PartitionKeyRanges: changed.map(r => resource(collection, r)),
    _count: changed.length,
  }, headers);
}

// --- install: placement at create, range-scoped queries and read feeds -------------------------------------------

const requestScope = new AsyncLocalStorage();

function requestedPartitions(headers) {
  let throughput = Number(headers["x-ms-offer-throughput"] || 0);
  const autoscale = headers["x-ms-cosmos-offer-autopilot-settings"];
  if (autoscale) {
    try {
      throughput = Math.max(throughput, Number(JSON.parse(autoscale).maxThroughput || 0));
    } catch {
      // unreadable autoscale settings: the package's own handler answers for the rest of the request
    }
  }
  return Math.max(1, Math.ceil(throughput / THROUGHPUT_PER_PARTITION));
}

function refuse(res, err) {
  res.statusCode = err.status || 500;
  if (err.substatus) res.setHeader("x-ms-substatus", err.substatus);
  return { code: err.status === 410 ? "Gone" : "BadRequest", message: err.message };
}

// Runs a package handler with the request's range scope (AsyncLocalStorage: survives the handler's awaits).
function scoped(handler) {
  return async (account, req, res, params) => {
    const collection = account.database(params.dbId).collection(params.collId);
    if (!collection.read()) return handler(account, req, res, params);
    let scope;
    try {
      scope = scopeOf(collection.documents, req.headers);
    } catch (err) {
      return refuse(res, err);
    }
    return requestScope.run(scope, () => handler(account, req, res, params));
  };
}

function install(pkg) {
  const Documents = require(`${pkg}/account/documents`).default;
  const { query, read } = Documents.prototype;
  // Only the scope's documents are visible to the package's (synchronous) query engine while it runs.
  const withinScope = (documents, run) => {
    const scope = requestScope.getStore();
    if (!scope || (isWholeSpace(partitionsOf(documents)) && scope.min === MIN && scope.max === MAX)) return run();
    const all = documents._data;
    documents._data = new Map([...all].filter(([, item]) => inScope(scope, epkOf(documents, item.read()))));
    try {
      return run();
    } finally {
      documents._data = all;
    }
  };
  Documents.prototype.query = function queryInScope(...args) { return withinScope(this, () => query.apply(this, args)); };
  Documents.prototype.read = function readInScope(...args) { return withinScope(this, () => read.apply(this, args)); };

  for (const name of ["query-documents", "read-documents"]) {
    const handler = require(`${pkg}/handler/${name}`);
    handler.default = scoped(handler.default);
  }

  // Physical partitions from the requested throughput; hash partitioning version 2 unless the request says otherwise.
  const createCollection = require(`${pkg}/handler/create-collection`);
  const packageCreate = createCollection.default;
  createCollection.default = async (account, req, res, params) => {
    const count = requestedPartitions(req.headers);
    const created = await packageCreate(account, req, res, params);
    if (res.statusCode !== 201) return created;
    const definition = created.partitionKey || (created.partitionKey = { paths: ["/id"], kind: "Hash" });
    if (definition.version === undefined) definition.version = 2;
    if (count > 1 && (definition.version !== 2 || (definition.paths || []).length > 1)) {
      account.database(params.dbId).collections.delete(created.id, created.id);
      res.statusCode = 400;
      return { code: "BadRequest", message: "the stand-in places documents in more than one partition only for one partition key path with hash version 2" };
    }
    configure(account.database(params.dbId).collection(created.id).documents, count);
    return created;
  };
}

module.exports = { install, partitionsOf, epkOf, epkOfValue, locate, byId, split, scopeOf, inScope, servePartitionKeyRanges, refuse };
