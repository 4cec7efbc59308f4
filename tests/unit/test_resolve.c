/*
 * Unit tests for variable resolution (resolve.c): a resolved scalar derefs
 * to its value (y_deref) and a value slsws cannot know stays unknown
 * (y_is_unknown); fallbacks keep their type; nested variables, several
 * variables interpolated into one string, --stage/--region/--param through
 * sw_opts, the defaults of sls:stage and aws:region, param:, strToBool and
 * env:; the problems recorded for WS093 and WS094 (missing keys, null,
 * cycles); the caps that keep long chains and exponential reference graphs
 * fast; and ${file()} includes written to a temporary directory.
 */
#include "test.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../src/resolve.h"
#include "../../src/rule.h"
#include "../../src/ydoc.h"
#include "../../src/yscalar.h"

static sw_arena A;
static sw_source S;
static sw_resolver R;
static const sw_opts NOOPTS;

static y_doc *run_opts(const char *text, const char *path, const sw_opts *o)
{
    sw_resolver_release(&R);
    sw_arena_free(&A);
    sw_arena_init(&A);
    sw_source_init(&S, &A, path, text, strlen(text));
    y_doc *d = y_parse(&A, &S, false);
    sw_resolve(&R, &A, d, path, o);
    return d;
}

static y_doc *run(const char *text) { return run_opts(text, "serverless.yml", &NOOPTS); }

static void done(void)
{
    sw_resolver_release(&R);
    sw_arena_free(&A);
}

/* The node written at a dotted path (keys, or indexes of lists), not followed
   past the last step; resolved values are followed on the way. */
static const y_node *at(const y_doc *d, const char *path)
{
    const y_node *n = d->root;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *seg = strtok(buf, "."); n && seg; seg = strtok(NULL, ".")) {
        const y_node *m = y_deref(n);
        if (m && m->kind == Y_SEQ) {
            long k = strtol(seg, NULL, 10);
            n = k >= 0 && (unsigned long)k < m->len ? m->u.seq.items[k] : NULL;
        } else {
            n = y_get(m, seg);
        }
    }
    return n;
}

/* The known scalar value at path, or NULL. */
static const char *val(const y_doc *d, const char *path)
{
    const y_node *n = at(d, path);
    if (!n || y_is_unknown(n))
        return NULL;
    n = y_deref(n);
    return n && n->kind == Y_SCALAR ? n->str : NULL;
}

static bool unknown(const y_doc *d, const char *path)
{
    const y_node *n = at(d, path);
    return n && y_is_unknown(n);
}

static y_type type_at(const y_doc *d, const char *path)
{
    return y_scalar_type(y_deref(at(d, path)));
}

/* How many problems of a kind, and whether one's message holds s. */
static int nprobs(sw_rprob_kind k)
{
    int n = 0;
    for (uint32_t i = 0; i < R.nprobs; i++)
        n += R.probs[i].kind == k;
    return n;
}

static bool prob_says(sw_rprob_kind k, const char *s)
{
    for (uint32_t i = 0; i < R.nprobs; i++)
        if (R.probs[i].kind == k && strstr(R.probs[i].msg, s))
            return true;
    return false;
}

/* The text a problem points at (the variable's bytes in its file). */
static const char *prob_text(uint32_t i)
{
    const sw_rproblem *p = &R.probs[i];
    return sw_strndup(&A, p->src->text + p->start, p->end - p->start);
}

static double secs(clock_t t0) { return (double)(clock() - t0) / CLOCKS_PER_SEC; }

TEST(resolve_self_values)
{
    y_doc *d = run("service: chat\ncustom:\n"
                   "  a: hello\n  b: ${self:custom.a}\n"
                   "  m: {x: 1}\n  c: ${self:custom.m}\n  d: ${self:custom.c.x}\n"
                   "  l: [p, q]\n  e: ${self:custom.l.1}\n"
                   "  s: ${self:service}\n  plain: no variable\n");
    const y_node *b = at(d, "custom.b");
    CHECK(b->vstate == Y_V_KNOWN);
    CHECK(y_deref(b) == at(d, "custom.a")); /* the value's own node: its origin */
    CHECK(!y_is_unknown(b));
    CHECK_STR(val(d, "custom.b"), "hello");
    CHECK(y_is_map(at(d, "custom.c")));
    CHECK(y_deref(at(d, "custom.c")) == at(d, "custom.m"));
    CHECK_STR(val(d, "custom.d"), "1");
    CHECK(type_at(d, "custom.d") == Y_T_INT);
    CHECK_STR(val(d, "custom.e"), "q");
    CHECK_STR(val(d, "custom.s"), "chat");
    CHECK(at(d, "custom.plain")->vstate == Y_V_NONE);
    CHECK_INT(R.nprobs, 0);
    done();
}

TEST(resolve_self_missing)
{
    y_doc *d = run("service: chat\ncustom:\n  n: null\n  t: ~\n  l: [1]\n"
                   "  a: ${self:custom.missing}\n  b: ${self:custom.n}\n"
                   "  c: x-${self:custom.t}-y\n  d: ${self:custom.l.5}\n");
    CHECK(unknown(d, "custom.a"));
    CHECK(at(d, "custom.a")->vstate == Y_V_MISSING);
    CHECK(unknown(d, "custom.b"));
    CHECK(unknown(d, "custom.c"));
    CHECK(unknown(d, "custom.d"));
    CHECK_INT(nprobs(SW_RP_SELF), 4);
    CHECK_INT(nprobs(SW_RP_FILE), 0);
    CHECK(prob_says(SW_RP_SELF, "no 'custom.missing'"));
    CHECK(prob_says(SW_RP_SELF, "'custom.n' set to null"));
    CHECK(prob_says(SW_RP_SELF, "'custom.t' set to null"));
    CHECK(prob_says(SW_RP_SELF, "no 'custom.l.5'"));
    /* each problem spans the variable itself, also inside a longer string */
    for (uint32_t i = 0; i < R.nprobs; i++) {
        CHECK(R.probs[i].src == &S);
        CHECK(strncmp(prob_text(i), "${self:custom.", 14) == 0);
    }
    CHECK_STR(prob_text(2), "${self:custom.t}");
    done();
}

TEST(resolve_fallbacks)
{
    y_doc *d = run("service: chat\ncustom:\n  a: hello\n"
                   "  s: ${self:custom.none, 'dev'}\n  dq: ${self:custom.none, \"two words\"}\n"
                   "  n: ${self:custom.none, 42}\n  f: ${opt:ratio, 1.5}\n"
                   "  t: ${env:SLSWS_UNIT_UNSET, true}\n  z: ${opt:nothing, null}\n"
                   "  v: ${opt:x, ${self:custom.a}}\n  src: ${opt:x, self:custom.a}\n"
                   "  chain: ${opt:x, self:custom.none, 'last'}\n  quoted_num: ${opt:x, '42'}\n");
    CHECK_STR(val(d, "custom.s"), "dev");
    CHECK(type_at(d, "custom.s") == Y_T_STR);
    CHECK_STR(val(d, "custom.dq"), "two words");
    CHECK_STR(val(d, "custom.n"), "42");
    CHECK(type_at(d, "custom.n") == Y_T_INT);
    CHECK(type_at(d, "custom.f") == Y_T_FLOAT);
    CHECK_STR(val(d, "custom.t"), "true");
    CHECK(type_at(d, "custom.t") == Y_T_BOOL);
    CHECK(type_at(d, "custom.z") == Y_T_NULL);
    CHECK_STR(val(d, "custom.v"), "hello");
    CHECK(y_deref(at(d, "custom.v")) == at(d, "custom.a"));
    CHECK_STR(val(d, "custom.src"), "hello");
    CHECK_STR(val(d, "custom.chain"), "last");
    CHECK(type_at(d, "custom.quoted_num") == Y_T_STR);
    CHECK_INT(R.nprobs, 0); /* a fallback silences a missing key */
    done();
}

TEST(resolve_nested_variables)
{
    y_doc *d = run("service: chat\ncustom:\n  stage: prod\n  levels: {prod: ERROR, dev: INFO}\n"
                   "  a: ${self:custom.levels.${self:custom.stage}}\n"
                   "  b: ${self:custom.levels.${opt:stage, 'dev'}}\n"
                   "  c: ${self:custom.levels.${opt:stage, 'qa'}}\n"
                   "  d: ${self:custom.levels.${opt:stage, 'qa'}, 'INFO'}\n");
    CHECK_STR(val(d, "custom.a"), "ERROR");
    CHECK_STR(val(d, "custom.b"), "INFO");
    CHECK(unknown(d, "custom.c"));
    CHECK_STR(val(d, "custom.d"), "INFO");
    CHECK_INT(R.nprobs, 1);
    CHECK(prob_says(SW_RP_SELF, "no 'custom.levels.qa'"));
    CHECK(prob_says(SW_RP_SELF, "without --stage"));
    done();
}

TEST(resolve_interpolation)
{
    y_doc *d = run("service: chat\ncustom:\n  n: 0x1F\n  on: true\n  f: 1.50\n"
                   "  name: ${self:service}-${sls:stage}-${aws:region}\n"
                   "  mix: 'v${self:custom.n}/${self:custom.on}/${self:custom.f}!'\n"
                   "  arn: arn:aws:s3:::${self:service}-${opt:stage, 'dev'}/*\n"
                   "  env: x-${env:SLSWS_UNIT_UNSET}\n"
                   "  cfn: ${self:service}-${AWS::Region}\n");
    CHECK_STR(val(d, "custom.name"), "chat-dev-us-east-1");
    CHECK(type_at(d, "custom.name") == Y_T_STR);
    CHECK_STR(val(d, "custom.mix"), "v31/true/1.5!");
    CHECK_STR(val(d, "custom.arn"), "arn:aws:s3:::chat-dev/*");
    CHECK(unknown(d, "custom.env")); /* one unknown part: the whole string is */
    CHECK_STR(val(d, "custom.cfn"), "chat-${AWS::Region}"); /* CloudFormation's, kept */
    CHECK_INT(R.nprobs, 0);
    done();
}

TEST(resolve_stage_region_from_opts)
{
    const char *text = "service: chat\nprovider:\n  stage: qa\n  region: eu-west-1\n"
                       "custom:\n  o: ${opt:stage}\n  r: ${opt:region}\n"
                       "  ofb: ${opt:stage, 'dev'}\n  s: ${sls:stage}\n  a: ${aws:region}\n";
    sw_opts o = {.stage = "prod", .region = "ap-south-1"};
    y_doc *d = run_opts(text, "serverless.yml", &o);
    CHECK_STR(val(d, "custom.o"), "prod");
    CHECK_STR(val(d, "custom.r"), "ap-south-1");
    CHECK_STR(val(d, "custom.ofb"), "prod");
    CHECK_STR(val(d, "custom.s"), "prod");
    CHECK_STR(val(d, "custom.a"), "ap-south-1");
    /* without them: opt: is unknown (no problem), the others from provider */
    d = run(text);
    CHECK(unknown(d, "custom.o"));
    CHECK(unknown(d, "custom.r"));
    CHECK_STR(val(d, "custom.ofb"), "dev");
    CHECK_STR(val(d, "custom.s"), "qa");
    CHECK_STR(val(d, "custom.a"), "eu-west-1");
    CHECK_INT(R.nprobs, 0);
    done();
}

TEST(resolve_stage_region_defaults)
{
    y_doc *d = run("service: chat\nprovider:\n  name: aws\n"
                   "custom:\n  s: ${sls:stage}\n  a: ${aws:region}\n");
    CHECK_STR(val(d, "custom.s"), "dev");
    CHECK_STR(val(d, "custom.a"), "us-east-1");
    d = run("service: chat\nprovider:\n  stage: ${opt:stage, 'beta'}\n"
            "  region: ${self:custom.region}\n"
            "custom:\n  region: eu-central-1\n  s: ${sls:stage}\n  a: ${aws:region}\n");
    CHECK_STR(val(d, "custom.s"), "beta");
    CHECK_STR(val(d, "custom.a"), "eu-central-1");
    /* a stage slsws cannot know makes sls:stage unknown, not 'dev' */
    d = run("service: chat\nprovider:\n  stage: ${env:STAGE}\ncustom:\n  s: ${sls:stage}\n");
    CHECK(unknown(d, "custom.s"));
    CHECK_INT(R.nprobs, 0);
    done();
}

TEST(resolve_params)
{
    const char *text = "service: chat\n"
                       "provider:\n  stage: prod\n"
                       "params:\n"
                       "  default: {domain: example.com, region: us-east-1}\n"
                       "  prod: {domain: prod.example.com}\n"
                       "stages:\n"
                       "  prod:\n    params: {queue: prod-queue}\n"
                       "  default:\n    params: {team: core}\n"
                       "custom:\n"
                       "  d: ${param:domain}\n"
                       "  q: ${param:queue}\n"
                       "  r: ${param:region}\n"
                       "  t: ${param:team}\n"
                       "  none: ${param:none}\n"
                       "  fb: ${param:none, 'fallback'}\n";
    y_doc *d = run(text);
    CHECK_STR(val(d, "custom.d"), "prod.example.com"); /* params.<stage> */
    CHECK_STR(val(d, "custom.q"), "prod-queue");       /* stages.<stage>.params */
    CHECK_STR(val(d, "custom.r"), "us-east-1");        /* params.default */
    CHECK_STR(val(d, "custom.t"), "core");             /* stages.default.params */
    CHECK(unknown(d, "custom.none"));                  /* may come from the Dashboard */
    CHECK_STR(val(d, "custom.fb"), "fallback");
    CHECK_INT(R.nprobs, 0);
    /* --param wins; --stage picks the other stage's params */
    const char *const params[] = {"domain=cli.example.com"};
    sw_opts o = {.params = params, .nparams = 1, .stage = "dev"};
    d = run_opts(text, "serverless.yml", &o);
    CHECK_STR(val(d, "custom.d"), "cli.example.com");
    CHECK(unknown(d, "custom.q"));
    CHECK_STR(val(d, "custom.t"), "core");
    done();
}

TEST(resolve_str_to_bool_env)
{
    setenv("SLSWS_UNIT_ENV", "from-env", 1);
    const char *text = "service: chat\n"
                       "custom:\n"
                       "  flag: 'true'\n"
                       "  t: ${strToBool(true)}\n"
                       "  f: ${strToBool(false)}\n"
                       "  one: ${strToBool(1)}\n"
                       "  zero: ${strToBool(0)}\n"
                       "  v: ${strToBool(${self:custom.flag})}\n"
                       "  u: ${strToBool(${ssm:/flag})}\n"
                       "  e: ${env:SLSWS_UNIT_ENV}\n"
                       "  efb: ${env:SLSWS_UNIT_ENV, 'fb'}\n";
    y_doc *d = run(text);
    CHECK_STR(val(d, "custom.t"), "true");
    CHECK(type_at(d, "custom.t") == Y_T_BOOL);
    CHECK_STR(val(d, "custom.f"), "false");
    CHECK(type_at(d, "custom.f") == Y_T_BOOL);
    CHECK_STR(val(d, "custom.one"), "true");
    CHECK_STR(val(d, "custom.zero"), "false");
    CHECK_STR(val(d, "custom.v"), "true");
    CHECK(unknown(d, "custom.u"));
    /* env: without --env: unknown without a fallback, else the fallback */
    CHECK(unknown(d, "custom.e"));
    CHECK_STR(val(d, "custom.efb"), "fb");
    CHECK_INT(R.nprobs, 0);
    sw_opts o = {.env = true};
    d = run_opts(text, "serverless.yml", &o);
    CHECK_STR(val(d, "custom.e"), "from-env");
    CHECK_STR(val(d, "custom.efb"), "from-env");
    unsetenv("SLSWS_UNIT_ENV");
    done();
}

/* Every path listed is unknown. */
static void all_unknown(const y_doc *d, const char *const *paths)
{
    for (; *paths; paths++)
        if (!unknown(d, *paths)) {
            fprintf(stderr, "  %s is not unknown\n", *paths);
            t_failed_checks++;
        }
}

TEST(resolve_unknown_sources)
{
    y_doc *d = run("service: chat\ncustom:\n"
                   "  ssm: ${ssm:/app/key}\n  cf: ${cf:stack.Output}\n  acct: ${aws:accountId}\n"
                   "  js: ${file(./gen-never-read.js):value}\n  ts: ${file(./gen-never-read.ts)}\n"
                   "  sub: !Sub '${self:custom.none}'\n  tagged: !Ref ${self:custom.none}\n");
    all_unknown(d, (const char *const[]){"custom.ssm", "custom.cf", "custom.acct", "custom.js",
                                         "custom.ts", "custom.sub", "custom.tagged", NULL});
    CHECK_INT(R.nprobs, 0);
    /* neither service nor provider: a fragment some service includes, whose
       self: is that service */
    d = run("connect:\n  handler: h.connect\n  environment:\n"
            "    TABLE: ${self:custom.table}\n    S: ${sls:stage}\n");
    CHECK(unknown(d, "connect.environment.TABLE"));
    CHECK_STR(val(d, "connect.environment.S"), "dev");
    CHECK_INT(R.nprobs, 0);
    done();
}

TEST(resolve_cycles)
{
    y_doc *d = run("service: chat\n"
                   "custom:\n"
                   "  a: ${self:custom.b}\n  b: ${self:custom.a}\n"
                   "  me: x-${self:custom.me}\n"
                   "  box:\n    inner: ${self:custom.box}\n"
                   "  three: ${self:custom.four}\n  four: ${self:custom.five}\n"
                   "  five: ${self:custom.three}\n"
                   "  whole: ${self:}\n");
    all_unknown(d, (const char *const[]){"custom.a", "custom.b", "custom.me", "custom.box.inner",
                                         "custom.three", "custom.five", "custom.whole", NULL});
    CHECK(prob_says(SW_RP_SELF, "leads back to itself"));
    CHECK(prob_says(SW_RP_SELF, "'${self:custom.box}' refers to a value that contains it"));
    CHECK(prob_says(SW_RP_SELF, "'${self:}' refers to a value that contains it"));
    /* one finding per cycle: a/b, me, box, three/four/five, whole */
    CHECK_INT(nprobs(SW_RP_SELF), 5);
    done();
}

/* A service whose custom holds n entries made from tmpl, where '@' stands
   for the entry's number and '#' for the next one's; then tail. Freed by
   the caller. */
static char *levels(int n, const char *tmpl, const char *tail)
{
    size_t cap = (strlen(tmpl) + 32) * (size_t)n + strlen(tail) + 64, len = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    len += (size_t)snprintf(s, cap, "service: chat\ncustom:\n");
    for (int i = 0; i < n; i++)
        for (const char *p = tmpl; *p; p++) {
            if (*p == '@' || *p == '#')
                len += (size_t)snprintf(s + len, cap - len, "%d", *p == '@' ? i : i + 1);
            else
                s[len++] = *p;
        }
    snprintf(s + len, cap - len, "%s", tail);
    return s;
}

TEST(resolve_cap_long_chain)
{
    /* custom.a0 -> a1 -> ... -> a999 -> 'end': deeper than the cap */
    char *text = levels(1000, "  a@: ${self:custom.a#}\n", "  a1000: end\n");
    clock_t t0 = clock();
    y_doc *d = run(text);
    CHECK(secs(t0) < 2.0);
    CHECK(unknown(d, "custom.a0") || R.nprobs > 0);
    CHECK_STR(val(d, "custom.a999"), "end"); /* the end of the chain is known */
    CHECK_INT(nprobs(SW_RP_FILE), 0);
    done();
    free(text);
}

TEST(resolve_cap_exponential_graph)
{
    /* each level is two copies of the next, 200 levels deep (2^200 paths),
       and the last level is missing: every level ends unknown or missing */
    char *text = levels(200, "  a@: \"${self:custom.a#}${self:custom.a#}\"\n", "");
    clock_t t0 = clock();
    y_doc *d = run(text);
    CHECK(secs(t0) < 2.0);
    for (int i = 0; i < 200; i += 37) {
        char p[32];
        snprintf(p, sizeof p, "custom.a%d", i);
        CHECK(unknown(d, p));
    }
    CHECK(R.nprobs >= 1 && R.nprobs <= 2); /* where it ends: a199 */
    CHECK(prob_says(SW_RP_SELF, "no 'custom.a200'"));
    free(text);
    /* 16 levels ending in a value: memoised, 16 evaluations, an exact result */
    text = levels(16, "  a@: \"${self:custom.a#}${self:custom.a#}\"\n", "  a16: ab\n");
    d = run(text);
    const char *v = val(d, "custom.a0");
    CHECK_INT(v ? strlen(v) : 0, 2 << 16);
    CHECK_INT(R.nprobs, 0);
    done();
    free(text);
}

TEST(resolve_shared_graph)
{
    /* mappings that refer to the next level twice, 200 levels: resolved
       values are nodes, shared rather than copied, so this is linear */
    char *text = levels(200, "  a@:\n    l: ${self:custom.a#}\n    r: ${self:custom.a#.l}\n",
                        "  a200: {l: end}\n");
    clock_t t0 = clock();
    y_doc *d = run(text);
    CHECK(secs(t0) < 2.0);
    CHECK(y_deref(at(d, "custom.a0.l")) == y_deref(at(d, "custom.a1")));
    CHECK(y_deref(at(d, "custom.a0.r")) == at(d, "custom.a2"));
    CHECK_STR(val(d, "custom.a199.r"), "end");
    CHECK_INT(R.nprobs, 0);
    done();
    free(text);
}

/* ---- includes ---- */

static char dir[64];
static const char *files[32];
static int nfiles;

static void put(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
    files[nfiles++] = name;
}

static bool src_is(const sw_source *src, const char *name)
{
    size_t n = strlen(src->path), m = strlen(name);
    return n >= m && strcmp(src->path + n - m, name) == 0;
}

TEST(resolve_includes)
{
    snprintf(dir, sizeof dir, "/tmp/slsws-unit-XXXXXX");
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp failed");
        return;
    }
    nfiles = 0;
    char sub[96];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    CHECK(mkdir(sub, 0700) == 0);
    put("fns.yml", "connect:\n  handler: h.connect\n  environment:\n"
                   "    LEVEL: ${self:custom.level}\n    BAD: ${self:custom.none}\n");
    put("more.yml", "send:\n  handler: h.send\n");
    put("vals.yml", "a:\n  b: 7\nnul: null\n");
    put("conf.json", "{\"api\": {\"url\": \"wss://x\"}, \"n\": 3}\n");
    put("t.tfstate", "{\"outputs\": {\"q\": {\"value\": \"queue-url\"}}}\n");
    put("notes.txt", "plain text\n");
    put("broken.yml", "a: [1, 2\nb: 3\n");
    put("self.yml", "x: ${file(./self.yml)}\n");
    put("ping.yml", "p: ${file(./pong.yml)}\n");
    put("pong.yml", "q: ${file(./ping.yml)}\n");
    put("sub/nested.yml", "v: ${file(./vals.yml):a.b}\n");
    put("dev.yml", "level: INFO\n");
    char path[128];
    snprintf(path, sizeof path, "%s/serverless.yml", dir);
    const char *text = "service: chat\n"
                       "provider:\n  stage: dev\n"
                       "custom:\n"
                       "  level: ${file(./${sls:stage}.yml):level}\n"
                       "  b: ${file(./vals.yml):a.b}\n"
                       "  whole: ${file(./vals.yml)}\n"
                       "  url: ${file(./conf.json):api.url}\n"
                       "  n: ${file(./conf.json):n}\n"
                       "  q: ${file(./t.tfstate):outputs.q.value}\n"
                       "  txt: ${file(./notes.txt)}\n"
                       "  nested: ${file(./sub/nested.yml):v}\n"
                       "  js: ${file(./gen.js)}\n"
                       "  fb: ${file(./absent.yml), 'fb'}\n"
                       "  absent: ${file(./absent.yml)}\n"
                       "  nokey: ${file(./vals.yml):a.c}\n"
                       "  nul: ${file(./vals.yml):nul}\n"
                       "  broken: ${file(./broken.yml)}\n"
                       "  self: ${file(./self.yml)}\n"
                       "  ping: ${file(./ping.yml)}\n"
                       "functions:\n"
                       "  - ${file(./fns.yml)}\n"
                       "  - ${file(./more.yml)}\n";
    y_doc *d = run_opts(text, path, &NOOPTS);
    CHECK_STR(val(d, "custom.level"), "INFO");
    CHECK_STR(val(d, "custom.b"), "7");
    CHECK(type_at(d, "custom.b") == Y_T_INT);
    CHECK(y_is_map(at(d, "custom.whole")));
    CHECK_STR(val(d, "custom.url"), "wss://x");
    CHECK_STR(val(d, "custom.n"), "3");
    CHECK_STR(val(d, "custom.q"), "queue-url");
    CHECK_STR(val(d, "custom.txt"), "plain text\n");
    CHECK_STR(val(d, "custom.nested"), "7"); /* ./vals.yml from the service dir */
    CHECK(unknown(d, "custom.js"));
    CHECK_STR(val(d, "custom.fb"), "fb");
    CHECK(unknown(d, "custom.absent"));
    CHECK(unknown(d, "custom.nokey"));
    CHECK(unknown(d, "custom.nul"));
    /* included functions, each node in its own file with its own positions */
    const y_node *conn = at(d, "functions.0.connect");
    CHECK(y_is_map(conn));
    CHECK(src_is(sw_resolver_source(&R, conn), "/fns.yml"));
    CHECK(src_is(sw_resolver_source(&R, at(d, "functions.1.send")), "/more.yml"));
    CHECK(sw_resolver_source(&R, at(d, "custom")) == &S);
    CHECK_STR(val(d, "functions.0.connect.environment.LEVEL"), "INFO");
    const y_node *h = at(d, "functions.0.connect.handler");
    const sw_source *fs = sw_resolver_source(&R, h);
    CHECK(h && h->start < fs->len && strncmp(fs->text + h->start, "h.connect", 9) == 0);
    /* the problems: WS094 for files, WS093 for the missing self: in fns.yml */
    CHECK(prob_says(SW_RP_FILE, "'./absent.yml' does not exist"));
    CHECK(prob_says(SW_RP_FILE, "has no 'a.c'"));
    CHECK(prob_says(SW_RP_FILE, "has 'nul' set to null"));
    CHECK(prob_says(SW_RP_FILE, "'./broken.yml' is not valid YAML"));
    CHECK(prob_says(SW_RP_FILE, "'./self.yml' includes itself"));
    CHECK(prob_says(SW_RP_FILE, "'./ping.yml' includes itself"));
    CHECK_INT(nprobs(SW_RP_FILE), 6);
    CHECK_INT(nprobs(SW_RP_SELF), 1);
    for (uint32_t i = 0; i < R.nprobs; i++) {
        const sw_rproblem *p = &R.probs[i];
        if (p->kind == SW_RP_SELF) {
            CHECK(src_is(p->src, "/fns.yml"));
            CHECK_STR(prob_text(i), "${self:custom.none}");
        } else if (strstr(p->msg, "'./self.yml'")) {
            CHECK(src_is(p->src, "/self.yml"));
        } else if (strstr(p->msg, "'./ping.yml'")) {
            CHECK(src_is(p->src, "/pong.yml"));
        } else {
            CHECK(p->src == &S);
        }
    }
    /* --isolated: a file that cannot be read is unknown, not a problem */
    sw_opts iso = {.isolated = true};
    d = run_opts(text, path, &iso);
    CHECK(unknown(d, "custom.absent"));
    CHECK(!prob_says(SW_RP_FILE, "does not exist"));
    CHECK(prob_says(SW_RP_FILE, "has no 'a.c'"));
    done();
    for (int i = nfiles - 1; i >= 0; i--) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        CHECK(unlink(p) == 0);
    }
    CHECK(rmdir(sub) == 0);
    CHECK(rmdir(dir) == 0);
}
