'use strict';
// Preloaded (`node --require bench/cpu-usage.cjs …`) into every process the bench spawns: at exit, the process's
// own CPU time (user + sys of all its threads: GC and compiler threads included, children not) is written to the
// file COMPOSESHIFT_BENCH_CPU names, in milliseconds. On a shared, busy machine CPU time is far steadier than wall time.
const file = process.env.COMPOSESHIFT_BENCH_CPU;
if (file) {
  process.on('exit', () => {
    const u = process.cpuUsage();
    require('node:fs').writeFileSync(file, String((u.user + u.system) / 1000));
  });
}
