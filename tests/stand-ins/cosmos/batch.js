// Transactional batches for the stand-in: `POST .../docs` with `x-ms-cosmos-is-batch-request: True`, as the .NET SDK
// sends TransactionalBatch.ExecuteAsync in Gateway mode. All or nothing on one logical partition, with the service's
// per-operation statuses and limits (README.md lists what is covered).
//
// Two phases, so a refused batch touches nothing: plan every operation against the current documents plus the
// batch's own earlier writes, and only when all of them succeed commit the writes through the same document store
// as ordinary writes (so they get their `_lsn` and land in the change log), inside one change-log transaction.
"use strict";

const { randomUUID } = require("node:crypto");
const codec = require("./batch-codec");
const changeFeed = require("./change-feed");
const documentLimits = require("./document-limits");

// The service's limits for one transactional batch. 2,202,010 bytes is the SDK's own bound for a batch request body
// (Microsoft.Azure.Documents.Constants.MaxDirectModeBatchRequestBodySizeInBytes: 2 MB of items plus framing).
const MAX_OPERATIONS = 100;
const MAX_BODY_BYTES = 2202010;
const MAX_ITEM_BYTES = 2 * 1024 * 1024;
const SUB_STATUS_PARTITION_KEY_MISMATCH = 1001;

const { OPERATION_TYPE: OP } = codec;
const KIND = Object.fromEntries(Object.entries(OP).map(([name, code]) => [code, name]));

class Refusal {
  constructor(statusCode, code, message, subStatusCode = 0) {
    Object.assign(this, { statusCode, code, message, subStatusCode });
  }
}

const PRECONDITION = "Operation cannot be performed because one of the specified precondition is not met.";
const NOT_FOUND = "Entity with the specified id does not exist in the system.";

// --- HTTP ---------------------------------------------------------------------------------------------------------

function isBatch(req) {
  const flag = req.headers["x-ms-cosmos-is-batch-request"];
  return req.method === "POST" && typeof flag === "string" && flag.toLowerCase() === "true";
}

function sendJson(res, status, code, message) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.setHeader("x-ms-activity-id", randomUUID());
  res.setHeader("x-ms-request-charge", "0");
  // The service wraps the reason like this; the SDK shows it in CosmosException / ErrorMessage.
  res.end(JSON.stringify({ code, message: `Message: ${JSON.stringify({ Errors: [message] })}` }));
}

/** Answers batch requests; returns false for anything else. */
function handle(account, req, res) {
  if (!isBatch(req)) return false;
  const pathname = new URL(req.url, "https://x").pathname.replace(/^\/+/, "/").replace(/\/+$/, "");
  const m = /^\/dbs\/([^/]+)\/colls\/([^/]+)\/docs$/.exec(pathname);
  if (!m) return false;

  const chunks = [];
  let length = 0;
  req.on("data", chunk => {
    length += chunk.length;
    if (length <= MAX_BODY_BYTES) chunks.push(chunk); // past the limit only the length matters
  });
  req.on("end", () => {
    try {
      respond(account, decodeURIComponent(m[1]), decodeURIComponent(m[2]), req, res, length, Buffer.concat(chunks));
    } catch (err) {
      process.stderr.write(`batch failed inside the stand-in: ${err.stack}\n`);
      if (!res.headersSent) sendJson(res, 500, "InternalServerError", `stand-in error: ${err.message}`);
    }
  });
  return true;
}

function respond(account, dbId, collId, req, res, length, body) {
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) return sendJson(res, 404, "NotFound", "Resource Not Found");
  if (length > MAX_BODY_BYTES) return sendJson(res, 413, "RequestEntityTooLarge", "Request size is too large");
  const atomic = String(req.headers["x-ms-cosmos-batch-atomic"] || "").toLowerCase() === "true";
  if (!atomic) return sendJson(res, 400, "BadRequest", "The stand-in runs atomic transactional batches only (x-ms-cosmos-batch-atomic: True).");
  const { documents } = collection;
  if (documents._uniqueKeyPaths.some(p => p !== "/id")) {
    return sendJson(res, 400, "BadRequest", "The stand-in does not run transactional batches on containers with a unique key policy.");
  }

  let operations;
  try {
    operations = codec.decodeRequest(body);
  } catch (err) {
    if (err instanceof codec.BatchFormatError) return sendJson(res, 400, "BadRequest", `Unreadable batch request: ${err.message}`);
    throw err;
  }
  if (operations.length === 0) return sendJson(res, 400, "BadRequest", "Batch request has no operations.");
  if (operations.length > MAX_OPERATIONS) return sendJson(res, 400, "BadRequest", "Batch request has more operations than what is supported.");

  let partition;
  try {
    partition = batchPartition(req.headers["x-ms-documentdb-partitionkey"]);
  } catch (err) {
    return sendJson(res, 400, "BadRequest", err.message);
  }

  const results = execute(documents, partition, operations);
  const failed = results.some(r => r.statusCode >= 400);
  res.statusCode = failed ? 207 : 200;
  res.setHeader("content-type", "application/octet-stream");
  res.setHeader("x-ms-activity-id", randomUUID());
  res.setHeader("x-ms-request-charge", String(results.reduce((sum, r) => sum + (r.requestCharge || 0), 0)));
  res.setHeader("x-ms-documentdb-partitionkeyrangeid", "0");
  res.end(codec.encodeResponse(results));
}

// The batch's logical partition, from the header the SDK sends with every batch: ["value"].
function batchPartition(header) {
  if (!header) throw new Error("A transactional batch needs the x-ms-documentdb-partitionkey header.");
  let parsed;
  try {
    parsed = JSON.parse(header);
  } catch {
    throw new Error(`Unreadable partition key header ${header}.`);
  }
  if (!Array.isArray(parsed) || parsed.length !== 1 || (typeof parsed[0] === "object" && parsed[0] !== null)) {
    throw new Error(`The stand-in runs batches on one single-value partition key, not ${header}.`);
  }
  return parsed[0];
}

// --- plan, then commit --------------------------------------------------------------------------------------------

/** Runs the batch: every operation's result, with nothing written unless all succeeded. */
function execute(documents, partition, operations) {
  const staged = new Map(); // id → the document as this batch leaves it so far (null: deleted by the batch)
  const current = id => (staged.has(id) ? staged.get(id) : documents._item("/id", id, partition).read() || null);
  const planned = [];
  for (let i = 0; i < operations.length; i += 1) {
    let step = plan(documents, partition, operations[i], current);
    // The size and nesting limits of single writes, checked before anything is written (all or nothing).
    const limit = step instanceof Refusal || !step.write ? null : documentLimits.violation(step.write);
    if (limit) step = new Refusal(limit.statusCode, limit.code, limit.message);
    if (step instanceof Refusal) {
      // All or nothing: the failing operation says why, every other one failed because of it.
      return operations.map((_, j) => (j === i ? refusalResult(step) : { statusCode: 424, subStatusCode: 0, requestCharge: 0 }));
    }
    if (step.write !== undefined) staged.set(step.id, step.write);
    planned.push(step);
  }
  return changeFeed.inTransaction(documents, () => planned.map(step => commit(documents, partition, step)));
}

function refusalResult(refusal) {
  return {
    statusCode: refusal.statusCode,
    subStatusCode: refusal.subStatusCode,
    resourceBody: Buffer.from(JSON.stringify({ code: refusal.code, message: refusal.message })),
    requestCharge: 1,
  };
}

function parseBody(operation, kind) {
  if (!operation.resourceBody) return new Refusal(400, "BadRequest", `The ${kind} operation has no resource body.`);
  if (operation.resourceBody.length > MAX_ITEM_BYTES) return new Refusal(413, "RequestEntityTooLarge", "Request size is too large");
  try {
    const body = JSON.parse(operation.resourceBody.toString("utf8"));
    if (typeof body !== "object" || body === null || Array.isArray(body)) return new Refusal(400, "BadRequest", "The resource body is not a JSON object.");
    return body;
  } catch (err) {
    return new Refusal(400, "BadRequest", `The resource body is not valid JSON: ${err.message}`);
  }
}

function samePartition(documents, document, partition) {
  return JSON.stringify(documents._getPartition(document) ?? null) === JSON.stringify(partition);
}

const mismatch = () => new Refusal(400, "BadRequest", "PartitionKey extracted from document doesn't match the one specified in the header.", SUB_STATUS_PARTITION_KEY_MISMATCH);

/** One operation against the batch's view: { kind, id, write?, ... } or a Refusal. */
function plan(documents, partition, operation, current) {
  const kind = KIND[operation.operationType];
  if (!kind) return new Refusal(400, "BadRequest", `Operation type ${operation.operationType} is not supported in a transactional batch.`);
  const minimal = operation.minimalReturnPreference === true;

  if (kind === "read" || kind === "delete") {
    const existing = operation.id === undefined ? null : current(operation.id);
    if (!existing) return new Refusal(404, "NotFound", NOT_FOUND);
    if (kind === "read") return { kind, id: operation.id, ifNoneMatch: operation.ifNoneMatch };
    if (operation.ifMatch && operation.ifMatch !== existing._etag) return new Refusal(412, "PreconditionFailed", PRECONDITION);
    return { kind, id: operation.id, write: null };
  }

  if (kind === "patch") return planPatch(documents, partition, operation, current, minimal);

  const body = parseBody(operation, kind);
  if (body instanceof Refusal) return body;
  if (typeof body.id !== "string" || body.id === "") return new Refusal(400, "BadRequest", "The input content is invalid because the required properties - 'id; ' - are missing");
  if (!samePartition(documents, body, partition)) return mismatch();
  const existing = current(body.id);
  if (kind === "create") {
    if (existing) return new Refusal(409, "Conflict", "Entity with the specified id already exists in the system.");
    return { kind, id: body.id, write: body, minimal };
  }
  if (kind === "replace") {
    if (operation.id !== undefined && operation.id !== body.id) return new Refusal(400, "BadRequest", "replacing id is not allowed");
    if (!existing) return new Refusal(404, "NotFound", NOT_FOUND);
  }
  if (operation.ifMatch && existing && operation.ifMatch !== existing._etag) return new Refusal(412, "PreconditionFailed", PRECONDITION);
  return { kind, id: body.id, write: body, minimal, existed: Boolean(existing) };
}

// Patch with the package's own patch semantics (operations, conditions, limits), run against the batch's view of the
// document instead of the store: its replace only hands back the patched document.
function planPatch(documents, partition, operation, current, minimal) {
  const spec = parseBody(operation, "patch");
  if (spec instanceof Refusal) return spec;
  let patched;
  const view = {
    document: id => ({ read: () => current(id) }),
    documents: {
      query: params => documents._getQuery(params.query).exec([current(operation.id)].filter(Boolean), { parameters: params.parameters }),
      replace: data => {
        if (!samePartition(documents, data, partition)) throw Object.assign(new Error("replacing partition key is not allowed"), { badRequest: true });
        patched = data;
        return data;
      },
    },
  };
  const result = patchOperation(view, {
    id: operation.id,
    partitionKey: JSON.stringify([partition]),
    ifMatch: operation.ifMatch,
    operations: Array.isArray(spec.operations) ? spec.operations : [],
    condition: spec.condition,
  });
  if (result.statusCode >= 400) {
    const codes = { 400: "BadRequest", 404: "NotFound", 409: "Conflict", 412: "PreconditionFailed" };
    return new Refusal(result.statusCode, codes[result.statusCode] || "BadRequest", result.body?.message || (result.statusCode === 404 ? NOT_FOUND : ""));
  }
  if (Buffer.byteLength(JSON.stringify(patched)) > MAX_ITEM_BYTES) return new Refusal(413, "RequestEntityTooLarge", "Request size is too large");
  return { kind: "patch", id: operation.id, write: stripSystem(patched), minimal };
}

function stripSystem(document) {
  const copy = { ...document };
  for (const key of ["_rid", "_self", "_etag", "_ts", "_lsn", "_attachments"]) delete copy[key];
  return copy;
}

let patchOperation;
function usePackage(pkg) {
  ({ patchOperation } = require(`${pkg}/handler/_patch-operations`));
}

/** Writes one planned operation through the store (inside the change-log transaction) and returns its result. */
function commit(documents, partition, step) {
  const stored = () => documents._item("/id", step.id, partition).read();
  let status;
  let document;
  switch (step.kind) {
    case "read":
      return step.ifNoneMatch !== undefined && step.ifNoneMatch === stored()._etag
        ? { statusCode: 304, subStatusCode: 0, eTag: stored()._etag, requestCharge: 1 }
        : { statusCode: 200, subStatusCode: 0, eTag: stored()._etag, resourceBody: json(stored()), requestCharge: 1 };
    case "delete":
      documents.delete(step.id, partition);
      return { statusCode: 204, subStatusCode: 0, requestCharge: 1 };
    case "create":
      status = 201;
      document = documents.create(step.write);
      break;
    case "upsert":
      status = step.existed ? 200 : 201;
      document = documents.upsert(step.write);
      break;
    default: // replace, patch
      status = 200;
      document = documents.replace(step.write, stored());
      break;
  }
  return { statusCode: status, subStatusCode: 0, eTag: document._etag, resourceBody: step.minimal ? undefined : json(document), requestCharge: 1 };
}

function json(document) {
  return Buffer.from(JSON.stringify(document), "utf8");
}

module.exports = { handle, usePackage, MAX_OPERATIONS, MAX_BODY_BYTES, MAX_ITEM_BYTES };
