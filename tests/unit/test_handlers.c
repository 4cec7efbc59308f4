/*
 * Unit tests for handler sources (handlers.c, tsq.c): small handler trees
 * written to a temporary directory. Every export form of JavaScript,
 * TypeScript and Python with exact byte spans, export default (not a named
 * export), forms that make the export list open, the management API in SDK
 * v2 and v3 styles and boto3, files that do not parse (never fatal),
 * missing files and the runtimes' extension order, handler string
 * splitting, one parse per file, and the predicates tsq.c evaluates.
 */
#include "test.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/handlers.h"
#include "../../src/tsq.h"

#include "handlers_util.h"

TEST(handlers_js_commonjs_forms)
{
    setup();
    put("app.js", "exports.connect = async (event) => ({ statusCode: 200 });\n"
                  "module.exports.disconnect = function (event, context) {};\n"
                  "exports['quoted'] = x;\n"
                  "module.exports = { short, handler: broadcast, async method(e) {},\n"
                  "  'str': 1, arrow: e => e };\n"
                  "Object.defineProperty(exports, 'defined', { get: () => y });\n");
    const sw_srcfile *f = sw_handlers_file(&H, "app.js");
    CHECK(f && f->parsed && !f->has_error && !f->exports_open);
    NEED(f);
    CHECK_INT(f->lang, SW_LANG_JAVASCRIPT);
    CHECK_STR(f->rel, "app.js");
    static const xexp want[] = {
        {"connect", SW_EXP_CJS, "connect", "(event)", NULL},
        {"disconnect", SW_EXP_CJS, "disconnect", "(event, context)", NULL},
        {"quoted", SW_EXP_CJS, "quoted", NULL, NULL},
        {"short", SW_EXP_CJS_OBJECT, "short", NULL, NULL},
        {"handler", SW_EXP_CJS_OBJECT, "handler:", NULL, NULL},   /* { handler: broadcast } */
        {"method", SW_EXP_CJS_OBJECT, "method", "(e)", NULL},
        {"str", SW_EXP_CJS_OBJECT, "str", NULL, NULL},
        {"arrow", SW_EXP_CJS_OBJECT, "arrow", "e", "e => e"},
        {"defined", SW_EXP_CJS, "defined", NULL, NULL},
    };
    expect_exports(f, want, 9);
    CHECK_INT(f->exports[0].start, 8);   /* exports.|connect */
    CHECK(sw_srcfile_export(f, "handler") == &f->exports[4]);   /* not "broadcast" */
    teardown();
}

TEST(handlers_js_esm_forms)
{
    setup();
    put("esm.mjs", "export const handler = async (event, context) => {};\n"
                   "export let a = 1, b = 2;\n"
                   "export var v;\n"
                   "export function plain() {}\n"
                   "export async function asyncFn(e) {}\n"
                   "export function* gen() {}\n"
                   "export class Klass {}\n"
                   "function impl() {}\n"
                   "export { impl as renamed, other };\n"
                   "export { fromElsewhere } from './x.js';\n"
                   "export * as ns from './y.js';\n"
                   "export default function named(evt) {}\n");
    const sw_srcfile *f = sw_handlers_file(&H, "esm.mjs");
    CHECK(f && f->parsed && !f->has_error && !f->exports_open);
    NEED(f);
    static const xexp want[] = {
        {"handler", SW_EXP_ESM, "handler", "(event, context)", NULL},
        {"a", SW_EXP_ESM, "a = 1", NULL, NULL},
        {"b", SW_EXP_ESM, "b = 2", NULL, NULL},
        {"v", SW_EXP_ESM, "v;", NULL, NULL},
        {"plain", SW_EXP_ESM, "plain", "()", "() {}"},
        {"asyncFn", SW_EXP_ESM, "asyncFn", "(e)", NULL},
        {"gen", SW_EXP_ESM, "gen", "()", "() {}\nexport class"},
        {"Klass", SW_EXP_ESM, "Klass", NULL, NULL},
        {"renamed", SW_EXP_CLAUSE, "renamed", NULL, NULL},   /* export { impl as renamed } */
        {"other", SW_EXP_CLAUSE, "other", NULL, NULL},
        {"fromElsewhere", SW_EXP_CLAUSE, "fromElsewhere", NULL, NULL},
        {"ns", SW_EXP_CLAUSE, "ns from", NULL, NULL},
        {"default", SW_EXP_DEFAULT, "default", "(evt)", NULL},
    };
    expect_exports(f, want, 13);
    CHECK_INT(f->exports[0].start, 13);
    CHECK(sw_srcfile_export(f, "named") == NULL);   /* export default is not a named export */
    teardown();
}

TEST(handlers_js_open_exports)
{
    setup();
    const char *srcs[][2] = {
        {"star.js", "export * from './x.js';\nexport const a = 1;\n"},
        {"assign.js", "module.exports = require('./impl');\n"},
        {"fn.js", "module.exports = function handler() {};\n"},
        {"spread.js", "module.exports = { ...base, own };\n"},
        {"computed.js", "module.exports = { [name]: fn };\n"},
        {"index.js", "exports[name] = fn;\n"},
        {"objassign.js", "Object.assign(exports, impl);\n"},
        {"destructure.js", "export const { a, b } = impl;\n"},
        {"ident.js", "const handlers = { connect };\nmodule.exports = handlers;\n"},
    };
    for (size_t i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
        put(srcs[i][0], srcs[i][1]);
        const sw_srcfile *f = sw_handlers_file(&H, srcs[i][0]);
        CHECK(f && f->parsed);
        if (f && !f->exports_open)
            fprintf(stderr, "  %s: exports not open\n", srcs[i][0]);
        CHECK(f && f->exports_open);
    }
    const sw_srcfile *f = sw_handlers_file(&H, "star.js");
    CHECK(f && f->open_start == 7 && f->open_end == 8);   /* the * */
    CHECK(f && sw_srcfile_export(f, "a"));
    f = sw_handlers_file(&H, "spread.js");
    CHECK(f && sw_srcfile_export(f, "own") && !sw_srcfile_export(f, "base"));
    f = sw_handlers_file(&H, "assign.js");
    CHECK(f && f->open_start == 0 && f->open_end == 14);  /* module.exports */
    /* closed: a plain object, and defineProperty for __esModule */
    put("closed.js", "Object.defineProperty(exports, '__esModule', { value: true });\n"
                     "exports.handler = handler;\n");
    f = sw_handlers_file(&H, "closed.js");
    CHECK(f && !f->exports_open && sw_srcfile_export(f, "handler"));
    teardown();
}

TEST(handlers_ts_forms)
{
    setup();
    put("h.ts", "import type { Handler } from 'aws-lambda';\n"
                "export const handler: Handler = async (event, context) => {\n"
                "  return { statusCode: 200 };\n"
                "};\n"
                "const a = async (e: unknown): Promise<void> => {};\n"
                "export { a as connect };\n"
                "export function over(x: string): void;\n"
                "export function over(x: unknown) {}\n"
                "export async function generic<T>(e: T): Promise<T> { return e; }\n"
                "export abstract class Base {}\n"
                "export class Impl extends Base {}\n"
                "export type T = string;\n"
                "export interface I { x: number }\n"
                "export default async (event: unknown) => {};\n");
    const sw_srcfile *f = sw_handlers_file(&H, "h.ts");
    CHECK(f && f->parsed && !f->has_error && !f->exports_open);
    NEED(f);
    CHECK_INT(f->lang, SW_LANG_TYPESCRIPT);
    static const xexp want[] = {
        {"handler", SW_EXP_ESM, "handler", "(event, context)", NULL},
        {"connect", SW_EXP_CLAUSE, "connect", NULL, NULL},   /* export { a as connect } */
        {"over", SW_EXP_ESM, "over", "(x: string)", NULL},  /* the overload signature */
        {"over", SW_EXP_ESM, "over(x: unknown)", "(x: unknown)", NULL},
        {"generic", SW_EXP_ESM, "generic", "(e: T)", NULL},
        {"Base", SW_EXP_ESM, "Base", NULL, NULL},
        {"Impl", SW_EXP_ESM, "Impl", NULL, NULL},
        {"default", SW_EXP_DEFAULT, "default", "(event: unknown)", NULL},
    };
    expect_exports(f, want, 8);
    CHECK_INT(f->exports[0].start, 56);
    CHECK(sw_srcfile_export(f, "over") == &f->exports[2]);   /* types T, I are not values */
    /* TypeScript's export = */
    put("eq.cts", "export = { handler, run: async (e: any) => e };\n");
    f = sw_handlers_file(&H, "eq.cts");
    CHECK(f && !f->exports_open);
    static const xexp eq[] = {
        {"handler", SW_EXP_CJS_OBJECT, "handler", NULL, NULL},
        {"run", SW_EXP_CJS_OBJECT, "run", "(e: any)", NULL},
    };
    if (f)
        expect_exports(f, eq, 2);
    put("eq2.mts", "export = handler;\n");
    f = sw_handlers_file(&H, "eq2.mts");
    CHECK(f && f->exports_open && f->nexports == 0);
    teardown();
}

TEST(handlers_python_forms)
{
    setup();
    put("h.py", "import json\n"
                "import boto3 as b3\n"
                "from impl import connect, other as disconnect\n"
                "TABLE = 'x'\n"
                "typed: str = 'y'\n"
                "first = second = None\n"
                "one, two = 1, 2\n"
                "\n"
                "def handler(event, context):\n"
                "    def inner(): pass\n"
                "    local = 1\n"
                "\n"
                "async def ahandler(event, context):\n"
                "    pass\n"
                "\n"
                "@logger.inject_lambda_context\n"
                "def decorated(event, context): pass\n"
                "\n"
                "class Handler:\n"
                "    def method(self): pass\n"
                "    attr = 1\n");
    const sw_srcfile *f = sw_handlers_file(&H, "h.py");
    CHECK(f && f->parsed && !f->has_error && !f->exports_open);
    NEED(f);
    CHECK_INT(f->lang, SW_LANG_PYTHON);
    static const xexp want[] = {
        {"b3", SW_EXP_PY_IMPORT, "b3", NULL, NULL},
        {"connect", SW_EXP_PY_IMPORT, "connect", NULL, NULL},
        {"disconnect", SW_EXP_PY_IMPORT, "disconnect", NULL, NULL},
        {"TABLE", SW_EXP_PY_ASSIGN, "TABLE", NULL, NULL},
        {"typed", SW_EXP_PY_ASSIGN, "typed", NULL, NULL},
        {"first", SW_EXP_PY_ASSIGN, "first", NULL, NULL},
        {"second", SW_EXP_PY_ASSIGN, "second", NULL, NULL},
        {"one", SW_EXP_PY_ASSIGN, "one, two", NULL, NULL},
        {"two", SW_EXP_PY_ASSIGN, "two", NULL, NULL},
        {"handler", SW_EXP_PY_DEF, "handler", "(event, context)", NULL},
        {"ahandler", SW_EXP_PY_DEF, "ahandler", "(event, context)", "(event, context):\n    pass"},
        {"decorated", SW_EXP_PY_DEF, "decorated", "(event, context)", "(event, context): pass"},
        {"Handler", SW_EXP_PY_CLASS, "Handler", NULL, NULL},
    };
    expect_exports(f, want, 13);
    CHECK_INT(f->exports[9].start, 149);   /* nothing below module level */
    put("star.py", "from impl import *\n");
    f = sw_handlers_file(&H, "star.py");
    CHECK(f && f->exports_open && f->open_start == 17);
    teardown();
}

TEST(handlers_management_api_sdk_v2)
{
    setup();
    put("v2.js", "const AWS = require('aws-sdk');\n"
                 "const api = new AWS.ApiGatewayManagementApi({ endpoint: process.env.URL });\n"
                 "exports.handler = async (event) => {\n"
                 "  try {\n"
                 "    await api.postToConnection({ ConnectionId: id, Data: 'x' }).promise();\n"
                 "  } catch (e) { if (e.statusCode === 410) {} }\n"
                 "};\n");
    const sw_srcfile *f = sw_handlers_file(&H, "v2.js");
    CHECK(f && f->parsed && f->sdk_v2 && f->posts);
    NEED(f);
    static const xuse want[] = {
        {SW_USE_SDK_V2, "aws-sdk", 0}, {SW_USE_CLIENT_V2, "AWS.ApiGatewayManagementApi", 0},
        {SW_USE_ENDPOINT_V2, "process.env.URL", 0},
        {SW_USE_POST, "postToConnection", 0}, {SW_USE_GONE, "410", 0},
    };
    expect_uses(f, want, 5);
    CHECK_INT(f->uses[0].start, 21);
    CHECK(sw_srcfile_use(f, SW_USE_POST) == &f->uses[3]);
    CHECK(sw_srcfile_use(f, SW_USE_SDK_V3) == NULL);
    /* ESM imports, the client module of SDK v2, TypeScript's import = require */
    put("v2.mjs", "import AWS from 'aws-sdk';\n"
                  "import Api from 'aws-sdk/clients/apigatewaymanagementapi';\n"
                  "const x = await import('aws-sdk');\n");
    f = sw_handlers_file(&H, "v2.mjs");
    CHECK(f && f->sdk_v2 && !f->posts);
    static const xuse esm[] = {
        {SW_USE_SDK_V2, "aws-sdk", 0},
        {SW_USE_SDK_V2, "aws-sdk/clients/apigatewaymanagementapi", 0},
        {SW_USE_SDK_V2, "aws-sdk", 2},
    };
    if (f)
        expect_uses(f, esm, 3);
    put("v2.ts", "import AWS = require('aws-sdk');\n");
    f = sw_handlers_file(&H, "v2.ts");
    CHECK(f && f->sdk_v2 && f->nuses == 1 && f->uses[0].start == 22);
    teardown();
}

TEST(handlers_management_api_sdk_v3)
{
    setup();
    put("v3.mjs", "import {\n  ApiGatewayManagementApiClient,\n  PostToConnectionCommand,\n"
                  "} from '@aws-sdk/client-apigatewaymanagementapi';\n"
                  "const client = new ApiGatewayManagementApiClient({ endpoint });\n"
                  "export const handler = async () => {\n"
                  "  try { await client.send(new PostToConnectionCommand({ ConnectionId })); }\n"
                  "  catch (e) { if (e.name === 'GoneException') {} if (e instanceof GoneException) {} }\n"
                  "};\n");
    const sw_srcfile *f = sw_handlers_file(&H, "v3.mjs");
    CHECK(f && f->parsed && !f->sdk_v2 && f->posts);
    NEED(f);
    static const xuse want[] = {
        {SW_USE_SDK_V3, "@aws-sdk/client-apigatewaymanagementapi", 0},
        {SW_USE_CLIENT, "ApiGatewayManagementApiClient", 1},
        {SW_USE_ENDPOINT, "endpoint", 0},   /* { endpoint }, declared nowhere */
        {SW_USE_COMMAND, "PostToConnectionCommand", 1},
        {SW_USE_GONE, "GoneException", 0}, {SW_USE_GONE, "GoneException", 1},
    };
    expect_uses(f, want, 6);
    /* CommonJS require of v3, a namespace client, the aggregated client */
    put("v3.cjs", "const m = require('@aws-sdk/client-apigatewaymanagementapi');\n"
                  "const c = new m.ApiGatewayManagementApi({});\n"
                  "await c.send(new m.PostToConnectionCommand({}));\n"
                  "await c.postToConnection({});\n");
    f = sw_handlers_file(&H, "v3.cjs");
    CHECK(f && !f->sdk_v2 && f->posts);
    static const xuse cjs[] = {
        {SW_USE_SDK_V3, "@aws-sdk/client-apigatewaymanagementapi", 0},
        {SW_USE_CLIENT, "ApiGatewayManagementApi", 0},
        {SW_USE_COMMAND, "PostToConnectionCommand", 0}, {SW_USE_POST, "postToConnection", 0},
    };
    if (f)
        expect_uses(f, cjs, 4);
    teardown();
}

TEST(handlers_management_api_boto3)
{
    setup();
    put("h.py", "import boto3\n"
                "client = boto3.client('apigatewaymanagementapi', endpoint_url=URL)\n"
                "other = session.client(service_name=\"apigatewaymanagementapi\")\n"
                "s3 = boto3.client('s3')\n"
                "def handler(event, context):\n"
                "    try:\n"
                "        client.post_to_connection(ConnectionId=cid, Data=b'x')\n"
                "    except client.exceptions.GoneException:\n"
                "        pass\n");
    const sw_srcfile *f = sw_handlers_file(&H, "h.py");
    CHECK(f && f->parsed && f->posts && !f->sdk_v2);
    NEED(f);
    static const xuse want[] = {
        {SW_USE_CLIENT, "apigatewaymanagementapi", 0}, {SW_USE_ENDPOINT, "URL", 0},
        {SW_USE_CLIENT, "apigatewaymanagementapi", 1},
        {SW_USE_POST, "post_to_connection", 0}, {SW_USE_GONE, "GoneException", 0},
    };
    expect_uses(f, want, 5);
    CHECK_INT(f->uses[0].start, 36);
    teardown();
}

TEST(handlers_parse_failures_never_fatal)
{
    setup();
    put("broken.js", "export const = ((( {\nexports.ok = 1;\n");
    const sw_srcfile *f = sw_handlers_file(&H, "broken.js");
    CHECK(f && f->parsed && f->has_error);
    put("broken.py", "def handler(event, context:\n    return\nok = 1\n");
    f = sw_handlers_file(&H, "broken.py");
    CHECK(f && f->parsed && f->has_error);
    put("empty.ts", "");
    f = sw_handlers_file(&H, "empty.ts");
    CHECK(f && f->parsed && !f->has_error && f->nexports == 0 && f->nuses == 0);
    /* binary junk with NUL bytes */
    char junk[4096];
    for (int i = 0; i < 4096; i++)
        junk[i] = (char)((i * 7919) & 0xff);
    putn("bin.js", junk, sizeof junk);
    f = sw_handlers_file(&H, "bin.js");
    CHECK(f && f->parsed && f->has_error);
    /* deep nesting, valid and not */
    size_t n = 12000;
    char *deep = malloc(2 * n + 32);
    strcpy(deep, "exports.x = ");
    size_t k = strlen(deep);
    memset(deep + k, '(', n);
    deep[k + n] = '1';
    memset(deep + k + n + 1, ')', n);
    strcpy(deep + k + 2 * n + 1, ";\n");
    put("deep.js", deep);
    f = sw_handlers_file(&H, "deep.js");
    CHECK(f && f->parsed && !f->has_error && sw_srcfile_export(f, "x"));
    deep[k + n] = 0;
    put("unclosed.js", deep);
    f = sw_handlers_file(&H, "unclosed.js");
    CHECK(f && f->parsed && f->has_error);
    free(deep);
    /* runs of 65535 tokens in one node would corrupt tree-sitter 0.20.7's
       heap: such files are not parsed (nor is anything with as many tokens) */
    size_t big = 70000 * 5;
    char *many = malloc(big + 1);
    for (size_t i = 0; i < big; i += 5)
        memcpy(many + i, "// c\n", 5);
    many[big] = 0;
    put("comments.js", many);
    memset(many, '(', big);
    put("parens.js", many);
    for (size_t i = 0; i < big; i += 5)
        memcpy(many + i, "#  c\n", 5);
    put("comments.py", many);
    free(many);
    f = sw_handlers_file(&H, "comments.js");
    CHECK(f && !f->parsed && f->src.len == big && f->nexports == 0);
    f = sw_handlers_file(&H, "parens.js");
    CHECK(f && !f->parsed);
    f = sw_handlers_file(&H, "comments.py");
    CHECK(f && !f->parsed);
    /* too large to be a source: exists, not even read */
    char path[256];
    snprintf(path, sizeof path, "%s/big.js", dir);
    int fd = open(path, O_CREAT | O_WRONLY, 0600);
    CHECK(fd >= 0 && ftruncate(fd, 2 * 1024 * 1024) == 0);
    if (fd >= 0)
        close(fd);
    f = sw_handlers_file(&H, "big.js");
    CHECK(f && !f->parsed && f->src.len == 0 && f->nexports == 0);
    /* a directory named like a source is not one */
    snprintf(path, sizeof path, "%s/dir.js", dir);
    CHECK(mkdir(path, 0700) == 0);
    CHECK(sw_handlers_file(&H, "dir.js") == NULL);
    CHECK(sw_handlers_file(&H, "absent.js") == NULL);
    CHECK(sw_handlers_file(&H, "notes.txt") == NULL);
    teardown();
}

TEST(handlers_parse_handler_strings)
{
    static const struct {
        const char *h;
        sw_family fam;
        const char *module, *name, *member;   /* module NULL: not a handler */
        uint32_t module_len, name_off;
    } cases[] = {
        {"src/app.handler", SW_FAMILY_NODE, "src/app", "handler", NULL, 7, 8},
        {"./src/app.handler", SW_FAMILY_NODE, "src/app", "handler", NULL, 9, 10},
        {"dir.v1/app.v1.run", SW_FAMILY_NODE, "dir.v1/app", "v1", "run", 10, 11},
        {"handlers.connect.handler", SW_FAMILY_PYTHON, "handlers/connect", "handler", NULL, 16, 17},
        {"../shared/src.app.main", SW_FAMILY_PYTHON, "../shared/src/app", "main", NULL, 17, 18},
        {"app", SW_FAMILY_NODE, NULL, NULL, NULL, 0, 0},
        {"src/.handler", SW_FAMILY_NODE, NULL, NULL, NULL, 0, 0},
        {"app.", SW_FAMILY_NODE, NULL, NULL, NULL, 0, 0},
        {"app..x", SW_FAMILY_NODE, NULL, NULL, NULL, 0, 0},
        {"my app.handler", SW_FAMILY_NODE, NULL, NULL, NULL, 0, 0},
        {"app.handler", SW_FAMILY_NONE, NULL, NULL, NULL, 0, 0},
        {NULL, SW_FAMILY_NODE, NULL, NULL, NULL, 0, 0},
    };
    sw_arena a;
    sw_arena_init(&a);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sw_handler_ref r;
        bool ok = sw_handler_parse(&a, cases[i].h, cases[i].fam, &r);
        CHECK(ok == (cases[i].module != NULL));
        if (!ok || !cases[i].module)
            continue;
        CHECK_STR(r.module, cases[i].module);
        CHECK_STR(r.name, cases[i].name);
        CHECK(cases[i].member ? r.member && !strcmp(r.member, cases[i].member) : !r.member);
        CHECK_INT(r.module_len, cases[i].module_len);
        CHECK_INT(r.name_off, cases[i].name_off);
        CHECK_INT(r.name_len, strlen(cases[i].name));
    }
    CHECK_INT(sw_handler_family("nodejs20.x"), SW_FAMILY_NODE);
    CHECK_INT(sw_handler_family(NULL), SW_FAMILY_NODE);
    CHECK_INT(sw_handler_family("python3.12"), SW_FAMILY_PYTHON);
    CHECK_INT(sw_handler_family("java21"), SW_FAMILY_NONE);
    CHECK_INT(sw_handler_family("provided.al2023"), SW_FAMILY_NONE);
    sw_arena_free(&a);
}

TEST(handlers_resolve_extension_order)
{
    setup();
    put("src/both.ts", "export const handler = 1;\n");
    put("src/both.js", "exports.other = 1;\n");
    put("src/m.cts", "export const handler = 1;\n");
    put("src/m.mjs", "export const handler = 1;\n");
    put("src/t.mts", "export function handler() {}\n");
    put("pkg/__init__.py", "def handler(e, c): pass\n");
    put("mod.py", "def handler(e, c): pass\n");
    put("bundled/app.v2.ts", "export const run = 1;\n");
    sw_handler_res r;
    CHECK(sw_handler_resolve(&H, "src/both.handler", "nodejs20.x", &r));
    CHECK(r.file && strcmp(r.file->rel, "src/both.js") == 0);
    CHECK(r.export == NULL);   /* .js wins over .ts, and it lacks the export */
    CHECK_INT(r.ntried, 1);
    CHECK(sw_handler_resolve(&H, "./src/m.handler", "nodejs22.x", &r));
    CHECK(r.file && strcmp(r.file->rel, "src/m.mjs") == 0 && r.export);
    CHECK_INT(r.ntried, 2);
    CHECK(sw_handler_resolve(&H, "src/t.handler", NULL, &r));
    CHECK(r.file && strcmp(r.file->rel, "src/t.mts") == 0 && r.export);
    CHECK(r.export && r.export->kind == SW_EXP_ESM);
    CHECK(sw_handler_resolve(&H, "src/ghost.handler", "nodejs20.x", &r));
    CHECK(r.file == NULL && r.export == NULL);
    static const char *const order[] = {"src/ghost.js", "src/ghost.mjs", "src/ghost.cjs",
                                        "src/ghost.ts", "src/ghost.mts", "src/ghost.cts"};
    CHECK_INT(r.ntried, 6);
    for (uint32_t i = 0; i < r.ntried && i < 6; i++)
        CHECK_STR(r.tried[i], order[i]);
    /* python: module, then package */
    CHECK(sw_handler_resolve(&H, "mod.handler", "python3.12", &r));
    CHECK(r.file && strcmp(r.file->rel, "mod.py") == 0 && r.export);
    CHECK(r.export && r.export->kind == SW_EXP_PY_DEF);
    CHECK(sw_handler_resolve(&H, "pkg.handler", "python3.12", &r));
    CHECK(r.file && strcmp(r.file->rel, "pkg/__init__.py") == 0 && r.export);
    CHECK_INT(r.ntried, 2);
    CHECK(sw_handler_resolve(&H, "nothere.handler", "python3.11", &r));
    CHECK(!r.file && r.ntried == 2);
    CHECK(r.ntried == 2 && strcmp(r.tried[0], "nothere.py") == 0);
    /* a Python handler never finds a Node file and the reverse */
    CHECK(sw_handler_resolve(&H, "src/m.handler", "python3.12", &r));
    CHECK(r.file == NULL);
    CHECK(sw_handler_resolve(&H, "mod.handler", "nodejs20.x", &r));
    CHECK(r.file == NULL);
    /* other runtimes are skipped */
    CHECK(!sw_handler_resolve(&H, "mod.handler", "java21", &r));
    CHECK(!sw_handler_resolve(&H, "mod", "nodejs20.x", &r));
    /* bundler reading: src/app.v2 + run when Lambda's app + v2.run has no file */
    CHECK(sw_handler_resolve(&H, "bundled/app.v2.run", "nodejs20.x", &r));
    CHECK(r.file && strcmp(r.file->rel, "bundled/app.v2.ts") == 0);
    CHECK_STR(r.ref.name, "run");
    CHECK(r.ref.member == NULL);
    CHECK_INT(r.ref.name_off, 15);
    CHECK(r.export != NULL);
    CHECK_INT(r.ntried, 10);
    teardown();
}

TEST(handlers_parse_once)
{
    setup();
    put("shared.js", "exports.a = 1;\nexports.b = 2;\n");
    sw_handler_res r1, r2, r3;
    CHECK(sw_handler_resolve(&H, "shared.a", "nodejs20.x", &r1));
    CHECK(sw_handler_resolve(&H, "shared.b", "nodejs18.x", &r2));
    CHECK(sw_handler_resolve(&H, "./shared.missing", NULL, &r3));
    CHECK(r1.file && r1.file == r2.file && r2.file == r3.file);
    CHECK(r1.export && r2.export && !r3.export);
    CHECK_INT(H.nparsed, 1);
    /* missing files are remembered too: by the listing of their directory,
       read once, so they take no entry in the path table (nor a stat) */
    CHECK(sw_handler_resolve(&H, "gone.x", NULL, &r1));
    CHECK(sw_handler_resolve(&H, "gone.y", NULL, &r2));
    CHECK(!r1.file && !r2.file);
    CHECK_INT(H.n, 1);
    CHECK_INT(H.dirs.n, 1);
    /* many files grow the table */
    char rel[32];
    for (int i = 0; i < 100; i++) {
        snprintf(rel, sizeof rel, "f%d.py", i);
        put(rel, "x = 1\n");
        CHECK(sw_handlers_file(&H, rel) != NULL);
    }
    for (int i = 0; i < 100; i++) {
        snprintf(rel, sizeof rel, "f%d.py", i);
        CHECK(sw_handlers_file(&H, rel) != NULL);
    }
    CHECK_INT(H.nparsed, 101);
    teardown();
}

TEST(tsq_predicates)
{
    sw_arena a;
    sw_arena_init(&a);
    const char *src = "a.foo(); b.bar(); c.baz(); foo.foo();";
    sw_tsq_result r;
    const char *q1 = "(call_expression function: (member_expression object: (identifier) @o "
                     "property: (property_identifier) @p) (#eq? @p \"bar\"))";
    CHECK_INT(sw_tsq_run_text(&a, SW_LANG_JAVASCRIPT, q1, src, strlen(src), &r), 0);
    CHECK_INT(r.nmatches, 1);
    CHECK(r.n == 2 && strcmp(r.v[0].text, "b") == 0 && strcmp(r.v[0].name, "o") == 0);
    CHECK(r.n == 2 && r.v[1].start == 11 && r.v[1].end == 14);
    static const struct { const char *pred; uint32_t n; } preds[] = {
        {"(#not-eq? @p \"bar\")", 3}, {"(#match? @p \"^ba\")", 2}, {"(#not-match? @p \"z$\")", 3},
        {"(#any-of? @p \"foo\" \"baz\")", 3}, {"(#not-any-of? @p \"foo\" \"baz\")", 1},
    };
    for (size_t i = 0; i < sizeof preds / sizeof preds[0]; i++) {
        char q[160];
        snprintf(q, sizeof q, "(member_expression property: (property_identifier) @p %s)",
                 preds[i].pred);
        CHECK_INT(sw_tsq_run_text(&a, SW_LANG_JAVASCRIPT, q, src, strlen(src), &r), 0);
        CHECK_INT(r.n, preds[i].n);
    }
    CHECK(r.n == 1 && strcmp(r.v[0].text, "bar") == 0);
    /* capture against capture; helper captures are not returned */
    const char *q7 = "(member_expression object: (identifier) @_o property: (property_identifier) @p "
                     "(#eq? @_o @p))";
    CHECK_INT(sw_tsq_run_text(&a, SW_LANG_JAVASCRIPT, q7, src, strlen(src), &r), 0);
    CHECK(r.n == 1 && r.v[0].start == 31 && strcmp(r.v[0].name, "p") == 0);
    /* directives are ignored; unknown predicates and bad queries fail */
    const char *q8 = "((identifier) @i (#set! kind \"x\"))";
    CHECK_INT(sw_tsq_run_text(&a, SW_LANG_JAVASCRIPT, q8, src, strlen(src), &r), 0);
    CHECK_INT(r.n, 4);
    const char *q9 = "((identifier) @i (#frobnicate? @i \"x\"))";
    CHECK_INT(sw_tsq_run_text(&a, SW_LANG_JAVASCRIPT, q9, src, strlen(src), &r), -1);
    CHECK(strstr(sw_tsq_error(), "unknown predicate") != NULL);
    CHECK_INT(sw_tsq_run_text(&a, SW_LANG_PYTHON, "(no_such_node) @x", "", 0, &r), -1);
    CHECK_INT(sw_tsq_run(&a, SW_LANG_PYTHON, "no-such-query", "", 0, &r), -1);
    /* every embedded query compiles for its language */
    CHECK(sw_query_nsrcs >= 3);
    for (unsigned i = 0; i < sw_query_nsrcs; i++)
        for (int l = 0; l < SW_LANG_COUNT; l++)
            if (!strcmp(sw_query_srcs[i].lang, sw_lang_name((sw_lang)l))) {
                int rc = sw_tsq_run(&a, (sw_lang)l, sw_query_srcs[i].name, "", 0, &r);
                if (rc)
                    fprintf(stderr, "  %s/%s: %s\n", sw_query_srcs[i].lang,
                            sw_query_srcs[i].name, sw_tsq_error());
                CHECK_INT(rc, 0);
            }
    sw_tsq_shutdown();
    /* and again after a shutdown */
    CHECK_INT(sw_tsq_run(&a, SW_LANG_JAVASCRIPT, "handlers", "exports.x = 1;", 14, &r), 0);
    CHECK(r.n == 1 && strcmp(r.v[0].name, "export.cjs") == 0 && r.v[0].start == 8);
    sw_tsq_shutdown();
    sw_arena_free(&a);
}
