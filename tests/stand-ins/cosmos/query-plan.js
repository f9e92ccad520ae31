// The gateway's query plan (`POST .../docs` with `x-ms-cosmos-is-query-plan-request: True`): what the SDK asks before
// a cross-partition query on Linux, where it does not load its native query-plan library (that library spends several
// seconds of CPU in a calibration loop each time a process loads it). The answer is a PartitionedQueryExecutionInfo:
// the whole key space as the query's ranges (the SDK then asks every range; the service narrows the ranges when the
// filter pins the partition key, which changes which ranges are asked, not the result), TOP, and for ORDER BY on a
// `SELECT *` the rewritten query the SDK merges ranges with (`orderByItems`, `payload`, the continuation filter
// placeholder). Anything else the plan would have to describe (aggregates, ORDER BY with a projection or on an
// expression that is not a property path, JOIN) is refused with 400: the stand-in never answers a plan that would
// make the SDK return a different result than the service.
"use strict";

const PLACEHOLDER = "{documentdb-formattableorderbyquery-filter}";
const AGGREGATES = new Set(["COUNT", "SUM", "MIN", "MAX", "AVG"]);
const WHOLE_SPACE = [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }];

function isPlanRequest(req) {
  return req.method === "POST" && String(req.headers["x-ms-cosmos-is-query-plan-request"] || "").toLowerCase() === "true";
}

function send(res, status, body) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.setHeader("x-ms-request-charge", "0");
  res.end(JSON.stringify(body));
}

function refuse(res, message) {
  send(res, 400, { code: "BadRequest", message: `Message: ${JSON.stringify({ Errors: [`stand-in: ${message}`] })}` });
}

// Text of a property path (c.a.b, c["a"]) in the query's own notation; null for anything else.
function pathText(node) {
  if (node.type === "identifier") return node.name;
  if (node.type !== "scalar_member_expression") return null;
  const object = pathText(node.object);
  if (object === null) return null;
  if (!node.computed && node.property.type === "identifier") return `${object}.${node.property.name}`;
  if (node.computed && node.property.type === "string_constant") return `${object}[${JSON.stringify(node.property.value)}]`;
  return null;
}

function containsAggregate(node) {
  if (node === null || typeof node !== "object") return false;
  if (node.type === "scalar_function_expression" && !node.udf && AGGREGATES.has(String(node.name && node.name.name).toUpperCase())) return true;
  return Object.values(node).some(containsAggregate);
}

function topOf(body, parameters) {
  if (!body.top) return null;
  const value = body.top.value;
  if (value.type === "number_constant") return value.value;
  if (value.type === "parameter_name") {
    const parameter = (parameters || []).find(p => p.name === value.name);
    return parameter ? parameter.value : null;
  }
  return null;
}

// The plan of `query`, or a string saying why the stand-in cannot make one.
function plan(parse, query, parameters) {
  let ast;
  try {
    ast = parse(query).ast;
  } catch (err) {
    return `syntax error: ${err.message}`;
  }
  const body = ast.body;
  if (containsAggregate(body.select)) return "query plans for aggregates (COUNT, SUM, MIN, MAX, AVG) are not implemented";
  if (body.from && body.from.joins && body.from.joins.length) return "query plans for JOIN are not implemented";
  const top = topOf(body, parameters);
  if (body.top && top === null) return "TOP must be a number or a parameter";
  const queryInfo = {
    distinctType: "None", top, offset: null, limit: null, orderBy: [], orderByExpressions: [], groupByExpressions: [],
    groupByAliases: [], aggregates: [], groupByAliasToAggregateType: {}, rewrittenQuery: "",
    hasSelectValue: Boolean(body.select && body.select.value), dCountInfo: null, hasNonStreamingOrderBy: false,
  };
  if (body.orderBy) {
    if (!body.select["*"]) return "query plans for ORDER BY are implemented for SELECT * only";
    const alias = body.from.source.alias ? body.from.source.alias.name : pathText(body.from.source.expression.expression);
    if (!alias) return "query plans for ORDER BY need FROM over the container";
    const expressions = body.orderBy.expressions.map(e => pathText(e.expression));
    if (expressions.some(e => e === null)) return "query plans for ORDER BY are implemented on property paths only";
    queryInfo.orderBy = body.orderBy.expressions.map(e => (String(e.order || "ASC").toUpperCase() === "DESC" ? "Descending" : "Ascending"));
    queryInfo.orderByExpressions = expressions;
    const where = /\bWHERE\b([\s\S]*)\bORDER\s+BY\b/i.exec(query);
    const orderBy = /\bORDER\s+BY\b[\s\S]*$/i.exec(query)[0];
    const from = /\bFROM\b[\s\S]*?(?=\bWHERE\b|\bORDER\s+BY\b)/i.exec(query)[0].trim();
    const items = expressions.map(e => `{"item": ${e}}`).join(", ");
    queryInfo.rewrittenQuery = `SELECT ${top === null ? "" : `TOP ${top} `}${alias}._rid, [${items}] AS orderByItems, ${alias} AS payload\n${from}\n`
      + `WHERE ${where ? `((${where[1].trim()}) AND ${PLACEHOLDER})` : `(${PLACEHOLDER})`}\n${orderBy}`;
  }
  return { partitionedQueryExecutionInfoVersion: 2, queryInfo, queryRanges: WHOLE_SPACE };
}

/** Answers query plan requests; returns false for anything else. `parse` is the package's query parser. */
function handle(parse, account, req, res) {
  if (!isPlanRequest(req)) return false;
  const m = /^\/dbs\/([^/]+)\/colls\/([^/]+)\/docs\/?$/.exec(new URL(req.url, "https://x").pathname);
  if (!m) return false;
  const chunks = [];
  req.on("data", chunk => chunks.push(chunk));
  req.on("end", () => {
    try {
      if (!account.database(decodeURIComponent(m[1])).collection(decodeURIComponent(m[2])).read()) {
        send(res, 404, { code: "NotFound", message: "Resource Not Found" });
        return;
      }
      const spec = JSON.parse(Buffer.concat(chunks).toString() || "{}");
      if (typeof spec.query !== "string") return refuse(res, "missing query");
      const result = plan(parse, spec.query, spec.parameters);
      if (typeof result === "string") return refuse(res, result);
      send(res, 200, result);
    } catch (err) {
      process.stderr.write(`query plan failed inside the stand-in: ${err.stack}\n`);
      if (!res.headersSent) send(res, 500, { code: "InternalServerError", message: `stand-in error: ${err.message}` });
    }
  });
  return true;
}

module.exports = { handle, plan, PLACEHOLDER };
