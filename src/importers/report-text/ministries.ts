/**
 * Ministry tags: the full-width parentheses that end a progress item and name who is
 * responsible, （科技、農水省）. Finding them, splitting them and mapping each name through
 * the organisations' short names, full names and aliases.
 */
import type { OrganisationRecord } from '../../domain/interchange.ts';
import { cleanInline, matchKey } from './text.ts';

/** Finds organisation ids by any of their names. */
export interface OrganisationIndex {
  resolve(name: string): OrganisationRecord | undefined;
}

export function indexOrganisations(orgs: readonly OrganisationRecord[]): OrganisationIndex {
  const byKey = new Map<string, OrganisationRecord>();
  for (const o of orgs) {
    for (const name of [o.shortName, o.nameJa, ...o.aliases]) {
      const key = matchKey(name);
      if (key !== '' && !byKey.has(key)) byKey.set(key, o);
    }
  }
  return { resolve: (name) => byKey.get(matchKey(name)) };
}

const ORG_SUFFIX = /(?:省|庁|府|委員会|事務局|本部|会議|機構|科技)$/;
const PERIOD_LIKE = /\d\s*(?:年|月)|→|⇒/;
const PARENS = /[（(]([^（）()]{1,120})[）)]/g;

export interface TagMatch {
  names: string[];
  index: number;
  end: number;
}

/** The names in a parenthesis, if it reads as a ministry tag. */
function tagNames(inner: string, orgs: OrganisationIndex): string[] | null {
  const names = inner
    .split(/[、，,／/]/)
    .map((n) => cleanInline(n))
    .filter((n) => n !== '');
  if (names.length === 0 || names.some((n) => n.length > 25 || PERIOD_LIKE.test(n) || /[。？?]/.test(n)))
    return null;
  const known = names.filter((n) => orgs.resolve(n) !== undefined || ORG_SUFFIX.test(n));
  return known.length > 0 && (known.length === names.length || names.length > 1) ? names : null;
}

/**
 * Every ministry tag in a text, in order.
 * @example findTags('…を実証。（科技、農水省）', orgs) // [{ names: ['科技', '農水省'], index: 5, end: 13 }]
 */
export function findTags(text: string, orgs: OrganisationIndex): TagMatch[] {
  const found: TagMatch[] = [];
  for (const m of text.matchAll(PARENS)) {
    const names = tagNames(m[1] ?? '', orgs);
    if (names) found.push({ names, index: m.index, end: m.index + m[0].length });
  }
  return found;
}

export interface RawItem {
  /** The item without its tag and what follows the tag. */
  text: string;
  /** Names in the tag, as printed; null when the item has none. */
  names: string[] | null;
  /** Lines after the tag that belong to the item (KPI figures in the seed's table). */
  subLines: string[];
  footnotes: string[];
  line: number;
}

/** A parenthesis of periods, '（2021年度末→2022年度末）', ends a figure even when the next one follows unspaced. */
const AFTER_PERIODS = /(?<=[（(][0-9０-９年度末月日→⇒~〜～、・RHS令和平成元\s-]{2,40}[）)])/u;

const splitSubLines = (text: string): string[] =>
  text
    .split(/(?<=[）)。])[ \t\u3000]+/)
    .flatMap((piece) => piece.split(AFTER_PERIODS))
    .map((s) => cleanInline(s))
    .filter((s) => s !== '');

/** A bullet: one item whose tag is its last ministry parenthesis. */
export function bulletItem(text: string, line: number, orgs: OrganisationIndex): RawItem {
  const tag = findTags(text, orgs).at(-1);
  if (!tag) return { text: cleanInline(text), names: null, subLines: [], footnotes: [], line };
  return {
    text: cleanInline(text.slice(0, tag.index)),
    names: tag.names,
    subLines: splitSubLines(text.slice(tag.end)),
    footnotes: [],
    line,
  };
}

/**
 * A list cell whose items the extraction ran together: a new item starts after each tag;
 * the pieces after the last tag (or before the next item) are the previous item's sub-lines.
 */
export function splitRunTogether(text: string, line: number, orgs: OrganisationIndex): RawItem[] {
  const items: RawItem[] = [];
  let from = 0;
  for (const tag of findTags(text, orgs)) {
    const pieces = splitSubLines(text.slice(from, tag.index));
    const last = items.at(-1);
    if (last && pieces.length > 1) last.subLines.push(...pieces.splice(0, pieces.length - 1));
    items.push({ text: pieces.join(''), names: tag.names, subLines: [], footnotes: [], line });
    from = tag.end;
  }
  const rest = splitSubLines(text.slice(from));
  const last = items.at(-1);
  if (last) last.subLines.push(...rest);
  else if (rest.length > 0)
    items.push({ text: rest.join(''), names: null, subLines: [], footnotes: [], line });
  return items;
}
