'use strict';
// `node --cpu-prof` for a process we do not spawn ourselves: that flag is refused in NODE_OPTIONS, `--require` is
// not. Loaded first (NODE_OPTIONS=--require …), it starts the same V8 sampling profiler through the inspector and
// writes a .cpuprofile into BENCH_CPU_PROF_DIR when the process exits (a graceful SIGTERM stop included).

const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  // 1 ms, as `--cpu-prof` samples by default
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // an in-thread inspector session answers synchronously, so this completes inside an exit handler too
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(
        dir,
        `CPU.${new Date().toISOString().replace(/[:.]/g, '-')}.${process.pid}.cpuprofile`,
      );
      fs.writeFileSync(file, JSON.stringify(result.profile));
    });
  };
  process.once('exit', write);
  // Nest's shutdown hooks end by re-raising the signal, which kills the process without an 'exit' event: write at
  // the signal instead (once, so the re-raised signal still terminates)
  process.once('SIGTERM', write);
}
