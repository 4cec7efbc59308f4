/*
 * The rule registry: every rule, in code order. Adding a rule means adding
 * it here, writing rules/WSnnn.md and tests/rules/WSnnn/{bad.yml,bad.out,
 * good.yml}; `make check` fails when any of these is missing.
 */
#include "../rule.h"

#include <string.h>
#include <strings.h>

extern const sw_rule sw_ws001, sw_ws002, sw_ws003, sw_ws004, sw_ws005, sw_ws006, sw_ws007, sw_ws008;
extern const sw_rule sw_ws010, sw_ws011, sw_ws012, sw_ws013, sw_ws014, sw_ws015, sw_ws016;
extern const sw_rule sw_ws020;
extern const sw_rule sw_ws030, sw_ws031, sw_ws032, sw_ws033, sw_ws034, sw_ws035, sw_ws036, sw_ws037, sw_ws038, sw_ws039;
extern const sw_rule sw_ws040, sw_ws041, sw_ws042, sw_ws043, sw_ws044, sw_ws045, sw_ws046;
extern const sw_rule sw_ws050, sw_ws051, sw_ws052, sw_ws053, sw_ws054;
extern const sw_rule sw_ws060, sw_ws061, sw_ws062, sw_ws063, sw_ws064;
extern const sw_rule sw_ws070, sw_ws071, sw_ws072, sw_ws073;
extern const sw_rule sw_ws080, sw_ws081, sw_ws082, sw_ws085, sw_ws086;
extern const sw_rule sw_ws090, sw_ws091, sw_ws092, sw_ws093, sw_ws094, sw_ws095, sw_ws096, sw_ws099;

const sw_rule *const sw_rules[] = {
    &sw_ws001, &sw_ws002, &sw_ws003, &sw_ws004, &sw_ws005, &sw_ws006, &sw_ws007, &sw_ws008,
    &sw_ws010, &sw_ws011, &sw_ws012, &sw_ws013, &sw_ws014, &sw_ws015, &sw_ws016,
    &sw_ws020,
    &sw_ws030, &sw_ws031, &sw_ws032, &sw_ws033, &sw_ws034, &sw_ws035, &sw_ws036, &sw_ws037, &sw_ws038, &sw_ws039,
    &sw_ws040, &sw_ws041, &sw_ws042, &sw_ws043, &sw_ws044, &sw_ws045, &sw_ws046,
    &sw_ws050, &sw_ws051, &sw_ws052, &sw_ws053, &sw_ws054,
    &sw_ws060, &sw_ws061, &sw_ws062, &sw_ws063, &sw_ws064,
    &sw_ws070, &sw_ws071, &sw_ws072, &sw_ws073,
    &sw_ws080, &sw_ws081, &sw_ws082, &sw_ws085, &sw_ws086,
    &sw_ws090, &sw_ws091, &sw_ws092, &sw_ws093, &sw_ws094, &sw_ws095, &sw_ws096, &sw_ws099,
};
const size_t sw_nrules = sizeof sw_rules / sizeof *sw_rules;

const sw_rule *sw_rule_find(const char *s)
{
    for (size_t i = 0; i < sw_nrules; i++)
        if (strcasecmp(sw_rules[i]->code, s) == 0 || strcmp(sw_rules[i]->name, s) == 0)
            return sw_rules[i];
    return NULL;
}

int sw_rule_index(const sw_rule *r)
{
    for (size_t i = 0; i < sw_nrules; i++)
        if (sw_rules[i] == r)
            return (int)i;
    return -1;
}
