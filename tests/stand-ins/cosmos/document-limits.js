// Refuses the writes the service refuses for their size or depth (Azure Cosmos DB service quotas, "Per-item limits"):
// - an item larger than 2 MB (UTF-8 length of its JSON): 413 RequestEntityTooLarge, "Request size is too large";
// - objects/arrays nested more than 128 levels below the document: 400 BadRequest, "The request payload is invalid.
//   Ensure to provide a valid request payload." (what the service answers; the stand-in adds why in brackets).
// install() wraps the package's document store (create, replace: every create, upsert, replace, patch and batch
// operation ends in one of them) and the operations that call it, so a refusal is answered with its status code.
"use strict";

const MAX_ITEM_BYTES = 2 * 1024 * 1024;
const MAX_NESTING_LEVELS = 128;

class LimitExceeded extends Error {
  constructor(statusCode, code, message, detail) {
    super(`${message} (stand-in: ${detail})`);
    this.statusCode = statusCode;
    this.code = code;
    this.badRequest = statusCode === 400; // how the package's patch operation recognises a 400
  }
}

// Levels of objects/arrays below the document itself, without recursion (a refused document may be very deep).
function nestingLevels(document) {
  let deepest = 0;
  const stack = [[document, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop();
    if (value === null || typeof value !== "object") continue;
    if (depth > deepest) deepest = depth;
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function check(document) {
  const bytes = Buffer.byteLength(JSON.stringify(document), "utf8");
  if (bytes > MAX_ITEM_BYTES) {
    throw new LimitExceeded(413, "RequestEntityTooLarge", 'Message: {"Errors":["Request size is too large"]}',
      `the item is ${bytes} bytes; at most ${MAX_ITEM_BYTES}`);
  }
  const levels = nestingLevels(document);
  if (levels > MAX_NESTING_LEVELS) {
    throw new LimitExceeded(400, "BadRequest",
      'Message: {"Errors":["The request payload is invalid. Ensure to provide a valid request payload."]}',
      `objects and arrays are nested ${levels} levels below the document; at most ${MAX_NESTING_LEVELS}`);
  }
}

// The refusal a write of this document meets, or null (transactional batches check before they write anything).
function violation(document) {
  try {
    check(document);
    return null;
  } catch (err) {
    if (err instanceof LimitExceeded) return err;
    throw err;
  }
}

function answering(operation) {
  return function limited(...args) {
    try {
      return operation.apply(this, args);
    } catch (err) {
      if (err instanceof LimitExceeded) return { statusCode: err.statusCode, body: { code: err.code, message: err.message } };
      throw err;
    }
  };
}

function install(pkg) {
  const Documents = require(`${pkg}/account/documents`).default;
  const { create, replace } = Documents.prototype;
  Documents.prototype.create = function createWithinLimits(data) {
    check(data);
    return create.call(this, data);
  };
  Documents.prototype.replace = function replaceWithinLimits(data, original) {
    check(data);
    return replace.call(this, data, original);
  };

  const documentOperations = require(`${pkg}/handler/_document-operations`);
  for (const name of ["createOperation", "replaceOperation", "upsertOperation"]) {
    documentOperations[name] = answering(documentOperations[name]);
  }
  const patchOperations = require(`${pkg}/handler/_patch-operations`);
  patchOperations.patchOperation = answering(patchOperations.patchOperation);
}

module.exports = { install, violation, MAX_ITEM_BYTES, MAX_NESTING_LEVELS };
