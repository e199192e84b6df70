/**
 * The bodies of the structure-editing writes, in one place: the API validates requests with
 * them (src/api/routes/structure.ts) and the web app's admin screens take their types from
 * them, so the two cannot drift apart.
 */
import { z } from 'zod';
import { parseDate } from './calendar.ts';
import { PERIOD_EXAMPLES, PERIOD_MESSAGE_JA, periodCodeFrom } from './periods.ts';
import { Direction } from './model.ts';

/** Ids in paths and bodies: what the interchange format allows, nothing that could confuse a path. */
export const IdParam = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'malformed id');

/** Enough of an e-mail address to catch typing slips; the mail server has the last word. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/**
 * A period in a request body: any form `readPeriod` accepts, stored as its code; anything
 * else is refused with PERIOD_MESSAGE_JA at the field.
 */
export const PeriodInput = z
  .string()
  .max(100)
  .transform((text, ctx) => {
    const code = periodCodeFrom(text);
    if (code === null) {
      ctx.addIssue({ code: 'custom', message: PERIOD_MESSAGE_JA });
      return z.NEVER;
    }
    return code;
  })
  .meta({
    description: `A period: a code (FY2024, FY2024-end, 2024, 2024-04, 2024-04-01) or as people write it (${PERIOD_EXAMPLES.join(', ')}); stored as its code`,
  });

/** The forms of a date `parseDate` reads, as the message of a date it cannot read says them. */
export const DATE_MESSAGE_JA =
  '日付は 2024-03-15、2024/3/15、令和6年3月15日 のいずれかの形で入力してください。';

/**
 * A day in a request body, as officials type it (2024-03-15, 2024/3/15, 令和6年3月15日, R6.3.15),
 * stored as its ISO date; empty or null for none. Anything else is refused with DATE_MESSAGE_JA.
 * @example DateInput.parse('令和6年3月15日') // '2024-03-15'
 */
export const DateInput = z
  .string()
  .max(40)
  .nullable()
  .transform((text, ctx) => {
    if (text === null || text.trim() === '') return null;
    const date = parseDate(text);
    if (date === null) {
      ctx.addIssue({ code: 'custom', message: DATE_MESSAGE_JA });
      return z.NEVER;
    }
    return date;
  })
  .meta({
    description:
      'A day: 2024-03-15, 2024/3/15, 令和6年3月15日 or R6.3.15 (stored as an ISO date); empty or null for none',
  });

/** A required title or name. */
export const Label = z.string().min(1).max(1000);

export const IndicatorBody = z.object({
  nodeId: IdParam.nullable().default(null),
  initiativeId: IdParam.nullable().default(null),
  name: Label,
  nameEn: z.string().max(1000).default(''),
  unit: z.string().max(40).default(''),
  direction: Direction.default('increase'),
  baselineValue: z.number().finite().nullable().default(null),
  baselinePeriod: PeriodInput.nullable().default(null),
  targetValue: z.number().finite().nullable().default(null),
  targetText: z.string().max(1000).default(''),
  targetPeriod: PeriodInput.nullable().default(null),
});
export type IndicatorInput = z.input<typeof IndicatorBody>;

export const InitiativeBody = z.object({
  title: Label,
  titleEn: z.string().max(1000).default(''),
  ownerIds: z.array(IdParam).min(1).max(20),
  nodeIds: z.array(IdParam).min(1).max(50),
});
export type InitiativeInput = z.input<typeof InitiativeBody>;

export const OrganisationBody = z.object({
  shortName: z.string().min(1).max(100),
  nameJa: Label,
  nameEn: z.string().max(1000).default(''),
  aliases: z.array(z.string().max(200)).max(50).default([]),
  /** The ministry's contact address for the follow-up (not public); unchanged when absent. */
  contactEmail: z.string().max(320).optional(),
});
export type OrganisationInput = z.input<typeof OrganisationBody>;
