/*
 * Unit tests for the variable parser: every form with exact spans (sources,
 * params, addresses, nested variables, each kind of fallback, several
 * variables in one string, escapes, the foreign forms Serverless keeps
 * literal), the malformed forms WS092 reports, hostile inputs that must
 * finish fast, and the mapping of decoded offsets back to source bytes.
 */
#include "test.h"

#include <stdlib.h>
#include <time.h>

#include "../../src/vars.h"
#include "../../src/yscalar.h"

static sw_arena A;

static sw_vparse *P(const char *s)
{
    sw_arena_free(&A);
    sw_arena_init(&A);
    return sw_vars_parse(&A, s, strlen(s));
}

static const char *cur;
static sw_vparse *Q(const char *s)
{
    cur = s;
    return P(s);
}

static const char *sp(sw_vspan v)
{
    return sw_strndup(&A, cur + v.start, v.end - v.start);
}

TEST(vars_self_address)
{
    sw_vparse *r = Q("${self:custom.region}");
    CHECK_INT(r->nvars, 1);
    CHECK_INT(r->nproblems, 0);
    CHECK_INT(r->str.nparts, 1);
    CHECK_INT(r->str.parts[0].kind, SW_VPART_VAR);
    const sw_vvar *v = r->vars[0];
    CHECK(v->closed);
    CHECK_INT(v->depth, 1);
    CHECK_STR(sp(v->span), "${self:custom.region}");
    CHECK_STR(v->src.src, "self");
    CHECK_STR(sp(v->src.name), "self");
    CHECK_STR(sp(v->src.span), "self:custom.region");
    CHECK(!v->src.has_params);
    CHECK_STR(v->src.address->text, "custom.region");
    CHECK_STR(sp(v->src.address->span), "custom.region");
    CHECK_INT(v->src.address->colon, -1);
    CHECK_INT(v->nfbs, 0);
    sw_arena_free(&A);
}

TEST(vars_params)
{
    sw_vparse *r = Q("${file(./config.yml):custom.a}");
    CHECK_INT(r->nproblems, 0);
    const sw_vvar *v = r->vars[0];
    CHECK_STR(v->src.src, "file");
    CHECK(v->src.has_params);
    CHECK_INT(v->src.nparams, 1);
    CHECK_STR(v->src.params[0].text, "./config.yml");
    CHECK_STR(sp(v->src.params[0].span), "./config.yml");
    CHECK_STR(sp(v->src.address->span), "custom.a");
    CHECK_STR(sp(v->src.span), "file(./config.yml):custom.a");

    r = Q("${file(./x.yml)}");
    CHECK_INT(r->nproblems, 0);
    CHECK(r->vars[0]->src.address == NULL);
    CHECK_STR(sp(r->vars[0]->src.span), "file(./x.yml)");

    r = Q("${strToBool(${env:FLAG, 'false'})}");
    CHECK_INT(r->nproblems, 0);
    CHECK_INT(r->nvars, 2);
    CHECK(r->vars[0]->src.params[0].has_var);
    CHECK(r->vars[1]->parent == r->vars[0]);
    CHECK_STR(sp(r->vars[1]->span), "${env:FLAG, 'false'}");

    r = Q("${file('./a b.yml'):x}");
    CHECK_INT(r->nproblems, 0);
    CHECK(r->vars[0]->src.params[0].quoted);
    CHECK_STR(r->vars[0]->src.params[0].text, "./a b.yml");
    CHECK_STR(sp(r->vars[0]->src.params[0].span), "'./a b.yml'");
    sw_arena_free(&A);
}

TEST(vars_nested_address)
{
    sw_vparse *r = Q("${self:custom.levels.${opt:stage, 'dev'}}");
    CHECK_INT(r->nproblems, 0);
    CHECK_INT(r->nvars, 2);
    const sw_vvar *o = r->vars[0], *in = r->vars[1];
    CHECK_STR(sp(o->span), "${self:custom.levels.${opt:stage, 'dev'}}");
    const sw_vstr *ad = o->src.address;
    CHECK(ad->has_var);
    CHECK_INT(ad->nparts, 2);
    CHECK_INT(ad->parts[0].kind, SW_VPART_LIT);
    CHECK_STR(sp(ad->parts[0].span), "custom.levels.");
    CHECK_INT(ad->parts[1].kind, SW_VPART_VAR);
    CHECK(ad->parts[1].var == in);
    CHECK(in->parent == o);
    CHECK_INT(in->depth, 2);
    CHECK_INT(in->fb_index, -1);
    CHECK_STR(sp(in->span), "${opt:stage, 'dev'}");
    CHECK_INT(in->nfbs, 1);
    CHECK_INT(in->fbs[0].kind, SW_VFB_STRING);
    CHECK_STR(in->fbs[0].value, "dev");
    CHECK_STR(sp(in->fbs[0].span), "'dev'");
    sw_arena_free(&A);
}

TEST(vars_fallbacks)
{
    sw_vparse *r = Q("${env:A, \"x, y\"}");
    CHECK_INT(r->vars[0]->fbs[0].kind, SW_VFB_STRING);
    CHECK_STR(r->vars[0]->fbs[0].value, "x, y");
    CHECK_STR(sp(r->vars[0]->fbs[0].span), "\"x, y\"");

    r = Q("${env:A, ${self:b}}");
    CHECK_INT(r->nproblems, 0);
    CHECK_INT(r->nvars, 2);
    CHECK_INT(r->vars[0]->fbs[0].kind, SW_VFB_VAR);
    CHECK(r->vars[0]->fbs[0].var == r->vars[1]);
    CHECK_INT(r->vars[1]->fb_index, 0);
    CHECK_STR(sp(r->vars[0]->fbs[0].span), "${self:b}");

    r = Q("${env:A, 12}");
    CHECK_INT(r->vars[0]->fbs[0].kind, SW_VFB_NUMBER);
    CHECK_STR(r->vars[0]->fbs[0].value, "12");
    r = Q("${env:A, -2.5e3 }");
    CHECK_INT(r->vars[0]->fbs[0].kind, SW_VFB_NUMBER);
    CHECK_STR(sp(r->vars[0]->fbs[0].span), "-2.5e3");
    r = Q("${env:A, true}");
    CHECK_INT(r->vars[0]->fbs[0].kind, SW_VFB_BOOL);
    r = Q("${env:A,false}");
    CHECK_INT(r->vars[0]->fbs[0].kind, SW_VFB_BOOL);
    r = Q("${env:A, null}");
    CHECK_INT(r->vars[0]->fbs[0].kind, SW_VFB_NULL);
    CHECK_INT(r->nproblems, 0);

    r = Q("${env:A, 0x1F}");
    CHECK_INT(r->vars[0]->fbs[0].kind, SW_VFB_NUMBER);
    r = Q("${env:A, True}"); /* Number('True') is NaN: Serverless refuses it */
    CHECK_INT(r->vars[0]->fbs[0].kind, SW_VFB_BAD);
    CHECK_INT(r->nproblems, 1);

    r = Q("${opt:stage, self:provider.stage, 'dev'}");
    CHECK_INT(r->nproblems, 0);
    const sw_vvar *v = r->vars[0];
    CHECK_INT(v->nfbs, 2);
    CHECK_INT(v->fbs[0].kind, SW_VFB_SOURCE);
    CHECK_STR(v->fbs[0].src.src, "self");
    CHECK_STR(v->fbs[0].src.address->text, "provider.stage");
    CHECK_STR(sp(v->fbs[0].span), "self:provider.stage");
    CHECK_INT(v->fbs[1].kind, SW_VFB_STRING);
    CHECK_STR(sp(v->fbs[1].span), "'dev'");
    sw_arena_free(&A);
}

TEST(vars_several_and_literals)
{
    sw_vparse *r = Q("a-${self:x}-b-${opt:y, 'z'}-c");
    CHECK_INT(r->nvars, 2);
    CHECK_INT(r->str.nparts, 5);
    CHECK_STR(sp(r->str.parts[0].span), "a-");
    CHECK_STR(sp(r->str.parts[1].span), "${self:x}");
    CHECK_STR(sp(r->str.parts[2].span), "-b-");
    CHECK_STR(sp(r->str.parts[3].span), "${opt:y, 'z'}");
    CHECK_STR(sp(r->str.parts[4].span), "-c");
    CHECK_INT(r->str.parts[4].kind, SW_VPART_LIT);

    r = Q("${ self:x }");
    CHECK_INT(r->nvars, 1);
    CHECK_INT(r->nproblems, 0);
    CHECK_STR(sp(r->vars[0]->src.name), "self");
    CHECK_STR(r->vars[0]->src.address->text, "x");
    sw_arena_free(&A);
}

TEST(vars_escape_and_foreign)
{
    sw_vparse *r = Q("a\\${self:x}");
    CHECK_INT(r->nvars, 0);
    CHECK_INT(r->str.nparts, 3);
    CHECK_INT(r->str.parts[1].kind, SW_VPART_ESCAPE);
    CHECK_STR(sp(r->str.parts[2].span), "self:x}");
    CHECK_STR(sp(r->str.parts[1].span), "\\${");
    CHECK(!sw_has_var(cur, strlen(cur)));

    static const char *const lits[] = {"${AWS::Region}", "${Uppercase}", "${name}",
                                       "${x::y}", "${!Literal}", "${Bucket.Arn}"};
    for (size_t i = 0; i < sizeof lits / sizeof *lits; i++) {
        r = Q(lits[i]);
        CHECK_INT(r->nvars, 0);
        CHECK_INT(r->nproblems, 0);
        CHECK_INT(r->str.nparts, 1);
        CHECK_INT(r->str.parts[0].kind, SW_VPART_FOREIGN);
        CHECK_STR(sp(r->str.parts[0].name),
                  sw_strndup(&A, lits[i] + 2, strlen(lits[i]) - 3));
    }
    r = Q("arn:${AWS::Partition}:s3:::${self:custom.bucket}/*");
    CHECK_INT(r->nvars, 1);
    CHECK_INT(r->str.parts[1].kind, SW_VPART_FOREIGN);
    CHECK_STR(sp(r->str.parts[1].span), "${AWS::Partition}");
    CHECK_STR(sp(r->str.parts[3].span), "${self:custom.bucket}");
    /* a variable nested in a foreign reference is still found */
    r = Q("${AWS::${self:x}}");
    CHECK_INT(r->nvars, 1);
    r = Q("$x $ { } $$ {} ${ name with spaces }");
    CHECK_INT(r->nvars, 0);
    CHECK_INT(r->nproblems, 0);
    sw_arena_free(&A);
}

static const sw_vproblem *only(sw_vparse *r, sw_vprob_kind k)
{
    CHECK_INT(r->nproblems, 1);
    if (r->nproblems != 1)
        return NULL;
    CHECK_INT(r->problems[0].kind, k);
    return &r->problems[0];
}

TEST(vars_malformed)
{
    sw_vparse *r = Q("x {$self:custom.a} y");
    const sw_vproblem *p = only(r, SW_VP_SWAPPED);
    if (p) {
        CHECK_STR(sp(p->span), "{$self:custom.a}");
        CHECK_STR(sp(p->at), "{$");
        CHECK_STR(p->name, "self");
    }
    CHECK_INT(r->nvars, 0);
    r = Q("{$notasource:x}");
    CHECK_INT(r->nproblems, 0);

    r = Q("${self:custom:region}");
    p = only(r, SW_VP_COLON_PATH);
    if (p) {
        CHECK_INT(p->at.start, 13);
        CHECK_STR(sp(p->span), "${self:custom:region}");
        CHECK(p->src == &r->vars[0]->src);
    }
    r = Q("${file(./a.yml):dev:url, 'x'}");
    p = only(r, SW_VP_COLON_PATH);
    if (p)
        CHECK_STR(sp(p->at), ":");
    CHECK_INT(Q("${ssm:/a:b}")->nproblems, 0);
    CHECK_INT(Q("${self:'a:b'}")->nproblems, 0);
    CHECK_INT(Q("${aws:cf:stack.Output}")->nproblems, 0);

    r = Q("pre ${self:x");
    p = only(r, SW_VP_UNCLOSED);
    if (p) {
        CHECK_STR(sp(p->span), "${self:x");
        CHECK_STR(sp(p->at), "${");
        CHECK(!p->var->closed);
    }
    r = Q("${self:a.${opt:stage}");
    p = only(r, SW_VP_UNCLOSED);
    CHECK_INT(r->nvars, 2);

    r = Q("a${}b${ }");
    CHECK_INT(r->nproblems, 2);
    CHECK_INT(r->problems[0].kind, SW_VP_EMPTY);
    CHECK_STR(sp(r->problems[0].span), "${}");
    CHECK_STR(sp(r->problems[1].span), "${ }");

    r = Q("${sefl:x}");
    p = only(r, SW_VP_UNKNOWN_SOURCE);
    if (p) {
        CHECK_STR(sp(p->at), "sefl");
        CHECK_STR(p->name, "sefl");
    }
    r = Q("${opt:stage, slef:provider.stage}");
    p = only(r, SW_VP_UNKNOWN_SOURCE);
    if (p) {
        CHECK_STR(sp(p->at), "slef");
        CHECK(p->src == &r->vars[0]->fbs[0].src);
    }

    r = Q("${opt:stage, dev}");
    p = only(r, SW_VP_BAD_FALLBACK);
    if (p)
        CHECK_STR(sp(p->at), "dev");
    r = Q("${opt:stage, }");
    p = only(r, SW_VP_BAD_FALLBACK);
    if (p)
        CHECK_STR(sp(p->at), ",");

    r = Q("${file(./x.yml)bar}");
    p = only(r, SW_VP_SYNTAX);
    if (p)
        CHECK_STR(sp(p->at), "b");
    sw_arena_free(&A);
}

TEST(vars_is_last)
{
    sw_vparse *r = P("${opt:stage}");
    CHECK(sw_vsource_is_last(r->vars[0], &r->vars[0]->src));
    r = P("${opt:stage, 'dev'}");
    CHECK(!sw_vsource_is_last(r->vars[0], &r->vars[0]->src));
    r = P("${env:A, opt:b}");
    CHECK(sw_vsource_is_last(r->vars[0], &r->vars[0]->fbs[0].src));
    r = P("${env:A, ${opt:b}, 'x'}");
    CHECK(!sw_vsource_is_last(r->vars[1], &r->vars[1]->src));
    r = P("${env:A, ${opt:b}}");
    CHECK(sw_vsource_is_last(r->vars[1], &r->vars[1]->src));
    sw_arena_free(&A);
}

static char *repeat(const char *unit, int times, const char *tail)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *s = malloc(u * (size_t)times + t + 1);
    for (int i = 0; i < times; i++)
        memcpy(s + u * (size_t)i, unit, u);
    memcpy(s + u * (size_t)times, tail, t + 1);
    return s;
}

TEST(vars_hostile)
{
    clock_t t0 = clock();
    char *s = repeat("${", 100000, "");
    sw_vparse *r = P(s);
    CHECK_INT(r->nvars, 0);
    free(s);

    /* 1000 levels, closed: parsed down to the cap, the rest skipped */
    char *open = repeat("${a:", 1000, "");
    char *close = repeat("}", 1000, "");
    size_t lo = strlen(open);
    s = malloc(lo + 1001);
    memcpy(s, open, lo);
    memcpy(s + lo, close, 1001);
    r = P(s);
    CHECK(r->truncated);
    CHECK_INT(r->nvars, SW_VARS_MAX_DEPTH + 1);
    CHECK(r->vars[0]->closed);
    CHECK_INT(r->vars[0]->span.end, (long long)strlen(s));
    free(s);
    free(close);

    /* the same, unclosed, 100k levels */
    free(open);
    open = repeat("${a:", 100000, "");
    r = P(open);
    CHECK(r->nproblems >= 1);
    CHECK(!r->vars[0]->closed);
    free(open);

    s = repeat("${a:'', ", 20000, "");
    r = P(s);
    CHECK(r->nproblems <= SW_VARS_MAX_PROBLEMS);
    free(s);
    s = repeat("{$self:", 20000, "");
    r = P(s);
    CHECK_INT(r->nproblems, 0);
    free(s);
    char *chain = repeat("self:x, ", 40000, "'z'}");
    s = malloc(strlen(chain) + 16);
    strcpy(s, "${env:y, ");
    strcat(s, chain);
    r = P(s);
    CHECK_INT(r->nvars, 1);
    CHECK_INT(r->nproblems, 0);
    CHECK_INT(r->vars[0]->nfbs, 40001);
    CHECK(r->vars[0]->closed);
    free(chain);
    free(s);
    s = repeat("${}", 50000, "");
    r = P(s);
    CHECK_INT(r->nproblems, SW_VARS_MAX_PROBLEMS);
    CHECK(r->truncated);
    free(s);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(secs < 2.0);
    sw_arena_free(&A);
}

/* A NUL byte (a "\0" escape of a double-quoted scalar) where text is
   skipped as junk: strchr() found it among the stop characters, so it was
   never consumed and the parse looped forever (found by tests/fuzz). */
TEST(vars_nul_byte)
{
    static const char s[] = "${file(./a.yml)\0}x${self:a, 'b'\0\0}";
    sw_arena_free(&A);
    sw_arena_init(&A);
    cur = s;
    sw_vparse *r = sw_vars_parse(&A, s, sizeof s - 1);
    CHECK_INT(r->nvars, 2);
    CHECK(r->vars[0]->closed);
    CHECK_INT(r->vars[0]->span.end, 17);
    CHECK(r->vars[1]->closed);
    CHECK_INT(r->vars[1]->span.end, sizeof s - 1);
    CHECK_INT(r->nproblems, 2);
    CHECK_INT(r->problems[0].kind, SW_VP_SYNTAX);
    CHECK_INT(r->problems[0].at.start, 15);
    CHECK_INT(r->problems[1].kind, SW_VP_SYNTAX);
    CHECK_INT(r->problems[1].at.start, 31);
    sw_arena_free(&A);
}

TEST(vars_map_to_source)
{
    static const char text[] = "a: x${self:p}\n"
                               "b: 'it''s ${self:q}'\n"
                               "c: \"\\\"${self:r}\"\n"
                               "d: !Sub 'x${AWS::Region}'\n"
                               "e: >\n  folded ${self:w}\n";
    sw_arena_free(&A);
    sw_arena_init(&A);
    sw_source S;
    sw_source_init(&S, &A, "t.yml", text, strlen(text));
    y_doc *d = y_parse(&A, &S, false);
    static const char *const keys[] = {"a", "b", "c", "d"};
    static const char *const want[] = {"${self:p}", "${self:q}", "${self:r}", "${AWS::Region}"};
    for (int k = 0; k < 4; k++) {
        const y_node *n = y_get(d->root, keys[k]);
        sw_vparse *r = sw_vars_parse(&A, n->str, n->len);
        const sw_vpart *pt = &r->str.parts[1];
        uint32_t s, e;
        CHECK(sw_vars_map(&S, n, pt->span.start, pt->span.end, &s, &e));
        CHECK_STR(sw_strndup(&A, text + s, e - s), want[k]);
    }
    const y_node *n = y_get(d->root, "e");
    uint32_t s, e;
    CHECK(!sw_vars_map(&S, n, 7, 16, &s, &e));
    CHECK_INT(s, n->start);
    CHECK_INT(e, n->end);
    sw_arena_free(&A);
}
