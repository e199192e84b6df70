/**
 * The host's own pace, measured with the run: a fixed piece of work of the kind most
 * figures depend on — many small objects, Japanese text encoded to UTF-8 and decoded
 * again, JSON both ways, and the garbage collection all of that makes. A virtual machine
 * that shares its host runs this kind of work up to twice as slowly at some hours as at
 * others (BENCHMARKS.md); the reference says how the host ran during a run, so that
 * `--compare` can tell a slower host from slower code.
 */
import { median } from './lib/stats.ts';

const WORDS = ['農業', 'データ基盤', '人材育成', 'ガイドライン', '実証事業', 'サイバーセキュリティ', '医療'];

/** One round: 30,000 rows through JSON and UTF-8 and back. Returns a checksum. */
function work(): number {
  const rows = [];
  for (let i = 0; i < 30_000; i++) {
    rows.push({
      id: `row-${i}`,
      title: `${WORDS[i % WORDS.length]}の${WORDS[(i * 7) % WORDS.length]}に関する取組 ${i}`,
      value: i * 1.5,
      owners: [`org-${i % 10}`, `org-${(i + 3) % 10}`],
    });
  }
  const bytes = Buffer.from(JSON.stringify(rows), 'utf8');
  const back = JSON.parse(bytes.toString('utf8')) as { title: string }[];
  return back.length + (back[back.length - 1]?.title.length ?? 0);
}

/** Milliseconds per round, the median of `rounds` after one untimed round. */
export function measureHost(rounds = 7): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    if (work() === 0) throw new Error('reference work produced nothing');
    times.push(performance.now() - start);
  }
  return median(times);
}
