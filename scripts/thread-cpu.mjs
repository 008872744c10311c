// CPU time of a process split into its main thread and the rest (V8's compiler and GC helpers,
// libuv's pool), from /proc/PID/task/*/schedstat (ns resolution, like the shared harness).
import { readdirSync, readFileSync } from 'node:fs';

/**
 * `{ mainNs, otherNs }` for process `pid`. `listTasks` and `readStat` read /proc by default;
 * a thread that exits between the two reads is skipped.
 */
export function threadCpu(pid, listTasks = (id) => readdirSync(`/proc/${id}/task`), readStat = (id, task) => readFileSync(`/proc/${id}/task/${task}/schedstat`, 'utf8')) {
  let mainNs = 0;
  let otherNs = 0;
  for (const task of listTasks(pid)) {
    let text;
    try {
      text = readStat(pid, task);
    } catch {
      continue;
    }
    const ns = Number(text.split(' ')[0]);
    if (String(task) === String(pid)) mainNs += ns;
    else otherNs += ns;
  }
  return { mainNs, otherNs };
}
