/*
 * Generates inputs for the benchmarks. `gen_bench BYTES [vars]` writes a
 * serverless.yml of about BYTES to stdout: a provider, anchors, merge keys,
 * CloudFormation tags, flow collections, quoted non-ASCII text, and one
 * block per function with websocket events; with `vars`, every function
 * also reads variables (self: paths, nested ones, opt: with fallbacks,
 * sls:stage, param:).
 * `gen_bench service DIR FUNCS FILES` writes a whole service into DIR (the
 * source analysis benchmark): serverless.yml with FUNCS functions, each with
 * a websocket route or another event, whose handlers live in FILES files
 * under src/ (function i uses file i % FILES), package.json, and the handler
 * files: CommonJS with aws-sdk v2 or with @aws-sdk v3, ESM (.mjs), TypeScript
 * and Python with boto3, in turn. Each file imports the SDK, exports the
 * handlers its functions name (a file of one function's own: up to 3 more),
 * posts to connections and catches GoneException, with helpers and a field
 * table of varying length: 70 to 260 lines a file for 100 functions in 100
 * or in 10 files.
 * `gen_bench monorepo DIR SERVICES` writes a monorepo (the parallel check
 * benchmark): DIR/teamT/svcNNNNN/ for each service, 100 services a team,
 * each a serverless.yml of 4 or 5 functions (websocket connect and
 * disconnect, an http API route, a queue consumer) whose handlers live in one small CommonJS
 * file of its own (src/handler.js, aws-sdk v3); every 5th service adds a
 * scheduled Python function (src/jobs.py, boto3).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { K_CJS_V2, K_CJS_V3, K_ESM, K_TS, K_PY, NKINDS };
static const char *const kind_ext[NKINDS] = { "js", "js", "mjs", "ts", "py" };
static const char *const groups[] = { "ws", "rooms", "notify", "admin" };

#define NBASE 12
static const char *const js_names[NBASE] = {
    "connect", "disconnect", "sendMessage", "broadcast", "typing", "joinRoom",
    "leaveRoom", "history", "ping", "presence", "notify", "cleanup" };
static const char *const py_names[NBASE] = {
    "connect", "disconnect", "send_message", "broadcast", "typing", "join_room",
    "leave_room", "history", "ping", "presence", "notify", "cleanup" };
/* what a handler of that name does: S store the connection, D delete it,
   E answer the caller (inline post), M fan out to a room */
static const char roles[NBASE + 1] = "SDMMEMDMEEMD";

typedef struct {
    FILE *o;
    int kind;
    int cmd;            /* v3: PostToConnectionCommand rather than .postToConnection */
} gen;

static int mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int r = mkdir(path, 0777);
        *p = '/';
        if (r != 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

static FILE *create(const char *dir, const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    if (mkdirs(path) != 0)
        return NULL;
    return fopen(path, "w");
}

static void file_rel(char *buf, size_t n, int f, int with_ext)
{
    const char *g = groups[f % 4];
    if (with_ext)
        snprintf(buf, n, "src/%s/%s%02d.%s", g, g, f, kind_ext[f % NKINDS]);
    else
        snprintf(buf, n, "src/%s/%s%02d", g, g, f);
}

/* ---- JavaScript and TypeScript ---------------------------------------- */

static const char *js_post(const gen *g)
{
    if (g->kind == K_CJS_V2)
        return "await api.postToConnection({ ConnectionId: id, Data: JSON.stringify(payload) }).promise();";
    if (g->cmd)
        return "await api.send(new PostToConnectionCommand({ ConnectionId: id, Data: JSON.stringify(payload) }));";
    return "await api.postToConnection({ ConnectionId: id, Data: JSON.stringify(payload) });";
}

static const char *js_gone(const gen *g)
{
    return g->kind == K_CJS_V2 ? "err.code === 'GoneException' || err.statusCode === 410"
                               : "err instanceof GoneException || err.name === 'GoneException'";
}

static void js_store(const gen *g, int indent, const char *verb, const char *what)
{
    if (g->kind == K_CJS_V2)
        fprintf(g->o, "%*sawait dynamo.%s({ TableName: TABLE, %s }).promise();\n", indent, "", verb, what);
    else
        fprintf(g->o, "%*sawait doc.send(new %sCommand({ TableName: TABLE, %s }));\n", indent, "",
                verb[0] == 'p' ? "Put" : "Delete", what);
}

static void js_header(const gen *g, int f)
{
    FILE *o = g->o;
    int ts = g->kind == K_TS, esm = g->kind == K_ESM || ts;
    if (!esm)
        fputs("'use strict';\n\n", o);
    fprintf(o, "/**\n * %s handlers (file %d) of the chat service: websocket routes and the\n"
               " * jobs that push to connected clients.\n */\n", groups[f % 4], f);
    const char *mgmt = g->cmd ? "ApiGatewayManagementApiClient, PostToConnectionCommand, GoneException"
                              : "ApiGatewayManagementApi, GoneException";
    if (g->kind == K_CJS_V2) {
        fputs("const AWS = require('aws-sdk');\nconst { randomUUID } = require('crypto');\n\n"
              "const dynamo = new AWS.DynamoDB.DocumentClient();\n", o);
    } else if (!esm) {
        fprintf(o, "const { %s } = require('@aws-sdk/client-apigatewaymanagementapi');\n"
                   "const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');\n"
                   "const { DynamoDBDocumentClient, PutCommand, DeleteCommand, QueryCommand } = "
                   "require('@aws-sdk/lib-dynamodb');\nconst { randomUUID } = require('crypto');\n\n"
                   "const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n", mgmt);
    } else {
        fprintf(o, "import { %s } from '@aws-sdk/client-apigatewaymanagementapi';\n"
                   "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\n"
                   "import { DynamoDBDocumentClient, PutCommand, DeleteCommand, QueryCommand } "
                   "from '@aws-sdk/lib-dynamodb';\nimport { randomUUID } from 'node:crypto';\n", mgmt);
        if (ts)
            fputs("import type { APIGatewayProxyWebsocketEventV2, APIGatewayProxyResultV2, Context } "
                  "from 'aws-lambda';\n\ntype WsEvent = APIGatewayProxyWebsocketEventV2;\n"
                  "type Result = APIGatewayProxyResultV2;\n"
                  "interface Member { connectionId: string; userId?: string }\n"
                  "interface FieldSpec { type: 'string' | 'number' | 'boolean'; max?: number; required?: boolean }\n", o);
        fputs("\nconst doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n", o);
    }
    fprintf(o, "const TABLE = process.env.CONNECTIONS_TABLE%s;\n"
               "const LEVELS = ['debug', 'info', 'warn', 'error'];\n"
               "const LOG_LEVEL = LEVELS.indexOf(process.env.LOG_LEVEL || 'info');\n\n",
            ts ? " as string" : "");
    fprintf(o, "function log(level%s, msg%s, extra%s)%s {\n"
               "  if (LEVELS.indexOf(level) < LOG_LEVEL) return;\n"
               "  console.log(JSON.stringify({ level, msg, ...extra, requestId: randomUUID() }));\n}\n\n",
            ts ? ": string" : "", ts ? ": string" : "", ts ? ": Record<string, unknown> = {}" : " = {}",
            ts ? ": void" : "");
    fprintf(o, "function parseBody(event%s)%s {\n  try {\n    return JSON.parse(event.body || '{}');\n"
               "  } catch (err) {\n    log('warn', 'body is not JSON', { error: String(err) });\n"
               "    return null;\n  }\n}\n\n", ts ? ": WsEvent" : "", ts ? ": any" : "");
    fprintf(o, "function managementApi(event%s) {\n  const { domainName, stage } = event.requestContext;\n"
               "  return new %s({ endpoint: `https://${domainName}/${stage}` });\n}\n\n",
            ts ? ": WsEvent" : "",
            g->kind == K_CJS_V2 ? "AWS.ApiGatewayManagementApi"
                                : g->cmd ? "ApiGatewayManagementApiClient" : "ApiGatewayManagementApi");
    fprintf(o, "async function post(api%s, id%s, payload%s)%s {\n  try {\n    %s\n    return true;\n"
               "  } catch (err%s) {\n    if (%s) {\n      log('info', 'stale connection', { id });\n",
            ts ? ": any" : "", ts ? ": string" : "", ts ? ": unknown" : "", ts ? ": Promise<boolean>" : "",
            js_post(g), ts ? ": any" : "", js_gone(g));
    js_store(g, 6, "delete", "Key: { connectionId: id }");
    fputs("      return false;\n    }\n    throw err;\n  }\n}\n\n", o);
    fprintf(o, "async function roomMembers(room%s)%s {\n", ts ? ": string" : "", ts ? ": Promise<Member[]>" : "");
    if (g->kind == K_CJS_V2)
        fputs("  const res = await dynamo.query({\n", o);
    else
        fputs("  const res = await doc.send(new QueryCommand({\n", o);
    fprintf(o, "    TableName: TABLE,\n    IndexName: 'room',\n    KeyConditionExpression: '#r = :r',\n"
               "    ExpressionAttributeNames: { '#r': 'room' },\n    ExpressionAttributeValues: { ':r': room },\n"
               "  })%s;\n  return (res.Items || [])%s;\n}\n\n",
            g->kind == K_CJS_V2 ? ".promise()" : ")", ts ? " as Member[]" : "");
}

static void js_helpers(const gen *g, int n, int nfields)
{
    FILE *o = g->o;
    int ts = g->kind == K_TS;
    static const char *const helpers[] = {
        "function clamp(n%s, lo%s, hi%s) {\n  return Math.min(hi, Math.max(lo, n));\n}\n\n",
        "function pick(obj%s, keys%s) {\n  const out = {};\n  for (const k of keys) {\n"
        "    if (Object.prototype.hasOwnProperty.call(obj, k)) out[k] = obj[k];\n  }\n  return out;\n}\n\n",
        "function sanitize(text%s, max%s) {\n  return String(text)\n    .replace(/[\\u0000-\\u001f]/g, '')\n"
        "    .replace(/<[^>]*>/g, '')\n    .slice(0, max);\n}\n\n",
        "function retryAfter(attempt%s, base%s, cap%s) {\n  const jitter = Math.random() * base;\n"
        "  return Math.min(cap, base * 2 ** attempt + jitter);\n}\n\n",
        "function chunk(items%s, size%s) {\n  const out = [];\n  for (let i = 0; i < items.length; i += size) {\n"
        "    out.push(items.slice(i, i + size));\n  }\n  return out;\n}\n\n",
        "function validate(body%s, fields%s) {\n  const errors = [];\n"
        "  for (const [name, spec] of Object.entries(fields)) {\n    const v = body[name];\n"
        "    if (v === undefined) {\n      if (spec.required) errors.push(`${name} is required`);\n      continue;\n    }\n"
        "    if (typeof v !== spec.type) errors.push(`${name} must be a ${spec.type}`);\n"
        "    else if (spec.max && String(v).length > spec.max) errors.push(`${name} is too long`);\n"
        "  }\n  return errors;\n}\n\n",
    };
    const char *t = ts ? ": any" : "";
    for (int i = 0; i < n && i < 6; i++)
        fprintf(o, helpers[i], t, t, t);
    fprintf(o, "const FIELDS%s = {\n", ts ? ": Record<string, FieldSpec>" : "");
    for (int i = 0; i < nfields; i++)
        fprintf(o, "  field%d: { type: '%s', max: %d, required: %s },\n", i,
                i % 3 == 0 ? "string" : i % 3 == 1 ? "number" : "boolean", 16 << (i % 5),
                i % 4 == 0 ? "true" : "false");
    fputs("};\n\n", o);
}

static void js_handler(const gen *g, const char *name, int base, int nth)
{
    FILE *o = g->o;
    int ts = g->kind == K_TS;
    char role = roles[base];
    const char *ev = ts ? ": WsEvent" : "", *ctx = ts ? ": Context" : "";
    if (g->kind == K_CJS_V2)
        fprintf(o, "exports.%s = async (event, context) => {\n", name);
    else if (g->kind == K_CJS_V3 || nth % 2)
        fprintf(o, "%sasync function %s(event%s, context%s)%s {\n", g->kind == K_CJS_V3 ? "" : "export ",
                name, ev, ctx, ts ? ": Promise<Result>" : "");
    else
        fprintf(o, "export const %s = async (event%s, context%s)%s => {\n", name, ev, ctx,
                ts ? ": Promise<Result>" : "");
    fprintf(o, "  const id = event.requestContext.connectionId;\n"
               "  log('debug', '%s', { id, route: event.requestContext.routeKey, left: context.getRemainingTimeInMillis() });\n",
            name);
    if (role == 'S') {
        fprintf(o, "  const user = %s.queryStringParameters?.user || 'anonymous';\n",
                ts ? "(event as any)" : "event");
        js_store(g, 2, "put", "Item: { connectionId: id, userId: user, connectedAt: Date.now() }");
        fputs("  return { statusCode: 200 };\n", o);
    } else if (role == 'D') {
        js_store(g, 2, "delete", "Key: { connectionId: id }");
        fputs("  log('info', 'connection removed', { id });\n  return { statusCode: 200 };\n", o);
    } else if (role == 'E') {
        fprintf(o, "  const api = managementApi(event);\n"
                   "  const payload = { type: '%s', at: Date.now() };\n  try {\n    %s\n"
                   "  } catch (err%s) {\n    if (%s) {\n      log('info', 'caller went away', { id });\n"
                   "      return { statusCode: 410 };\n    }\n    throw err;\n  }\n  return { statusCode: 200 };\n",
                name, js_post(g), ts ? ": any" : "", js_gone(g));
    } else {
        fprintf(o, "  const body = parseBody(event);\n  if (!body || typeof body.room !== 'string') {\n"
                   "    log('warn', '%s: bad request', { id });\n"
                   "    return { statusCode: 400, body: 'expected {\"room\": ...}' };\n  }\n"
                   "  const api = managementApi(event);\n  const members = await roomMembers(body.room);\n"
                   "  const payload = { type: '%s', from: id, room: body.room, at: Date.now(), data: body.data ?? null };\n"
                   "  const sent = await Promise.allSettled(members.map((m%s) => post(api, m.connectionId, payload)));\n"
                   "  const failed = sent.filter((r) => r.status === 'rejected').length;\n"
                   "  if (failed > 0) {\n    log('error', '%s: some posts failed', { failed, total: members.length });\n  }\n"
                   "  return { statusCode: 200, body: JSON.stringify({ delivered: members.length - failed }) };\n",
                name, name, ts ? ": Member" : "", name);
    }
    fputs(g->kind == K_CJS_V2 || (g->kind != K_CJS_V3 && nth % 2 == 0) ? "};\n\n" : "}\n\n", o);
}

/* ---- Python ------------------------------------------------------------ */

static void py_header(const gen *g, int f, int nhelpers, int nfields)
{
    FILE *o = g->o;
    fprintf(o, "\"\"\"%s handlers (file %d) of the chat service: websocket routes and the\n"
               "jobs that push to connected clients.\"\"\"\n\n", groups[f % 4], f);
    fputs("import json\nimport logging\nimport os\nimport random\nimport time\n\nimport boto3\n"
          "from boto3.dynamodb.conditions import Key\nfrom botocore.exceptions import ClientError\n\n"
          "logger = logging.getLogger(__name__)\nlogger.setLevel(os.environ.get(\"LOG_LEVEL\", \"INFO\"))\n\n"
          "TABLE = boto3.resource(\"dynamodb\").Table(os.environ.get(\"CONNECTIONS_TABLE\", \"connections\"))\n\n\n"
          "def _client(event):\n    ctx = event[\"requestContext\"]\n    return boto3.client(\n"
          "        \"apigatewaymanagementapi\",\n        endpoint_url=f\"https://{ctx['domainName']}/{ctx['stage']}\",\n"
          "    )\n\n\n"
          "def _body(event):\n    try:\n        return json.loads(event.get(\"body\") or \"{}\")\n"
          "    except ValueError:\n        logger.warning(\"body is not JSON\")\n        return None\n\n\n"
          "def _post(client, connection_id, payload):\n    try:\n"
          "        client.post_to_connection(ConnectionId=connection_id, Data=json.dumps(payload).encode())\n"
          "        return True\n    except client.exceptions.GoneException:\n"
          "        logger.info(\"stale connection %s\", connection_id)\n"
          "        TABLE.delete_item(Key={\"connectionId\": connection_id})\n        return False\n\n\n"
          "def _members(room):\n    res = TABLE.query(IndexName=\"room\", KeyConditionExpression=Key(\"room\").eq(room))\n"
          "    return res.get(\"Items\", [])\n\n\n", o);
    static const char *const helpers[] = {
        "def clamp(n, lo, hi):\n    return min(hi, max(lo, n))\n\n\n",
        "def pick(obj, keys):\n    return {k: obj[k] for k in keys if k in obj}\n\n\n",
        "def sanitize(text, limit):\n    text = \"\".join(c for c in str(text) if c >= \" \")\n"
        "    return text.replace(\"<\", \"\").replace(\">\", \"\")[:limit]\n\n\n",
        "def retry_after(attempt, base, cap):\n    return min(cap, base * 2 ** attempt + random.random() * base)\n\n\n",
        "def chunk(items, size):\n    return [items[i:i + size] for i in range(0, len(items), size)]\n\n\n",
        "def validate(body, fields):\n    errors = []\n    for name, spec in fields.items():\n"
        "        if name not in body:\n            if spec.get(\"required\"):\n"
        "                errors.append(f\"{name} is required\")\n            continue\n"
        "        if len(str(body[name])) > spec.get(\"max\", 1 << 20):\n"
        "            errors.append(f\"{name} is too long\")\n    return errors\n\n\n",
    };
    for (int i = 0; i < nhelpers && i < 6; i++)
        fputs(helpers[i], o);
    fputs("FIELDS = {\n", o);
    for (int i = 0; i < nfields; i++)
        fprintf(o, "    \"field%d\": {\"type\": \"%s\", \"max\": %d, \"required\": %s},\n", i,
                i % 3 == 0 ? "str" : i % 3 == 1 ? "int" : "bool", 16 << (i % 5), i % 4 == 0 ? "True" : "False");
    fputs("}\n\n\n", o);
}

static void py_handler(const gen *g, const char *name, int base)
{
    FILE *o = g->o;
    char role = roles[base];
    fprintf(o, "def %s(event, context):\n    connection_id = event[\"requestContext\"][\"connectionId\"]\n"
               "    logger.debug(\"%s %%s (%%d ms left)\", connection_id, context.get_remaining_time_in_millis())\n",
            name, name);
    if (role == 'S')
        fputs("    user = (event.get(\"queryStringParameters\") or {}).get(\"user\", \"anonymous\")\n"
              "    TABLE.put_item(Item={\"connectionId\": connection_id, \"userId\": user, \"connectedAt\": int(time.time())})\n"
              "    return {\"statusCode\": 200}\n\n\n", o);
    else if (role == 'D')
        fputs("    try:\n        TABLE.delete_item(Key={\"connectionId\": connection_id})\n"
              "    except ClientError as err:\n        logger.error(\"delete failed: %s\", err)\n"
              "        return {\"statusCode\": 500}\n    return {\"statusCode\": 200}\n\n\n", o);
    else if (role == 'E')
        fprintf(o, "    client = _client(event)\n    try:\n        client.post_to_connection(\n"
                   "            ConnectionId=connection_id,\n"
                   "            Data=json.dumps({\"type\": \"%s\", \"at\": time.time()}).encode(),\n        )\n"
                   "    except client.exceptions.GoneException:\n        logger.info(\"caller went away\")\n"
                   "        return {\"statusCode\": 410}\n    return {\"statusCode\": 200}\n\n\n", name);
    else
        fprintf(o, "    body = _body(event)\n    if not body or not isinstance(body.get(\"room\"), str):\n"
                   "        return {\"statusCode\": 400, \"body\": 'expected {\"room\": ...}'}\n"
                   "    client = _client(event)\n    members = _members(body[\"room\"])\n"
                   "    payload = {\"type\": \"%s\", \"from\": connection_id, \"room\": body[\"room\"], \"data\": body.get(\"data\")}\n"
                   "    sent = sum(1 for m in members if _post(client, m[\"connectionId\"], payload))\n"
                   "    if sent < len(members):\n"
                   "        logger.warning(\"%s: %%d of %%d posts failed\", len(members) - sent, len(members))\n"
                   "    return {\"statusCode\": 200, \"body\": json.dumps({\"delivered\": sent})}\n\n\n",
                name, name);
}

/* ---- the service ------------------------------------------------------- */

/* The export name of function i in its file: a base name and i. */
static void export_name(char *buf, size_t n, int i, int py)
{
    snprintf(buf, n, "%s%s%d", (py ? py_names : js_names)[i % NBASE], py ? "_" : "", i);
}

static int write_file(const char *dir, int f, int funcs, int files)
{
    char rel[256], name[64];
    file_rel(rel, sizeof rel, f, 1);
    gen g = { create(dir, rel), f % NKINDS, f % 3 != 1 };
    if (!g.o)
        return -1;
    int py = g.kind == K_PY, own = files >= funcs;
    int nhelpers = f % 7, nfields = (f * 37) % (own ? 113 : 21);
    int extra = own ? f % 4 : 0;
    if (py)
        py_header(&g, f, nhelpers, nfields);
    else {
        js_header(&g, f);
        js_helpers(&g, nhelpers, nfields);
    }
    int nth = 0;
    char *list = calloc((size_t)(funcs / files + 5), sizeof name + 2);
    if (!list)
        return -1;
    for (int i = f; i < funcs; i += files) {
        export_name(name, sizeof name, i, py);
        if (py)
            py_handler(&g, name, i % NBASE);
        else
            js_handler(&g, name, i % NBASE, nth);
        nth++;
        strcat(strcat(list, list[0] ? ", " : ""), name);
    }
    for (int e = 1; e <= extra; e++) {
        int b = (f + 5 * e) % NBASE;
        snprintf(name, sizeof name, "%s", (py ? py_names : js_names)[b]);
        if (py)
            py_handler(&g, name, b);
        else
            js_handler(&g, name, b, nth);
        nth++;
        strcat(strcat(list, ", "), name);
    }
    if (g.kind == K_CJS_V3)
        fprintf(g.o, "module.exports = { %s };\n", list);
    free(list);
    return fclose(g.o);
}

static int write_service(const char *dir, int funcs, int files)
{
    FILE *o = create(dir, "package.json");
    if (!o)
        return -1;
    fputs("{\n  \"name\": \"chat-bench\",\n  \"version\": \"1.4.2\",\n  \"private\": true,\n"
          "  \"scripts\": { \"deploy\": \"serverless deploy\", \"test\": \"jest\" },\n"
          "  \"dependencies\": {\n    \"@aws-sdk/client-apigatewaymanagementapi\": \"^3.600.0\",\n"
          "    \"@aws-sdk/client-dynamodb\": \"^3.600.0\",\n    \"@aws-sdk/lib-dynamodb\": \"^3.600.0\",\n"
          "    \"aws-sdk\": \"^2.1600.0\"\n  },\n  \"devDependencies\": {\n"
          "    \"@types/aws-lambda\": \"^8.10.140\",\n    \"jest\": \"^29.7.0\",\n"
          "    \"serverless\": \"^4.4.0\",\n    \"typescript\": \"^5.5.0\"\n  }\n}\n", o);
    if (fclose(o) != 0 || !(o = create(dir, "serverless.yml")))
        return -1;
    fputs("service: chat-bench\nframeworkVersion: '4'\nconfigValidationMode: error\n\n"
          "provider:\n  name: aws\n  runtime: nodejs22.x\n  stage: ${opt:stage, 'dev'}\n"
          "  websocketsApiRouteSelectionExpression: $request.body.action\n"
          "  environment:\n    CONNECTIONS_TABLE: !Ref ConnectionsTable\n    LOG_LEVEL: info\n\n"
          "functions:\n", o);
    static const char *const other[] = {
        "      - sqs:\n          arn: !GetAtt [Outbox, Arn]\n          batchSize: 10\n",
        "      - schedule: rate(5 minutes)\n",
        "      - stream:\n          type: dynamodb\n          arn: !GetAtt [ConnectionsTable, StreamArn]\n",
        "      - httpApi:\n          method: GET\n          path: /rooms/%d\n",
    };
    for (int i = 0; i < funcs; i++) {
        char rel[256], name[64];
        int f = i % files, py = f % NKINDS == K_PY;
        file_rel(rel, sizeof rel, f, 0);
        export_name(name, sizeof name, i, py);
        fprintf(o, "  %s%d:\n    handler: %s.%s\n", js_names[i % NBASE], i, rel, name);
        if (py)
            fputs("    runtime: python3.12\n", o);
        fputs("    events:\n", o);
        if (i == 0 || i == 1 || i == 2)
            fprintf(o, "      - websocket: %s\n", i == 0 ? "$connect" : i == 1 ? "$disconnect" : "$default");
        else if (i % 4 == 3)
            fprintf(o, other[(i / 4) % 4], i);
        else
            fprintf(o, "      - websocket:\n          route: %s%d\n", js_names[i % NBASE], i);
    }
    fputs("\nresources:\n  Resources:\n    ConnectionsTable:\n      Type: AWS::DynamoDB::Table\n"
          "      Properties:\n        BillingMode: PAY_PER_REQUEST\n"
          "        AttributeDefinitions:\n          - { AttributeName: connectionId, AttributeType: S }\n"
          "        KeySchema:\n          - { AttributeName: connectionId, KeyType: HASH }\n"
          "        StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }\n"
          "    Outbox:\n      Type: AWS::SQS::Queue\n", o);
    if (fclose(o) != 0)
        return -1;
    for (int f = 0; f < files; f++)
        if (write_file(dir, f, funcs, files) != 0)
            return -1;
    return 0;
}

/* ---- the monorepo ------------------------------------------------------ */

static int write_small_service(const char *dir, int s)
{
    char rel[256];
    int team = s / 100, py = s % 5 == 4;
    snprintf(rel, sizeof rel, "team%03d/svc%05d/serverless.yml", team, s);
    FILE *o = create(dir, rel);
    if (!o)
        return -1;
    fprintf(o, "service: svc%05d\nframeworkVersion: '4'\nconfigValidationMode: error\n\nprovider:\n  name: aws\n"
               "  runtime: nodejs22.x\n  stage: ${opt:stage, 'dev'}\n  region: eu-west-1\n"
               "  websocketsApiRouteSelectionExpression: $request.body.action\n"
               "  environment:\n    TABLE: svc%05d-${sls:stage}\n\nfunctions:\n"
               "  connect:\n    handler: src/handler.connect\n    events:\n"
               "      - websocket: $connect\n"
               "  disconnect:\n    handler: src/handler.disconnect\n    events:\n"
               "      - websocket: $disconnect\n"
               "  getItem:\n    handler: src/handler.getItem\n    memorySize: 256\n    events:\n"
               "      - httpApi:\n          method: GET\n          path: /items/{id}\n"
               "  consume:\n    handler: src/handler.consume\n    timeout: 30\n    events:\n"
               "      - sqs:\n          arn: !GetAtt [Queue, Arn]\n          batchSize: 10\n",
            s, s);
    if (py)
        fputs("  nightly:\n    handler: src/jobs.nightly\n    runtime: python3.12\n    events:\n"
              "      - schedule: cron(0 3 * * ? *)\n", o);
    fputs("\nresources:\n  Resources:\n    Queue:\n      Type: AWS::SQS::Queue\n"
          "      Properties:\n        VisibilityTimeout: 180\n", o);
    if (fclose(o) != 0)
        return -1;
    snprintf(rel, sizeof rel, "team%03d/svc%05d/src/handler.js", team, s);
    if (!(o = create(dir, rel)))
        return -1;
    fprintf(o, "'use strict';\n\n// svc%05d: connections, items and the queue consumer.\n"
               "const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');\n"
               "const { DynamoDBDocumentClient, DeleteCommand, GetCommand, PutCommand } = require('@aws-sdk/lib-dynamodb');\n\n"
               "const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n"
               "const TABLE = process.env.TABLE;\n\n"
               "exports.connect = async (event) => {\n"
               "  const id = event.requestContext.connectionId;\n"
               "  await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: `conn#${id}`, at: Date.now() } }));\n"
               "  return { statusCode: 200 };\n};\n\n"
               "exports.disconnect = async (event) => {\n"
               "  const id = event.requestContext.connectionId;\n"
               "  await doc.send(new DeleteCommand({ TableName: TABLE, Key: { pk: `conn#${id}` } }));\n"
               "  return { statusCode: 200 };\n};\n\n"
               "exports.getItem = async (event) => {\n"
               "  const res = await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: event.pathParameters.id } }));\n"
               "  if (!res.Item) return { statusCode: 404, body: 'not found' };\n"
               "  return { statusCode: 200, body: JSON.stringify(res.Item) };\n};\n\n"
               "exports.consume = async (event) => {\n"
               "  for (const record of event.Records) {\n"
               "    const item = JSON.parse(record.body);\n"
               "    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: `item#${item.id}`, ...item } }));\n"
               "  }\n};\n", s);
    if (fclose(o) != 0)
        return -1;
    if (!py)
        return 0;
    snprintf(rel, sizeof rel, "team%03d/svc%05d/src/jobs.py", team, s);
    if (!(o = create(dir, rel)))
        return -1;
    fputs("\"\"\"Nightly clean-up of stale connections.\"\"\"\n\nimport os\nimport time\n\nimport boto3\n\n"
          "TABLE = boto3.resource(\"dynamodb\").Table(os.environ[\"TABLE\"])\n\n\n"
          "def nightly(event, context):\n    cutoff = int(time.time() * 1000) - 86400000\n"
          "    res = TABLE.scan(ProjectionExpression=\"pk, #a\", ExpressionAttributeNames={\"#a\": \"at\"})\n"
          "    stale = [i for i in res.get(\"Items\", []) if i.get(\"at\", 0) < cutoff]\n"
          "    for item in stale:\n        TABLE.delete_item(Key={\"pk\": item[\"pk\"]})\n"
          "    return {\"deleted\": len(stale)}\n", o);
    return fclose(o);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "monorepo") == 0) {
        int n = argc > 3 ? atoi(argv[3]) : 0;
        if (n < 1 || n > 100000) {
            fputs("usage: gen_bench monorepo DIR SERVICES (1 <= SERVICES <= 100000)\n", stderr);
            return 2;
        }
        for (int s = 0; s < n; s++)
            if (write_small_service(argv[2], s) != 0) {
                perror(argv[2]);
                return 1;
            }
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "service") == 0) {
        int funcs = argc > 3 ? atoi(argv[3]) : 0, files = argc > 4 ? atoi(argv[4]) : 0;
        if (funcs < 1 || files < 1 || files > funcs || funcs > 1000) {
            fputs("usage: gen_bench service DIR FUNCS FILES (1 <= FILES <= FUNCS <= 1000)\n", stderr);
            return 2;
        }
        if (write_service(argv[2], funcs, files) != 0) {
            perror(argv[2]);
            return 1;
        }
        return 0;
    }
    long target = argc > 1 ? atol(argv[1]) : 5000000;
    int vars = argc > 2 && argv[2][0] == 'v';
    long n = printf("service: bench\nframeworkVersion: '4'\n"
                    "provider:\n  name: aws\n  runtime: nodejs22.x\n"
                    "  stage: ${opt:stage, 'dev'}\n"
                    "  websocketsApiRouteSelectionExpression: $request.body.action\n"
                    "custom:\n  defaults: &defaults\n    memorySize: 256\n    timeout: 10\n"
                    "  levels:\n    dev: INFO\n    prod: ERROR\n  table: chat-${sls:stage}\n"
                    "params:\n  default:\n    queue: q-default\n"
                    "functions:\n");
    for (long i = 0; n < target; i++) {
        n += printf("  fn%ld:\n"
                    "    <<: *defaults\n"
                    "    handler: src/fn%ld.handler\n"
                    "    description: \"function %ld \xc3\xa9\xe2\x82\xac chat relay\"\n"
                    "    environment:\n"
                    "      TABLE: !Ref Table%ld\n"
                    "      QUEUE_ARN: !GetAtt [Queue%ld, Arn]\n"
                    "      ENDPOINT: !Sub 'https://${WebsocketsApi}.execute-api.${AWS::Region}.amazonaws.com/${sls:stage}'\n"
                    "      JOINED: !Join ['', ['arn:aws:sqs:', !Ref AWS::Region, ':q%ld']]\n"
                    "    events:\n"
                    "      - websocket:\n"
                    "          route: action%ld\n"
                    "          routeResponseSelectionExpression: $default\n"
                    "      - sqs: {arn: 'arn:aws:sqs:us-east-1:123456789012:q%ld', batchSize: 10}\n"
                    "    tags: {team: chat, idx: %ld, enabled: true}\n",
                    i, i, i, i, i, i, i, i, i);
        if (vars)
            n += printf("    memorySize: ${self:custom.defaults.memorySize}\n"
                        "    name: \"${self:service}-fn%ld-at ${opt:stage, 'dev'} "
                        "(${self:custom.levels.${opt:stage, 'dev'}})\"\n"
                        "    reservedConcurrency: ${opt:concurrency, 5}\n"
                        "    layers: ['${self:custom.table}', '${param:queue}']\n",
                        i);
    }
    return 0;
}
