// Whole-process measurements for the benchmarks: CPU time (user + sys, every thread), peak
// resident memory and wall time of one child process. The machine is shared, so wall time is
// noisy; CPU time is what a busy neighbour disturbs least. Node reports no rusage for its
// children, so a few lines of Python wait4() the child and report it (Python 3 is a
// prerequisite of the project already).
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const WAIT4 = `
import json, os, subprocess, sys, time
started = time.monotonic()
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
wall = time.monotonic() - started
report = {"user": usage.ru_utime * 1000, "sys": usage.ru_stime * 1000, "rssKiB": usage.ru_maxrss, "wall": wall * 1000, "status": os.waitstatus_to_exitcode(status)}
os.write(3, json.dumps(report).encode())
`;

/**
 * Runs `command args` once. Returns cpuMs (user + sys), userMs, sysMs, wallMs, maxRssMiB,
 * status, stdout and stderr. stdout is kept (up to 256 MiB) so callers can compare outputs.
 */
export function measure(command, args, { cwd, env, input } = {}) {
  const result = spawnSync('python3', ['-c', WAIT4, command, ...args], {
    cwd,
    env,
    input,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    maxBuffer: 256 << 20,
  });
  if (result.error) throw result.error;
  const report = JSON.parse(result.output[3].toString() || 'null');
  if (!report) throw new Error(`could not measure ${command}: ${result.stderr}`);
  return {
    cpuMs: report.user + report.sys,
    userMs: report.user,
    sysMs: report.sys,
    wallMs: report.wall,
    maxRssMiB: report.rssKiB / 1024,
    status: report.status,
    stdout: result.stdout,
    stderr: result.stderr.toString(),
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs each named case `runs` times, alternating between them (so drift of the machine hits
 * every case alike), after one warm-up each. `cases` maps a name to a function returning a
 * measurement. Returns, per name, the list of measurements.
 */
export function alternate(cases, runs) {
  const names = Object.keys(cases);
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) cases[name]();
  for (let i = 0; i < runs; i++) for (const name of names) results[name].push(cases[name]());
  return results;
}

/** One line saying how busy the machine was: the 1-minute load average and the core count. */
export function machineLoad() {
  return `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} on ${os.cpus().length} cores`;
}
