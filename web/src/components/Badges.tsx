/**
 * Status marks. A status is never shown by colour alone: every badge has its text and an
 * icon whose shape differs by category (✓ circle, → arrow, ! triangle; ○ ◐ ● for stages).
 */
import type { Organisation, VocabularyTerm } from '../../../src/domain/model.ts';
import { orgName, orgShort, paren, pick } from '../lib/format.ts';
import { paths } from '../lib/paths.ts';
import { useLang, useT } from '../i18n.ts';
import { L } from './Link.tsx';

function RatingIcon({ category }: { category: string }) {
  const common = {
    width: 16,
    height: 16,
    viewBox: '0 0 16 16',
    'aria-hidden': true,
    focusable: false,
  } as const;
  if (category === 'good')
    return (
      <svg {...common}>
        <circle cx="8" cy="8" r="7" fill="currentColor" />
        <path d="M4.5 8.2l2.3 2.3 4.7-4.9" fill="none" stroke="#fff" strokeWidth="1.8" />
      </svg>
    );
  if (category === 'attention')
    return (
      <svg {...common}>
        <path d="M8 1.2L15.2 14.5H0.8Z" fill="currentColor" />
        <path d="M8 5.6v4.6M8 11.6v1.3" stroke="#fff" strokeWidth="1.8" />
      </svg>
    );
  if (category === 'neutral')
    return (
      <svg {...common}>
        <rect x="1" y="1" width="14" height="14" rx="3" fill="currentColor" />
        <path d="M4 8h7M8.5 5l3 3-3 3" fill="none" stroke="#fff" strokeWidth="1.8" />
      </svg>
    );
  return (
    <svg {...common}>
      <circle
        cx="8"
        cy="8"
        r="6.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeDasharray="2 2"
      />
    </svg>
  );
}

export function RatingBadge({ term }: { term: VocabularyTerm | undefined }) {
  const lang = useLang();
  const t = useT();
  const category = term?.category ?? 'none';
  return (
    <span className={`badge badge--${category}`}>
      <RatingIcon category={category} />
      <span>{term ? pick(lang, term.labelJa, term.labelEn) : t('web.rating.none')}</span>
    </span>
  );
}

export function AccelerationFlag() {
  const t = useT();
  return (
    <span className="flag-accelerate">
      <RatingIcon category="attention" />
      <span>{t('web.rating.needs_acceleration')}</span>
    </span>
  );
}

function StageIcon({ category }: { category: string }) {
  const fill = category === 'done' ? 'currentColor' : 'none';
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <circle cx="6" cy="6" r="5" fill={fill} stroke="currentColor" strokeWidth="1.5" />
      {category === 'underway' && <path d="M6 1a5 5 0 0 1 0 10Z" fill="currentColor" />}
    </svg>
  );
}

export function StageLabel({ term, code }: { term: VocabularyTerm | undefined; code: string | null }) {
  const lang = useLang();
  const t = useT();
  if (code === null) return <span className="stage stage--none">{t('web.stage.none')}</span>;
  const category = term?.category ?? 'none';
  return (
    <span className={`stage stage--${category}`}>
      <StageIcon category={category} />
      <span>
        <span className="visually-hidden">{t('web.stage.label')}: </span>
        {term ? pick(lang, term.labelJa, term.labelEn) : code}
      </span>
    </span>
  );
}

/** Ministries as chips linking to their page in this strategy and cycle. */
export function OrgChips({
  orgs,
  strategyId,
  cycleId,
}: {
  orgs: Organisation[];
  strategyId: string;
  cycleId: string | undefined;
}) {
  const lang = useLang();
  const t = useT();
  return (
    <ul className="chips" aria-label={t('web.ministries')}>
      {orgs.map((org) => {
        const short = orgShort(lang, org);
        const full = orgName(lang, org);
        const label = (
          <>
            {short}
            {full !== short && <span className="visually-hidden">{paren(lang, full)}</span>}
          </>
        );
        return (
          <li key={org.id} className="chip">
            {cycleId ? <L to={paths.organisation(strategyId, cycleId, org.id)}>{label}</L> : label}
          </li>
        );
      })}
    </ul>
  );
}
