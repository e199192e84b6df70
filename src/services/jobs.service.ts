/**
 * The server's background jobs (mail outbox, deadline reminders) on timers: a run never
 * overlaps the previous run of the same job, every failure is logged with the job's name,
 * and stopping waits for the runs in progress. That each job's work is done once across
 * several servers is the jobs' own business (they claim their rows).
 */

export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/** The part of a pino/Fastify logger the jobs use. */
export interface JobLog {
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

/** Told of every finished run (the metrics count them). */
export interface JobObserver {
  finished(job: string, seconds: number, failed: boolean): void;
}

export interface RunningJobs {
  /** Stops the timers and waits for the runs in progress to end. */
  stop(): Promise<void>;
}

/**
 * Runs a job once: logs its failure (`{ job, err }`, "job failed") rather than throwing, and
 * tells the observer. Resolves to whether it succeeded.
 */
export async function runJob(job: Job, log: JobLog, observer?: JobObserver): Promise<boolean> {
  const started = performance.now();
  let failed = false;
  try {
    const result = await job.run();
    log.debug({ job: job.name, result }, 'job done');
  } catch (err) {
    failed = true;
    log.error({ job: job.name, err }, 'job failed');
  }
  observer?.finished(job.name, (performance.now() - started) / 1000, failed);
  return !failed;
}

/** Starts each job every `everyMs`; the first run comes one interval after the start. */
export function scheduleJobs(jobs: Job[], log: JobLog, observer?: JobObserver): RunningJobs {
  const running = new Map<string, Promise<boolean>>();
  const timers = jobs.map((job) => {
    const timer = setInterval(() => {
      if (running.has(job.name)) return;
      const run = runJob(job, log, observer).finally(() => running.delete(job.name));
      running.set(job.name, run);
    }, job.everyMs);
    timer.unref();
    return timer;
  });
  return {
    stop: async () => {
      timers.forEach(clearInterval);
      await Promise.all(running.values());
    },
  };
}
