/*
 * A minimal unit-test harness: TEST(name) { ... } registers itself at start-up,
 * CHECK* macros record failures without aborting the test, and test_main.c runs
 * every registered test and prints "unit: N passed, N failed".
 */
#ifndef SW_TEST_H
#define SW_TEST_H

#include <stdio.h>
#include <string.h>

typedef void (*t_fn)(void);
void t_register(const char *name, t_fn fn, const char *file);
extern int t_failed_checks;

#define TEST(name)                                                            \
    static void name(void);                                                   \
    static void name##_reg(void) __attribute__((constructor));                \
    static void name##_reg(void) { t_register(#name, name, __FILE__); }       \
    static void name(void)

#define CHECK(cond)                                                           \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "  %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                   \
            t_failed_checks++;                                                \
        }                                                                     \
    } while (0)

#define CHECK_INT(a, b)                                                       \
    do {                                                                      \
        long long a_ = (long long)(a), b_ = (long long)(b);                   \
        if (a_ != b_) {                                                       \
            fprintf(stderr, "  %s:%d: %s == %lld, expected %lld\n", __FILE__,  \
                    __LINE__, #a, a_, b_);                                    \
            t_failed_checks++;                                                \
        }                                                                     \
    } while (0)

#define CHECK_STR(a, b)                                                       \
    do {                                                                      \
        const char *a_ = (a), *b_ = (b);                                      \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                              \
            fprintf(stderr, "  %s:%d: %s == \"%s\", expected \"%s\"\n",        \
                    __FILE__, __LINE__, #a, a_ ? a_ : "(null)",               \
                    b_ ? b_ : "(null)");                                      \
            t_failed_checks++;                                                \
        }                                                                     \
    } while (0)

#endif
