import { describe, expect, it } from 'vitest';
import { runJob, scheduleJobs, type JobLog } from './jobs.service.ts';

/** A logger that keeps its lines. */
function keptLog(): JobLog & { lines: { level: string; obj: Record<string, unknown>; msg: string }[] } {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  return {
    lines,
    error: (obj, msg) => lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
    debug: (obj, msg) => lines.push({ level: 'debug', obj: obj as Record<string, unknown>, msg }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background jobs', () => {
  it('logs a failed run with the job name and the error, and tells the observer', async () => {
    const log = keptLog();
    const finished: [string, boolean][] = [];
    const observer = { finished: (job: string, _s: number, failed: boolean) => finished.push([job, failed]) };
    const ok = await runJob(
      {
        name: 'mail',
        everyMs: 1000,
        run: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:25');
        },
      },
      log,
      observer,
    );
    expect(ok).toBe(false);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]!.level).toBe('error');
    expect(log.lines[0]!.msg).toBe('job failed');
    expect(log.lines[0]!.obj.job).toBe('mail');
    expect((log.lines[0]!.obj.err as Error).message).toBe('connect ECONNREFUSED 127.0.0.1:25');
    expect(await runJob({ name: 'reminders', everyMs: 1000, run: async () => 3 }, log, observer)).toBe(true);
    expect(finished).toEqual([
      ['mail', true],
      ['reminders', false],
    ]);
  });

  it('never overlaps two runs of one job, and stopping waits for the run in progress', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    let finished = 0;
    const jobs = scheduleJobs(
      [
        {
          name: 'slow',
          everyMs: 10,
          run: async () => {
            runs += 1;
            active += 1;
            most = Math.max(most, active);
            await sleep(60);
            active -= 1;
            finished += 1;
          },
        },
      ],
      keptLog(),
    );
    await sleep(200);
    await jobs.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(most).toBe(1);
    // Stopped after the run in progress ended, and no run starts afterwards.
    expect(finished).toBe(runs);
    await sleep(50);
    expect(finished).toBe(runs);
  });
});
