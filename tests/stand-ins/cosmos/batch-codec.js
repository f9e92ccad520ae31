// The wire format of a Cosmos DB transactional batch as the .NET SDK sends it (Gateway mode): a HybridRow RecordIO
// stream. Written for the stand-in from the published format (the SDK's Batch/HybridRowBatchSchemas.json and the
// HybridRow library's layout and RecordIO rules); see README.md. Nothing here knows about documents or the store.
//
// RecordIO stream = segment header row, then per record: record header row (body length, CRC-32) and the body.
// A HybridRow row   = version byte 0x81, schema id (int32 LE), presence bits, fixed columns, variable columns
//                     (7-bit length + bytes, in column order, only those present), then sparse fields
//                     (type code, path token, value) until the end of the row.
"use strict";

const HYBRID_ROW_V1 = 0x81;
const HEADER_SIZE = 5;
const SCHEMA = { segment: 2147473648, record: 2147473649 };
const CODE = { null: 1, false: 2, true: 3, int32: 7, int64: 8, uint32: 11, float64: 16, utf8: 20, binary: 21, endScope: 70 };
const FIXED_SIZE = { int32: 4, uint32: 4, float64: 8 };

/** Thrown for a body that is not a readable batch request: the stand-in answers 400 with the message. */
class BatchFormatError extends Error {}

// A layout as the HybridRow layout compiler builds it from a schema: one presence bit per fixed (nullable) and
// variable column, fixed columns at known offsets, and path tokens 1..n in column order (0 is the empty path).
function layout(schemaId, columns) {
  const fixed = columns.filter(c => c.storage === "fixed");
  const variable = columns.filter(c => c.storage === "variable");
  const sparse = columns.filter(c => c.storage === "sparse");
  const ordered = [...fixed, ...variable, ...sparse];
  const bits = fixed.length + variable.length;
  const bitmaskBytes = Math.ceil(bits / 8);
  let offset = bitmaskBytes;
  const placed = ordered.map((c, i) => {
    const column = { ...c, token: i + 1, bit: i < bits ? i : -1, offset: c.storage === "fixed" ? offset : -1 };
    if (c.storage === "fixed") offset += FIXED_SIZE[c.type];
    return column;
  });
  return { schemaId, columns: placed, bitmaskBytes, size: offset, tokenCount: placed.length + 1 };
}

const col = (name, type, storage) => ({ name, type, storage });

const OPERATION = layout(2145473648, [
  col("operationType", "int32", "fixed"),
  col("resourceType", "int32", "fixed"),
  col("partitionKey", "utf8", "variable"),
  col("effectivePartitionKey", "binary", "variable"),
  col("id", "utf8", "variable"),
  col("binaryId", "binary", "variable"),
  col("resourceBody", "binary", "variable"),
  col("indexingDirective", "utf8", "sparse"),
  col("ifMatch", "utf8", "sparse"),
  col("ifNoneMatch", "utf8", "sparse"),
  col("timeToLiveInSeconds", "int32", "sparse"),
  col("minimalReturnPreference", "bool", "sparse"),
]);

const RESULT = layout(2145473649, [
  col("statusCode", "int32", "fixed"),
  col("subStatusCode", "int32", "fixed"),
  col("eTag", "utf8", "variable"),
  col("resourceBody", "binary", "variable"),
  col("retryAfterMilliseconds", "uint32", "sparse"),
  col("requestCharge", "float64", "sparse"),
]);

/** The SDK's operation type numbers (Microsoft.Azure.Documents.OperationType) for the operations a batch carries. */
const OPERATION_TYPE = { create: 0, patch: 1, read: 2, delete: 4, replace: 5, upsert: 20 };

// --- primitives ---------------------------------------------------------------------------------------------------

function readVarUInt(buf, at) {
  let value = 0;
  let shift = 0;
  for (let i = at; i < buf.length; i += 1) {
    value += (buf[i] & 0x7f) * 2 ** shift;
    if ((buf[i] & 0x80) === 0) return { value, next: i + 1 };
    shift += 7;
    if (shift > 49) break;
  }
  throw new BatchFormatError(`unreadable length at byte ${at}`);
}

function varUInt(value) {
  const bytes = [];
  let v = value;
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    bytes.push(b);
  } while (v > 0);
  return Buffer.from(bytes);
}

function need(buf, at, n, what) {
  if (at + n > buf.length) throw new BatchFormatError(`${what} runs past the end of the row (${at + n} > ${buf.length} bytes)`);
}

// CRC-32 (ISO 3309, the zlib polynomial) as RecordIO records carry it. zlib.crc32 needs Node 20.15+; this does not.
const CRC_TABLE = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(buf) {
  let c = -1;
  for (let i = 0; i < buf.length; i += 1) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

// --- rows ---------------------------------------------------------------------------------------------------------

function readHeader(buf, at, what) {
  need(buf, at, HEADER_SIZE, `${what} header`);
  if (buf[at] !== HYBRID_ROW_V1) throw new BatchFormatError(`${what} is not a HybridRow (version byte 0x${buf[at].toString(16)})`);
  return buf.readInt32LE(at + 1);
}

function readValue(row, at, type) {
  switch (type) {
    case "int32": need(row, at, 4, type); return { value: row.readInt32LE(at), next: at + 4 };
    case "uint32": need(row, at, 4, type); return { value: row.readUInt32LE(at), next: at + 4 };
    case "int64": need(row, at, 8, type); return { value: Number(row.readBigInt64LE(at)), next: at + 8 };
    case "float64": need(row, at, 8, type); return { value: row.readDoubleLE(at), next: at + 8 };
    case "utf8":
    case "binary": {
      const { value: length, next } = readVarUInt(row, at);
      need(row, next, length, type);
      const bytes = row.subarray(next, next + length);
      return { value: type === "utf8" ? bytes.toString("utf8") : Buffer.from(bytes), next: next + length };
    }
    default: throw new BatchFormatError(`unsupported column type ${type}`);
  }
}

const SPARSE_TYPE = { [CODE.int32]: "int32", [CODE.int64]: "int64", [CODE.uint32]: "uint32", [CODE.float64]: "float64", [CODE.utf8]: "utf8", [CODE.binary]: "binary" };

/** Reads one row of the given layout into { column name: value } (absent columns are left out). */
function decodeRow(row, rowLayout) {
  const schemaId = readHeader(row, 0, "row");
  if (schemaId !== rowLayout.schemaId) throw new BatchFormatError(`row has schema ${schemaId}, expected ${rowLayout.schemaId}`);
  const base = HEADER_SIZE;
  need(row, base, rowLayout.size, "fixed part");
  const present = c => c.bit >= 0 && (row[base + (c.bit >> 3)] & (1 << (c.bit & 7))) !== 0;
  const out = {};
  let at = base + rowLayout.size;
  for (const c of rowLayout.columns) {
    if (c.storage === "fixed" && present(c)) out[c.name] = readValue(row, base + c.offset, c.type).value;
    if (c.storage === "variable" && present(c)) ({ value: out[c.name], next: at } = readValue(row, at, c.type));
  }
  const byToken = new Map(rowLayout.columns.map(c => [c.token, c]));
  while (at < row.length) {
    const code = row[at];
    if (code === CODE.endScope) break;
    const path = readVarUInt(row, at + 1);
    at = path.next;
    let name;
    if (path.value < rowLayout.tokenCount) {
      name = byToken.get(path.value)?.name;
    } else {
      const length = path.value - rowLayout.tokenCount;
      need(row, at, length, "sparse path");
      name = row.toString("utf8", at, at + length);
      at += length;
    }
    let value;
    if (code === CODE.true || code === CODE.false) value = code === CODE.true;
    else if (code === CODE.null) value = null;
    else if (SPARSE_TYPE[code]) ({ value, next: at } = readValue(row, at, SPARSE_TYPE[code]));
    else throw new BatchFormatError(`unsupported sparse field type code ${code} at byte ${at - 1}`);
    if (name) out[name] = value;
  }
  return out;
}

/** Writes { column name: value } as one row of the given layout; undefined and null values are left out. */
function encodeRow(values, rowLayout) {
  const fixed = Buffer.alloc(HEADER_SIZE + rowLayout.size);
  fixed[0] = HYBRID_ROW_V1;
  fixed.writeInt32LE(rowLayout.schemaId, 1);
  const tail = [];
  for (const c of rowLayout.columns) {
    const value = values[c.name];
    if (value === undefined || value === null) continue;
    if (c.storage === "fixed") {
      fixed[HEADER_SIZE + (c.bit >> 3)] |= 1 << (c.bit & 7);
      if (c.type === "int32") fixed.writeInt32LE(value, HEADER_SIZE + c.offset);
      else if (c.type === "uint32") fixed.writeUInt32LE(value, HEADER_SIZE + c.offset);
      else fixed.writeDoubleLE(value, HEADER_SIZE + c.offset);
      continue;
    }
    const bytes = c.type === "utf8" ? Buffer.from(String(value), "utf8") : Buffer.isBuffer(value) ? value : null;
    if (c.storage === "variable") {
      fixed[HEADER_SIZE + (c.bit >> 3)] |= 1 << (c.bit & 7);
      tail.push(varUInt(bytes.length), bytes);
    } else if (c.type === "bool") {
      tail.push(Buffer.from([value ? CODE.true : CODE.false]), varUInt(c.token));
    } else if (c.type === "utf8" || c.type === "binary") {
      tail.push(Buffer.from([CODE[c.type]]), varUInt(c.token), varUInt(bytes.length), bytes);
    } else {
      const number = Buffer.alloc(FIXED_SIZE[c.type]);
      if (c.type === "int32") number.writeInt32LE(value);
      else if (c.type === "uint32") number.writeUInt32LE(value);
      else number.writeDoubleLE(value);
      tail.push(Buffer.from([CODE[c.type]]), varUInt(c.token), number);
    }
  }
  return Buffer.concat([fixed, ...tail]);
}

// --- RecordIO -----------------------------------------------------------------------------------------------------

/** The bodies of the records in a RecordIO stream, CRC-checked. */
function readRecords(buf) {
  const records = [];
  let at = 0;
  if (buf.length === 0) throw new BatchFormatError("empty body");
  while (at < buf.length) {
    const schemaId = readHeader(buf, at, `record at byte ${at}`);
    if (schemaId === SCHEMA.segment) {
      // Segment: one presence byte, then its own length (the row may carry sparse comments after it).
      need(buf, at + HEADER_SIZE, 5, "segment header");
      const length = buf.readInt32LE(at + HEADER_SIZE + 1);
      if (length < HEADER_SIZE + 5) throw new BatchFormatError(`segment header claims ${length} bytes`);
      need(buf, at, length, "segment header");
      at += length;
    } else if (schemaId === SCHEMA.record) {
      // Record header: length and CRC-32 (both required, so no presence byte), then the body.
      need(buf, at + HEADER_SIZE, 8, "record header");
      const length = buf.readInt32LE(at + HEADER_SIZE);
      const crc = buf.readUInt32LE(at + HEADER_SIZE + 4);
      at += HEADER_SIZE + 8;
      need(buf, at, length, "record");
      const body = buf.subarray(at, at + length);
      if (crc32(body) !== crc) throw new BatchFormatError(`record at byte ${at} fails its CRC-32 check`);
      records.push(body);
      at += length;
    } else {
      throw new BatchFormatError(`unexpected schema ${schemaId} at byte ${at}`);
    }
  }
  return records;
}

function writeRecords(bodies) {
  const segment = Buffer.alloc(HEADER_SIZE + 5);
  segment[0] = HYBRID_ROW_V1;
  segment.writeInt32LE(SCHEMA.segment, 1);
  segment[HEADER_SIZE] = 0x01; // the length column is present
  segment.writeInt32LE(segment.length, HEADER_SIZE + 1);
  const parts = [segment];
  for (const body of bodies) {
    const header = Buffer.alloc(HEADER_SIZE + 8);
    header[0] = HYBRID_ROW_V1;
    header.writeInt32LE(SCHEMA.record, 1);
    header.writeInt32LE(body.length, HEADER_SIZE);
    header.writeUInt32LE(crc32(body), HEADER_SIZE + 4);
    parts.push(header, body);
  }
  return Buffer.concat(parts);
}

// --- the batch API ------------------------------------------------------------------------------------------------

/**
 * A batch request body → its operations, in order: { operationType, resourceType, partitionKey, id,
 * resourceBody (Buffer), ifMatch, ifNoneMatch, indexingDirective, timeToLiveInSeconds, minimalReturnPreference, ... }.
 */
function decodeRequest(body) {
  return readRecords(body).map((record, i) => {
    try {
      return decodeRow(record, OPERATION);
    } catch (err) {
      if (err instanceof BatchFormatError) err.message = `operation ${i}: ${err.message}`;
      throw err;
    }
  });
}

/** Results { statusCode, subStatusCode, eTag, resourceBody (Buffer), requestCharge, retryAfterMilliseconds } → a response body. */
function encodeResponse(results) {
  return writeRecords(results.map(r => encodeRow(r, RESULT)));
}

/** The inverse pair, for tests and tools: operations → request body, response body → results. */
function encodeRequest(operations) {
  return writeRecords(operations.map(o => encodeRow(o, OPERATION)));
}

function decodeResponse(body) {
  return readRecords(body).map(record => decodeRow(record, RESULT));
}

module.exports = { decodeRequest, encodeResponse, encodeRequest, decodeResponse, BatchFormatError, OPERATION_TYPE, crc32 };
