/**
 * `shinchoku import-report FILE --into STRATEGY_ID [--yes]`: the recovered year joined to a
 * stored strategy as a past cycle. Prints the proposed matches (score, old → new title) and
 * the problems; writes only with --yes or when the user confirms at a terminal.
 */
import { formatPeriod, parsePeriodCode } from '../../domain/calendar.ts';
import type { StrategyExportInput } from '../../domain/interchange.ts';
import type { Lang } from '../../i18n.ts';
import { formatProblems, importMessage } from '../../importers/messages.ts';
import { SYSTEM_ACTOR } from '../../services/audit.service.ts';
import {
  acceptPastCycle,
  planPastCycle,
  type HistoryPlan,
  type Match,
} from '../../services/report-history.service.ts';
import { CliError, withDatabase } from '../context.ts';

const CLI_ACTOR = { ...SYSTEM_ACTOR, id: 'system:import-report' };

/** One line per record of the draft: kind, score, stored title → the report's. */
export function matchLines(lang: Lang, plan: HistoryPlan): string[] {
  const kind = (k: string) => importMessage(lang, `history.kind.${k}`);
  const line = (m: Match) => {
    if (m.existingId === null) return `    ${kind('new')}        → ${m.title}`;
    const score = m.score.toFixed(2);
    return m.kind === 'renamed'
      ? `    ${kind('renamed')} ${score} ${m.existingTitle ?? ''} → ${m.title}`
      : `    ${kind('matched')} ${score} ${m.title}`;
  };
  const out: string[] = [];
  for (const section of ['nodes', 'initiatives', 'indicators'] as const) {
    out.push(`  ${importMessage(lang, `history.section.${section}`)}`);
    for (const m of plan[section]) out.push(line(m));
    for (const a of plan.absent[section]) out.push(`    ${kind('absent')}    ${a.title}`);
  }
  return out;
}

async function confirmed(lang: Lang): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const answer = await rl.question(importMessage(lang, 'history.confirm'));
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

export async function importIntoStrategy(
  draft: StrategyExportInput,
  strategyId: string,
  opts: { yes: boolean; lang: Lang },
): Promise<void> {
  const { lang } = opts;
  const say = (text: string) => process.stdout.write(`${text}\n`);
  await withDatabase(async (db) => {
    const plan = await planPastCycle(db, strategyId, draft);
    say(
      importMessage(lang, 'history.heading', {
        strategy: plan.strategyTitle,
        strategyId,
        fiscalYear: plan.fiscalYear,
        cycleId: plan.cycleId,
        asOf: formatPeriod(parsePeriodCode(plan.asOf), lang, { era: lang === 'ja' }),
      }),
    );
    if (!plan.latest && plan.cycles.length > 0) say(importMessage(lang, 'history.earlier'));
    say(`  ${importMessage(lang, 'history.counts', { ...plan.counts })}`);
    for (const line of matchLines(lang, plan)) say(line);
    for (const line of formatProblems(lang, plan.problems)) process.stderr.write(`${line}\n`);
    const errors = plan.problems.filter((p) => p.severity === 'error').length;
    if (errors > 0) throw new CliError(importMessage(lang, 'history.refused', { count: errors }));
    if (!opts.yes && !(await confirmed(lang))) {
      say(importMessage(lang, 'history.not_written'));
      return;
    }
    const { cycleId } = await acceptPastCycle(db, strategyId, draft, plan, CLI_ACTOR);
    say(importMessage(lang, 'history.written', { cycleId }));
  });
}
