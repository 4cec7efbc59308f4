/*
 * Unit tests for what handlers.c reads beyond export names: the span of the
 * function each export names (followed one level through identifiers), the
 * endpoints given to management API clients (SDK v2, v3, boto3), TypeScript
 * type-only imports, GoneException handling, and Python exports inside
 * module-level blocks and the forms that leave them open.
 */
#include "test.h"

#include "handlers_util.h"

/* The source text an export's value span covers, NULL for 0/0. */
static const char *value_of(const sw_srcfile *f, const char *name, int nth)
{
    for (uint32_t i = 0; i < f->nexports; i++) {
        const sw_export *e = &f->exports[i];
        if (strcmp(e->name, name) != 0 || nth-- > 0)
            continue;
        if (e->value_start == 0 && e->value_end == 0)
            return NULL;
        if (e->value_end <= e->value_start || e->value_end > f->src.len)
            return "(bad span)";
        return sw_strndup(&A, f->src.text + e->value_start, e->value_end - e->value_start);
    }
    return "(no such export)";
}

#define CHECK_VALUE(f, name, nth, want)                                       \
    do {                                                                      \
        const char *w_ = (want), *v_ = value_of((f), (name), (nth));          \
        if (w_)                                                               \
            CHECK_STR(v_, w_);                                                \
        else if (v_)                                                          \
            CHECK_STR(v_, "(0/0)");                                           \
    } while (0)

/* The texts the uses of one kind cover, in order, and no more of them. */
static void expect_kind(const sw_srcfile *f, sw_use_kind kind, const char *const *want, uint32_t n)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < f->nuses; i++) {
        if (f->uses[i].kind != kind)
            continue;
        const char *got = sw_strndup(&A, f->src.text + f->uses[i].start,
                                     f->uses[i].end - f->uses[i].start);
        if (k < n)
            CHECK_STR(got, want[k]);
        k++;
    }
    CHECK_INT(k, n);
}

TEST(handlers_js_value_spans_commonjs)
{
    setup();
    put("app.js", "async function connect(event) { return 1; }\n"
                  "const disconnect = async (event) => {};\n"
                  "var legacy = function (e) {};\n"
                  "let gen = function* () {};\n"
                  "const helper = 1;\n"
                  "function dup() { return 1; }\n"
                  "function dup() { return 2; }\n"
                  "function wrap() { function inner() {} }\n"
                  "exports.connect = connect;\n"
                  "exports.direct = async (event) => { await go(); };\n"
                  "module.exports.gen = function* (e) {};\n"
                  "exports['quoted'] = function quoted(e) {};\n"
                  "exports.helper = helper;\n"
                  "exports.unknown = notDefined;\n"
                  "exports.dup = dup;\n"
                  "exports.inner = inner;\n"
                  "module.exports = { connect, disconnect, other: legacy, g: gen,\n"
                  "  inline: (e) => e, async method(e) { return e; }, n: 1 };\n");
    const sw_srcfile *f = sw_handlers_file(&H, "app.js");
    CHECK(f && f->parsed && !f->has_error && !f->exports_open);
    NEED(f);
    CHECK_INT(f->nexports, 15);
    CHECK_VALUE(f, "connect", 0, "async function connect(event) { return 1; }");
    CHECK_VALUE(f, "direct", 0, "async (event) => { await go(); }");
    CHECK_VALUE(f, "gen", 0, "function* (e) {}");
    CHECK_VALUE(f, "quoted", 0, "function quoted(e) {}");
    CHECK_VALUE(f, "helper", 0, NULL);     /* not a function */
    CHECK_VALUE(f, "unknown", 0, NULL);    /* declared nowhere */
    CHECK_VALUE(f, "dup", 0, "function dup() { return 2; }");   /* the last one wins */
    CHECK_VALUE(f, "inner", 0, NULL);      /* not top level */
    CHECK_VALUE(f, "connect", 1, "async function connect(event) { return 1; }");  /* { connect } */
    CHECK_VALUE(f, "disconnect", 0, "async (event) => {}");
    CHECK_VALUE(f, "other", 0, "function (e) {}");
    CHECK_VALUE(f, "g", 0, "function* () {}");
    CHECK_VALUE(f, "inline", 0, "(e) => e");
    CHECK_VALUE(f, "method", 0, "async method(e) { return e; }");
    CHECK_VALUE(f, "n", 0, NULL);
    const sw_export *e = sw_srcfile_export(f, "connect");
    CHECK(e && e->kind == SW_EXP_CJS && e->value_start == 0 && e->value_end == 43);
    teardown();
}

TEST(handlers_js_value_spans_esm)
{
    setup();
    put("esm.mjs", "export async function connect(event) {}\n"
                   "export function* gen() {}\n"
                   "export const arrow = async (event) => {};\n"
                   "export let fnexpr = function (e) {};\n"
                   "export var alias = impl;\n"
                   "export const notfn = 1;\n"
                   "function impl(a) {}\n"
                   "const local = (x) => x;\n"
                   "export { local as renamed, impl };\n"
                   "export { remote } from './r.js';\n"
                   "export default function named(evt) {}\n");
    const sw_srcfile *f = sw_handlers_file(&H, "esm.mjs");
    CHECK(f && f->parsed && !f->has_error && !f->exports_open);
    NEED(f);
    CHECK_INT(f->nexports, 10);
    CHECK_VALUE(f, "connect", 0, "async function connect(event) {}");
    CHECK_VALUE(f, "gen", 0, "function* gen() {}");
    CHECK_VALUE(f, "arrow", 0, "async (event) => {}");
    CHECK_VALUE(f, "fnexpr", 0, "function (e) {}");
    CHECK_VALUE(f, "alias", 0, "function impl(a) {}");
    CHECK_VALUE(f, "notfn", 0, NULL);
    CHECK_VALUE(f, "renamed", 0, "(x) => x");
    CHECK_VALUE(f, "impl", 0, "function impl(a) {}");
    CHECK_VALUE(f, "remote", 0, NULL);     /* another module's */
    CHECK_VALUE(f, "default", 0, "function named(evt) {}");
    /* export default <identifier>, <arrow>, <function expression>, export function
       resolved from a clause */
    put("d1.mjs", "const handler = async () => {};\nexport default handler;\n");
    put("d2.js", "export default async (event) => {};\n");
    put("d3.js", "export default async function (event) {}\n");
    put("d4.js", "export function connect(e) {}\nconst c = connect;\nexport { connect as c2 };\n");
    const char *const want[][2] = {
        {"d1.mjs", "async () => {}"}, {"d2.js", "async (event) => {}"},
        {"d3.js", "async function (event) {}"},
    };
    for (size_t i = 0; i < 3; i++) {
        f = sw_handlers_file(&H, want[i][0]);
        CHECK(f && f->nexports == 1);
        if (f)
            CHECK_VALUE(f, "default", 0, want[i][1]);
    }
    f = sw_handlers_file(&H, "d4.js");
    CHECK(f && f->nexports == 2);
    if (f) {
        CHECK_VALUE(f, "connect", 0, "function connect(e) {}");
        CHECK_VALUE(f, "c2", 0, "function connect(e) {}");
    }
    teardown();
}

TEST(handlers_ts_value_spans)
{
    setup();
    put("h.ts", "import type { Handler } from 'aws-lambda';\n"
                "export const handler: Handler = async (event) => { return { statusCode: 200 }; };\n"
                "const a = async (e: unknown): Promise<void> => {};\n"
                "export { a as connect };\n"
                "export async function generic<T>(e: T): Promise<T> { return e; }\n"
                "export function over(x: string): void;\n"
                "export function over(x: unknown) {}\n"
                "export default async (event: unknown) => {};\n");
    const sw_srcfile *f = sw_handlers_file(&H, "h.ts");
    CHECK(f && f->parsed && !f->has_error && f->nexports == 6);
    NEED(f);
    CHECK_VALUE(f, "handler", 0, "async (event) => { return { statusCode: 200 }; }");
    CHECK_VALUE(f, "connect", 0, "async (e: unknown): Promise<void> => {}");
    CHECK_VALUE(f, "generic", 0, "async function generic<T>(e: T): Promise<T> { return e; }");
    CHECK_VALUE(f, "over", 0, NULL);   /* an overload signature has no body */
    CHECK_VALUE(f, "over", 1, "function over(x: unknown) {}");
    CHECK_VALUE(f, "default", 0, "async (event: unknown) => {}");
    put("eq.cts", "function handler(e: any) {}\n"
                  "export = { handler, run: async (e: any) => e, m(e: any) { return e; }, n: 1 };\n");
    f = sw_handlers_file(&H, "eq.cts");
    CHECK(f && !f->exports_open && f->nexports == 4);
    NEED(f);
    CHECK_VALUE(f, "handler", 0, "function handler(e: any) {}");
    CHECK_VALUE(f, "run", 0, "async (e: any) => e");
    CHECK_VALUE(f, "m", 0, "m(e: any) { return e; }");
    CHECK_VALUE(f, "n", 0, NULL);
    teardown();
}

TEST(handlers_ts_type_only_imports)
{
    setup();
    put("types.ts", "import type { ApiGatewayManagementApi } from 'aws-sdk';\n"
                    "import type AWS from 'aws-sdk';\n"
                    "import { type PostToConnectionRequest, type Input as I } from "
                    "'@aws-sdk/client-apigatewaymanagementapi';\n"
                    "import type X = require('aws-sdk');\n"
                    "export const handler = async () => {};\n");
    const sw_srcfile *f = sw_handlers_file(&H, "types.ts");
    CHECK(f && f->parsed && !f->has_error && !f->sdk_v2 && f->nuses == 0);
    put("values.ts", "import { type Foo, ApiGatewayManagementApiClient } from "
                     "'@aws-sdk/client-apigatewaymanagementapi';\n"
                     "import AWS, { type Bar } from 'aws-sdk';\n"
                     "import {} from 'aws-sdk/global';\n"
                     "import * as ns from '@aws-sdk/client-s3';\n"
                     "import { type Baz } from './local';\n");
    f = sw_handlers_file(&H, "values.ts");
    CHECK(f && f->parsed && !f->has_error && f->sdk_v2);
    static const xuse want[] = {
        {SW_USE_SDK_V3, "@aws-sdk/client-apigatewaymanagementapi", 0},
        {SW_USE_SDK_V2, "aws-sdk", 1}, {SW_USE_SDK_V2, "aws-sdk/global", 0},
        {SW_USE_SDK_V3, "@aws-sdk/client-s3", 0},
    };
    if (f)
        expect_uses(f, want, 4);
    /* JavaScript has no type imports: the same text without them counts */
    put("plain.js", "import { ApiGatewayManagementApi } from 'aws-sdk';\n");
    f = sw_handlers_file(&H, "plain.js");
    CHECK(f && f->sdk_v2 && f->nuses == 1);
    teardown();
}

TEST(handlers_js_endpoints)
{
    setup();
    put("v3.js", "const { ApiGatewayManagementApiClient, PostToConnectionCommand } =\n"
                 "  require('@aws-sdk/client-apigatewaymanagementapi');\n"
                 "const endpoint = `https://${process.env.DOMAIN}/${process.env.STAGE}`;\n"
                 "const a = new ApiGatewayManagementApiClient({ endpoint });\n"
                 "const b = new ApiGatewayManagementApiClient({ region, endpoint: process.env.WS });\n"
                 "const url = 'wss://abc.execute-api.us-east-1.amazonaws.com/dev';\n"
                 "const c = new ApiGatewayManagementApiClient({ endpoint: url });\n"
                 "function make(ep) { return new ApiGatewayManagementApiClient({ endpoint: ep }); }\n"
                 "let dup = 'a';\n"
                 "function two() { let dup = 'b'; return new ApiGatewayManagementApiClient({ endpoint: dup }); }\n"
                 "const opts = { endpoint: 'https://x/dev' };\n"
                 "const d = new ApiGatewayManagementApiClient(opts);\n"
                 "exports.handler = async (event) => {\n"
                 "  const { domainName, stage } = event.requestContext;\n"
                 "  const e = new sdk.ApiGatewayManagementApiClient({ endpoint: domainName + '/' + stage });\n"
                 "  await e.send(new PostToConnectionCommand({ ConnectionId: id, Data }));\n"
                 "  await new ApiGatewayManagementApi({ endpoint: `https://${domainName}/${stage}` })\n"
                 "    .postToConnection({ ConnectionId: id });\n"
                 "};\n");
    const sw_srcfile *f = sw_handlers_file(&H, "v3.js");
    CHECK(f && f->parsed && !f->has_error && !f->sdk_v2 && f->posts);
    NEED(f);
    static const char *const ep[] = {
        "`https://${process.env.DOMAIN}/${process.env.STAGE}`",   /* { endpoint } */
        "process.env.WS",
        "'wss://abc.execute-api.us-east-1.amazonaws.com/dev'",   /* endpoint: url */
        "ep",             /* a parameter: no declaration */
        "dup",            /* two declarations */
        "domainName + '/' + stage",
        "`https://${domainName}/${stage}`",   /* the aggregated client of v3 */
    };
    expect_kind(f, SW_USE_ENDPOINT, ep, 7);
    expect_kind(f, SW_USE_ENDPOINT_V2, NULL, 0);
    static const char *const post[] = {"postToConnection"};
    expect_kind(f, SW_USE_POST, post, 1);
    static const char *const cmd[] = {"PostToConnectionCommand"};
    expect_kind(f, SW_USE_COMMAND, cmd, 1);
    teardown();
}

TEST(handlers_js_endpoints_sdk_v2)
{
    setup();
    put("v2.js", "const AWS = require('aws-sdk');\n"
                 "exports.handler = async (event) => {\n"
                 "  const endpoint = event.requestContext.domainName + '/' + event.requestContext.stage;\n"
                 "  const api = new AWS.ApiGatewayManagementApi({ apiVersion: '2018-11-29', endpoint });\n"
                 "  await api.postToConnection({ ConnectionId: id, Data: 'x' }).promise();\n"
                 "};\n");
    const sw_srcfile *f = sw_handlers_file(&H, "v2.js");
    CHECK(f && f->parsed && f->sdk_v2 && f->posts);
    NEED(f);
    static const char *const ep[] = {
        "event.requestContext.domainName + '/' + event.requestContext.stage"};
    expect_kind(f, SW_USE_ENDPOINT_V2, ep, 1);
    expect_kind(f, SW_USE_ENDPOINT, NULL, 0);
    /* the class name both SDKs use goes by the file's imports */
    put("bare2.js", "const { ApiGatewayManagementApi } = require('aws-sdk');\n"
                    "const api = new ApiGatewayManagementApi({ endpoint: process.env.EP });\n");
    put("bare2.mjs", "import Api from 'aws-sdk/clients/apigatewaymanagementapi';\n"
                     "const api = new x.ApiGatewayManagementApi({ endpoint: 'abc/dev' });\n");
    put("both.js", "require('aws-sdk'); require('@aws-sdk/client-apigatewaymanagementapi');\n"
                   "const api = new ApiGatewayManagementApi({ endpoint: 'abc/dev' });\n");
    put("client.js", "require('aws-sdk');\n"
                     "const api = new ApiGatewayManagementApiClient({ endpoint: 'abc/dev' });\n");
    static const struct { const char *rel, *text; sw_use_kind kind; } cases[] = {
        {"bare2.js", "process.env.EP", SW_USE_ENDPOINT_V2},
        {"bare2.mjs", "'abc/dev'", SW_USE_ENDPOINT_V2},
        {"both.js", "'abc/dev'", SW_USE_ENDPOINT},
        {"client.js", "'abc/dev'", SW_USE_ENDPOINT},   /* only v3 has ...Client */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        f = sw_handlers_file(&H, cases[i].rel);
        CHECK(f && f->parsed);
        if (!f)
            continue;
        expect_kind(f, cases[i].kind, &cases[i].text, 1);
        expect_kind(f, cases[i].kind == SW_USE_ENDPOINT ? SW_USE_ENDPOINT_V2 : SW_USE_ENDPOINT,
                    NULL, 0);
        static const char *const client[] = {"ApiGatewayManagementApi"};
        if (i < 3)   /* the client use itself stays SW_USE_CLIENT */
            expect_kind(f, SW_USE_CLIENT, client, 1);
    }
    teardown();
}

TEST(handlers_gone_forms)
{
    setup();
    put("g.js", "try { await c.send(cmd); } catch (err) {\n"
                "  if (err.name === 'GoneException') {}\n"
                "  if (err instanceof GoneException) {}\n"
                "  if (err.statusCode === 410) {}\n"
                "  if (err.$metadata.httpStatusCode === 410) {}\n"
                "  if (err.$metadata?.httpStatusCode == 409) {}\n"
                "}\n");
    const sw_srcfile *f = sw_handlers_file(&H, "g.js");
    CHECK(f && f->parsed && !f->has_error);
    static const xuse js[] = {
        {SW_USE_GONE, "GoneException", 0}, {SW_USE_GONE, "GoneException", 1},
        {SW_USE_GONE, "410", 0}, {SW_USE_GONE, "410", 1},
    };
    if (f)
        expect_uses(f, js, 4);
    put("g.py", "try:\n"
                "    client.post_to_connection(ConnectionId=cid, Data=b'x')\n"
                "except client.exceptions.GoneException:\n"
                "    pass\n"
                "except ClientError as e:\n"
                "    if e.response['Error']['Code'] == 'GoneException':\n"
                "        pass\n"
                "    if e.response['ResponseMetadata']['HTTPStatusCode'] == 410:\n"
                "        pass\n");
    f = sw_handlers_file(&H, "g.py");
    CHECK(f && f->parsed && !f->has_error && f->posts);
    static const xuse py[] = {
        {SW_USE_POST, "post_to_connection", 0}, {SW_USE_GONE, "GoneException", 0},
        {SW_USE_GONE, "GoneException", 1}, {SW_USE_GONE, "410", 0},
    };
    if (f)
        expect_uses(f, py, 4);
    teardown();
}

TEST(handlers_python_endpoints)
{
    setup();
    put("h.py", "import os, boto3\n"
                "ENDPOINT = f\"https://{os.environ['DOMAIN']}/{os.environ['STAGE']}\"\n"
                "a = boto3.client('apigatewaymanagementapi', endpoint_url=ENDPOINT)\n"
                "b = boto3.client(\"apigatewaymanagementapi\", region_name=r,\n"
                "                 endpoint_url=os.environ[\"WS_URL\"])\n"
                "c = session.client(service_name='apigatewaymanagementapi', endpoint_url='wss://x/dev')\n"
                "d = client(endpoint_url=EP2, service_name='apigatewaymanagementapi')\n"
                "s3 = boto3.client('s3', endpoint_url=ENDPOINT)\n"
                "def handler(event, context):\n"
                "    ctx = event['requestContext']\n"
                "    url = 'https://' + ctx['domainName'] + '/' + ctx['stage']\n"
                "    api = boto3.client('apigatewaymanagementapi', endpoint_url=url)\n"
                "    api.post_to_connection(ConnectionId=cid, Data=b'x')\n");
    const sw_srcfile *f = sw_handlers_file(&H, "h.py");
    CHECK(f && f->parsed && !f->has_error && f->posts);
    NEED(f);
    static const char *const ep[] = {
        "f\"https://{os.environ['DOMAIN']}/{os.environ['STAGE']}\"",
        "os.environ[\"WS_URL\"]",
        "'wss://x/dev'",
        "EP2",            /* never assigned */
        "'https://' + ctx['domainName'] + '/' + ctx['stage']",
    };
    expect_kind(f, SW_USE_ENDPOINT, ep, 5);
    teardown();
}

TEST(handlers_python_value_spans)
{
    setup();
    put("h.py", "import boto3\n"
                "def connect(event, context):\n"
                "    return 1\n"
                "\n"
                "@decorator\n"
                "async def decorated(event, context):\n"
                "    pass\n"
                "\n"
                "handler = connect\n"
                "lam = lambda event, context: None\n"
                "CONST = 1\n"
                "nowhere = missing\n"
                "class K:\n"
                "    def m(self): pass\n");
    const sw_srcfile *f = sw_handlers_file(&H, "h.py");
    CHECK(f && f->parsed && !f->has_error && f->nexports == 7);
    NEED(f);
    CHECK_VALUE(f, "connect", 0, "def connect(event, context):\n    return 1");
    CHECK_VALUE(f, "decorated", 0, "async def decorated(event, context):\n    pass");
    CHECK_VALUE(f, "handler", 0, "def connect(event, context):\n    return 1");
    CHECK_VALUE(f, "lam", 0, "lambda event, context: None");
    CHECK_VALUE(f, "CONST", 0, NULL);
    CHECK_VALUE(f, "nowhere", 0, NULL);
    CHECK_VALUE(f, "K", 0, NULL);
    teardown();
}

TEST(handlers_python_block_exports)
{
    setup();
    put("h.py", "import sys\n"
                "try:\n"
                "    import ujson as json\n"
                "    from fast import handler as fast_handler\n"
                "except ImportError:\n"
                "    def fallback(event, context):\n"
                "        local = 1\n"
                "else:\n"
                "    READY = True\n"
                "finally:\n"
                "    pass\n"
                "if sys.version_info >= (3, 11):\n"
                "    @wrap\n"
                "    def connect(event, context):\n"
                "        pass\n"
                "elif True:\n"
                "    class Conn:\n"
                "        attr = 1\n"
                "        def method(self): pass\n"
                "else:\n"
                "    a = b = None\n"
                "with open('x') as fh:\n"
                "    CONFIG, OTHER = fh.read(), 1\n"
                "    if True:\n"
                "        DEEP: int = 2\n"
                "for i in range(1):\n"
                "    LOOPED = i\n"
                "def outer():\n"
                "    if True:\n"
                "        inner = 1\n"
                "        def nested(): pass\n"
                "class K:\n"
                "    if True:\n"
                "        kattr = 1\n");
    const sw_srcfile *f = sw_handlers_file(&H, "h.py");
    CHECK(f && f->parsed && !f->has_error && !f->exports_open);
    NEED(f);
    static const xexp want[] = {
        {"json", SW_EXP_PY_IMPORT, "json\n", NULL, NULL},
        {"fast_handler", SW_EXP_PY_IMPORT, "fast_handler", NULL, NULL},
        {"fallback", SW_EXP_PY_DEF, "fallback", "(event, context)", NULL},
        {"READY", SW_EXP_PY_ASSIGN, "READY", NULL, NULL},
        {"connect", SW_EXP_PY_DEF, "connect", "(event, context)", "(event, context):\n        pass"},
        {"Conn", SW_EXP_PY_CLASS, "Conn", NULL, NULL},
        {"a", SW_EXP_PY_ASSIGN, "a = b", NULL, NULL},
        {"b", SW_EXP_PY_ASSIGN, "b = None", NULL, NULL},
        {"CONFIG", SW_EXP_PY_ASSIGN, "CONFIG", NULL, NULL},
        {"OTHER", SW_EXP_PY_ASSIGN, "OTHER", NULL, NULL},
        {"DEEP", SW_EXP_PY_ASSIGN, "DEEP", NULL, NULL},
        {"LOOPED", SW_EXP_PY_ASSIGN, "LOOPED", NULL, NULL},
        {"outer", SW_EXP_PY_DEF, "outer", "()", "():\n"},
        {"K", SW_EXP_PY_CLASS, "K:", NULL, NULL},
    };
    expect_exports(f, want, 14);
    CHECK_VALUE(f, "connect", 0, "def connect(event, context):\n        pass");
    CHECK_VALUE(f, "fallback", 0, "def fallback(event, context):\n        local = 1");
    static const char *const absent[] = {"local", "attr", "method", "inner", "nested", "kattr", "i"};
    for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
        CHECK(sw_srcfile_export(f, absent[i]) == NULL);
    teardown();
}

TEST(handlers_python_open_exports)
{
    setup();
    static const struct { const char *rel, *text, *at; } open_[] = {
        {"g1.py", "globals()['handler'] = make()\n", "globals()"},
        {"g2.py", "def setup():\n    globals().update(handlers)\nsetup()\n", "globals()"},
        {"g3.py", "import sys\nsetattr(sys.modules[__name__], 'h', f)\n", "sys.modules[__name__]"},
        {"g4.py", "import sys\nsys.modules[__name__].h = f\n", "sys.modules[__name__]"},
        {"g5.py", "def __getattr__(name):\n    return make(name)\n", "__getattr__"},
        {"g6.py", "try:\n    from impl import *\nexcept ImportError:\n    pass\n", "*"},
        {"g7.py", "if True:\n    def __getattr__(name): pass\n", "__getattr__"},
        {"g8.py", "__getattr__ = make_getattr()\n", "__getattr__"},
    };
    for (size_t i = 0; i < sizeof open_ / sizeof open_[0]; i++) {
        put(open_[i].rel, open_[i].text);
        const sw_srcfile *f = sw_handlers_file(&H, open_[i].rel);
        CHECK(f && f->parsed && !f->has_error);
        if (f && !f->exports_open)
            fprintf(stderr, "  %s: exports not open\n", open_[i].rel);
        CHECK(f && f->exports_open);
        if (f && f->exports_open) {
            CHECK_INT(f->open_start, at(f->src.text, open_[i].at, 0));
            CHECK_INT(f->open_end, f->open_start + strlen(open_[i].at));
        }
    }
    static const char *const closed[][2] = {
        {"c1.py", "class K:\n    def __getattr__(self, n): pass\n"},
        {"c2.py", "def f():\n    if x:\n        def __getattr__(n): pass\n"},
        {"c3.py", "x = globals()['y']\nz = sys.modules[__name__]\n"},
    };
    for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++) {
        put(closed[i][0], closed[i][1]);
        const sw_srcfile *f = sw_handlers_file(&H, closed[i][0]);
        CHECK(f && f->parsed && !f->has_error && !f->exports_open);
    }
    teardown();
}
