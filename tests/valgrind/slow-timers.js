'use strict';
/*
 * Preloaded into node by tests/valgrind/run.sh (NODE_OPTIONS=--require): the
 * node suites' time limits, every timer of 1 s or more, are multiplied by
 * SLSWS_VG_SLOW (default 20), as each server they start runs under
 * valgrind, 20 to 50 times slower than natively. Shorter timers (pauses
 * between messages) stay as they are.
 */
const factor = Number(process.env.SLSWS_VG_SLOW) || 20;
const setTimeoutOrig = global.setTimeout;
global.setTimeout = function (fn, ms, ...args) {
    return setTimeoutOrig(fn, typeof ms === 'number' && ms >= 1000 ? ms * factor : ms, ...args);
};
