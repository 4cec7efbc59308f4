/*
 * Unit tests for the source model: line tables over LF, CRLF and CR,
 * byte <-> position conversion in code points and UTF-16 units (emoji, CJK),
 * libyaml mark conversion past a BOM, and UTF-8 validation.
 */
#include "test.h"

#include "../../src/source.h"
#include "../../src/utf8.h"

TEST(source_lines_lf_crlf_cr)
{
    sw_arena a;
    sw_arena_init(&a);
    sw_source s;
    const char *t = "a\nbb\r\nccc\rd";
    sw_source_init(&s, &a, "x", t, strlen(t));
    CHECK_INT(s.nlines, 4);
    CHECK_INT(s.lines[1], 2);
    CHECK_INT(s.lines[2], 6);
    CHECK_INT(s.lines[3], 10);
    sw_pos p = sw_source_pos(&s, 7, SW_UNIT_CP);
    CHECK_INT(p.line, 2);
    CHECK_INT(p.col, 1);
    uint32_t len;
    const char *l = sw_source_line(&s, 1, &len);
    CHECK_INT(len, 2);
    CHECK(strncmp(l, "bb", 2) == 0);
    sw_arena_free(&a);
}

TEST(source_columns_emoji_cjk)
{
    sw_arena a;
    sw_arena_init(&a);
    sw_source s;
    /* "k: 😀é漢x": 😀 is 4 bytes (2 UTF-16 units), é 2 bytes, 漢 3 bytes */
    const char *t = "k: \xF0\x9F\x98\x80\xC3\xA9\xE6\xBC\xA2x\n";
    sw_source_init(&s, &a, "x", t, strlen(t));
    uint32_t x = 3 + 4 + 2 + 3;
    CHECK_INT(sw_source_pos(&s, x, SW_UNIT_BYTE).col, 12);
    CHECK_INT(sw_source_pos(&s, x, SW_UNIT_CP).col, 6);
    CHECK_INT(sw_source_pos(&s, x, SW_UNIT_UTF16).col, 7);
    sw_pos p = {0, 7};
    CHECK_INT(sw_source_offset(&s, p, SW_UNIT_UTF16), x);
    p.col = 4; /* inside the surrogate pair: stays before the emoji */
    CHECK_INT(sw_source_offset(&s, p, SW_UNIT_UTF16), 3);
    p.col = 99; /* past the end of the line: clamps */
    CHECK_INT(sw_source_offset(&s, p, SW_UNIT_CP), x + 1);
    sw_arena_free(&a);
}

TEST(source_markconv_bom)
{
    sw_arena a;
    sw_arena_init(&a);
    sw_source s;
    const char *t = "\xEF\xBB\xBFk\xC3\xA9y: v\n";
    sw_source_init(&s, &a, "x", t, strlen(t));
    CHECK_INT(s.bom, 3);
    sw_markconv m;
    sw_markconv_init(&m, &s);
    CHECK_INT(sw_markconv_byte(&m, 0), 3);
    CHECK_INT(sw_markconv_byte(&m, 3), 7);  /* after "kéy" */
    CHECK_INT(sw_markconv_byte(&m, 1), 4);  /* backwards */
    CHECK_INT(sw_markconv_byte(&m, 5), 9);
    sw_arena_free(&a);
}

TEST(utf8_validation)
{
    CHECK_INT(sw_utf8_check("abc", 3), 3);
    CHECK_INT(sw_utf8_check("a\xC0\xAF", 3), 1);          /* overlong */
    CHECK_INT(sw_utf8_check("ab\xED\xA0\x80", 5), 2);     /* surrogate */
    CHECK_INT(sw_utf8_check("\xF4\x90\x80\x80", 4), 0);   /* past U+10FFFF */
    CHECK_INT(sw_utf8_check("\xE6\xBC", 2), 0);           /* truncated */
    CHECK_INT(sw_cp_width(0x6F22), 2);
    CHECK_INT(sw_cp_width(0x1F600), 2);
    CHECK_INT(sw_cp_width('a'), 1);
}
