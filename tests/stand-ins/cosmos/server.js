#!/usr/bin/env node
// Test-only Cosmos DB stand-in: @vercel/cosmosdb-server (pinned in package.json) plus a real change feed and
// transactional batches.
// NOT an emulator. See README.md beside this file for what it does and does not implement.
"use strict";

const { execFileSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const auth = require("./auth");
const changeFeed = require("./change-feed");
const control = require("./control");
const partitionKeyRanges = require("./partition-key-ranges");
const documentLimits = require("./document-limits");
const faults = require("./faults");
const quota = require("./quota");
const batch = require("./batch");
const queryPlan = require("./query-plan");

const PKG = "@vercel/cosmosdb-server/lib";

function parseArgs(argv) {
  const args = { port: 0, host: "127.0.0.1", log: process.env.COSMOS_STANDIN_LOG === "1", exitOnStdinClose: false, ignoreInterrupt: false, key: auth.EMULATOR_KEY };
  for (let i = 0; i < argv.length; i += 1) {
    switch (argv[i]) {
      case "--port": args.port = parseInt(argv[++i], 10); break;
      case "--log": args.log = true; break;
      case "--exit-on-stdin-close": args.exitOnStdinClose = true; break;
      case "--ignore-interrupt": args.ignoreInterrupt = true; break;
      case "--key": args.key = argv[++i]; break;
      default: throw new Error(`unknown argument ${argv[i]} (known: --port N, --log, --exit-on-stdin-close, --ignore-interrupt, --key BASE64)`);
    }
  }
  return args;
}

// A throwaway self-signed certificate for 127.0.0.1, made fresh at every start (openssl), so no key is ever
// committed. Without openssl, falls back to the (expired, public) test certificate the npm package ships.
function certificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cosmos-stand-in-"));
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-nodes", "-days", "7", "-subj", "/CN=127.0.0.1 cosmos stand-in (test only)",
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert], { stdio: "pipe" });
    return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
  } catch (err) {
    process.stderr.write(`openssl unavailable (${err.message.split("\n")[0]}); using the package's test certificate\n`);
    const pkgRoot = path.dirname(require.resolve("@vercel/cosmosdb-server/package.json"));
    return { key: fs.readFileSync(path.join(pkgRoot, "key.pem")), cert: fs.readFileSync(path.join(pkgRoot, "cert.pem")) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));

  // Patches must be in place before the package's router module is loaded (it captures handlers at load).
  changeFeed.install(PKG);
  partitionKeyRanges.install(PKG);
  documentLimits.install(PKG); // after the change feed's patches: a refused write is never logged
  quota.install(PKG);
  batch.usePackage(PKG);
  let account;
  const accountModule = require(`${PKG}/account`);
  const PackageAccount = accountModule.default;
  accountModule.default = class extends PackageAccount {
    constructor(...a) { super(...a); account = this; }
  };
  const { createHttpsServer } = require(PKG);
  // The package's own SQL parser (its dependency), for the query plans of query-plan.js.
  const parseQuery = require(require.resolve("@zeit/cosmosdb-query", { paths: [path.dirname(require.resolve(`${PKG}/index`))] })).default;

  const tls = certificate();
  const server = createHttpsServer({ ...tls, keepAlive: true });
  server.keepAliveTimeout = 120_000; // longer than .NET's pooled-connection idle timeout: no reset races
  server.headersTimeout = 125_000;
  const [packageHandler] = server.listeners("request");
  server.removeAllListeners("request");
  server.on("request", (req, res) => {
    if (args.log) {
      const h = req.headers;
      const seen = `${new Date().toISOString().slice(11, 23)} ${req.method} ${req.url} ${JSON.stringify({
        "a-im": h["a-im"], "if-none-match": h["if-none-match"], "if-modified-since": h["if-modified-since"],
        pkrange: h["x-ms-documentdb-partitionkeyrangeid"], pk: h["x-ms-documentdb-partitionkey"],
        "start-epk": h["x-ms-start-epk"], "end-epk": h["x-ms-end-epk"], max: h["x-ms-max-item-count"],
        wire: h["x-ms-cosmos-changefeed-wire-format-version"], throughput: h["x-ms-offer-throughput"],
        autoscale: h["x-ms-cosmos-offer-autopilot-settings"],
      })}`;
      res.on("finish", () => process.stderr.write(
        `${seen} -> ${res.statusCode}${res.getHeader("x-ms-substatus") ? `/${res.getHeader("x-ms-substatus")}` : ""} etag=${res.getHeader("etag") ?? ""}\n`));
    }
    // The fault-injection endpoints (/_stand-in/...) are the tests' own, not the Cosmos DB API: no account key there.
    if (!req.url.startsWith("/_stand-in/") && auth.reject(req, res, args.key)) {
      if (args.log) process.stderr.write(`  refused 401: the signature is not the account key's\n`);
      return;
    }
    if (faults.handle(account, req, res) || control.handle(account, req, res) || queryPlan.handle(parseQuery, account, req, res)) return;
    if (!batch.handle(account, req, res) && !changeFeed.handle(account, req, res)) packageHandler(req, res);
  });
  server.listen(args.port, args.host, () => {
    const { port } = server.address();
    const fingerprint = new crypto.X509Certificate(tls.cert).fingerprint256.replace(/:/g, "");
    process.stdout.write(`COSMOS_STAND_IN_READY port=${port} endpoint=https://127.0.0.1:${port}/ sha256=${fingerprint}\n`);
  });

  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  // A terminal's Ctrl+C reaches its whole process group; the program that started the stand-in stops it in order.
  process.on("SIGINT", args.ignoreInterrupt ? () => {} : stop);
  if (args.exitOnStdinClose) {
    process.stdin.on("end", () => process.exit(0));
    process.stdin.on("error", () => process.exit(0));
    process.stdin.resume();
  }
}

main();
