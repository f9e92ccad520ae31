// The effective partition key (EPK) of a partition key value, computed the way the service and the SDKs do for
// hash partitioning version 2 (the only version the stand-in places documents with): each component written in the
// hashing encoding (a type byte, then the value: UTF-8 bytes and 0xFF for a string, the little-endian IEEE double for a
// number), MurmurHash3 x64 128-bit with seed 0 over those bytes, the 16 bytes in big-endian order (high half first)
// with the two top bits cleared, as 32 upper-case hex digits. EPKs compare as strings; a range is [min, max) with
// "" the lowest and "FF" above every EPK.
"use strict";

const MASK64 = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

const TYPE = { undefined: 0x00, null: 0x01, false: 0x02, true: 0x03, number: 0x05, string: 0x08 };

const rotl = (x, r) => ((x << BigInt(r)) | (x >> BigInt(64 - r))) & MASK64;
const mul = (a, b) => (a * b) & MASK64;

function fmix(k) {
  let x = k;
  x ^= x >> 33n;
  x = mul(x, 0xff51afd7ed558ccdn);
  x ^= x >> 33n;
  x = mul(x, 0xc4ceb9fe1a85ec53n);
  x ^= x >> 33n;
  return x;
}

// Little-endian 64-bit word of up to 8 bytes starting at `at`.
function word(bytes, at, length = 8) {
  let w = 0n;
  for (let i = length - 1; i >= 0; i -= 1) w = (w << 8n) | BigInt(bytes[at + i]);
  return w;
}

const mixK1 = k => mul(rotl(mul(k, C1), 31), C2);
const mixK2 = k => mul(rotl(mul(k, C2), 33), C1);

// MurmurHash3_x64_128 (Austin Appleby's public-domain algorithm), seed 0: returns [h1, h2].
function murmur3x64(bytes) {
  const blocks = Math.floor(bytes.length / 16);
  let h1 = 0n;
  let h2 = 0n;
  for (let i = 0; i < blocks; i += 1) {
    h1 ^= mixK1(word(bytes, i * 16));
    h1 = (mul(rotl(h1, 27) + h2 & MASK64, 5n) + 0x52dce729n) & MASK64;
    h2 ^= mixK2(word(bytes, i * 16 + 8));
    h2 = (mul(rotl(h2, 31) + h1 & MASK64, 5n) + 0x38495ab5n) & MASK64;
  }
  const tail = blocks * 16;
  const rest = bytes.length - tail;
  if (rest > 8) h2 ^= mixK2(word(bytes, tail + 8, rest - 8));
  if (rest > 0) h1 ^= mixK1(word(bytes, tail, Math.min(rest, 8)));
  const length = BigInt(bytes.length);
  h1 ^= length;
  h2 ^= length;
  h1 = (h1 + h2) & MASK64;
  h2 = (h2 + h1) & MASK64;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) & MASK64;
  h2 = (h2 + h1) & MASK64;
  return [h1, h2];
}

function encodeComponent(value) {
  if (value === undefined) return Buffer.of(TYPE.undefined);
  if (value === null) return Buffer.of(TYPE.null);
  if (value === true) return Buffer.of(TYPE.true);
  if (value === false) return Buffer.of(TYPE.false);
  if (typeof value === "number") {
    const b = Buffer.alloc(9);
    b[0] = TYPE.number;
    b.writeDoubleLE(value, 1);
    return b;
  }
  if (typeof value === "string") return Buffer.concat([Buffer.of(TYPE.string), Buffer.from(value, "utf8"), Buffer.of(0xff)]);
  throw new Error(`a partition key value must be a string, number, boolean or null, not ${JSON.stringify(value)}`);
}

const hex = w => w.toString(16).toUpperCase().padStart(16, "0");

// EPK of one partition key (an array of component values; a single-path key is a one-element array).
function effectivePartitionKey(components) {
  const [h1, h2] = murmur3x64(Buffer.concat(components.map(encodeComponent)));
  const high = h2 & ~(0xc0n << 56n); // the top two bits cleared: every EPK sorts below "FF"
  return hex(high) + hex(h1);
}

// --- range arithmetic: EPKs as 128-bit numbers ("" = 0, "FF" = 2^126, the exclusive top) -----------------------
const TOP = 1n << 126n;
const MIN = "";
const MAX = "FF";

const toNumber = epk => (epk === MIN ? 0n : epk === MAX ? TOP : BigInt(`0x${epk.padEnd(32, "0")}`));
const fromNumber = n => (n === 0n ? MIN : n >= TOP ? MAX : n.toString(16).toUpperCase().padStart(32, "0"));

// Boundaries of `count` equal ranges covering the whole space: count + 1 strings from "" to "FF".
function boundaries(count) {
  return Array.from({ length: count + 1 }, (_, i) => fromNumber((TOP * BigInt(i)) / BigInt(count)));
}

const midpoint = (min, max) => fromNumber((toNumber(min) + toNumber(max)) / 2n);

module.exports = { effectivePartitionKey, murmur3x64, boundaries, midpoint, MIN, MAX };
