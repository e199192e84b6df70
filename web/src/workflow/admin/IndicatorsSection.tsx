/**
 * The strategy's indicators (KPI): name, unit, direction, where they hang (a node or an
 * initiative), baseline and target (value, period, wording). Observations are reported by
 * the owning ministries while a cycle is open; here they are listed for reference.
 */
import type { Direction, Indicator } from '../../../../src/domain/model.ts';
import { showPeriod } from '../../../../src/domain/periods.ts';
import { periodLabel } from '../../lib/format.ts';
import { useLang, useT } from '../../i18n.ts';
import { adminApi } from '../../api/endpoints.ts';
import { namePair, num, text, type FieldSpec, type Values } from './EntityForm.tsx';
import { RecordSection, type RecordForm } from './RecordCards.tsx';
import { nodeName, ordered, type StructureData } from './structure.ts';

const DIRECTIONS: readonly Direction[] = ['increase', 'decrease', 'maintain'];

const str = (x: number | string | null): string => (x === null ? '' : String(x));

/** What the indicator form edits: the empty form is an indicator without its record fields. */
type Edited = Pick<
  Indicator,
  | 'name'
  | 'nameEn'
  | 'unit'
  | 'direction'
  | 'nodeId'
  | 'initiativeId'
  | 'baselineValue'
  | 'baselinePeriod'
  | 'targetValue'
  | 'targetPeriod'
  | 'targetText'
>;

export function IndicatorsSection({
  data,
  onSaved,
}: {
  data: StructureData;
  onSaved: (what: string) => void;
}) {
  const t = useT();
  const lang = useLang();
  const periodHint = t('workflow.admin.indicators.period_hint');
  const none = { value: '', label: t('workflow.admin.none') };
  const fields: FieldSpec[] = [
    ...namePair('name', t('workflow.admin.indicators.name'), t('workflow.admin.indicators.name_en')),
    { name: 'unit', label: t('workflow.admin.indicators.unit') },
    {
      name: 'direction',
      label: t('workflow.admin.indicators.direction'),
      kind: 'select',
      options: DIRECTIONS.map((d) => ({
        value: d,
        label: t(`workflow.admin.indicators.direction.${d}`),
      })),
    },
    {
      name: 'nodeId',
      label: t('workflow.admin.indicators.node'),
      kind: 'select',
      options: [
        none,
        ...ordered(data.nodes).map(({ node, depth }) => ({
          value: node.id,
          label: `${'　'.repeat(depth)}${nodeName(node)}`,
        })),
      ],
    },
    {
      name: 'initiativeId',
      label: t('workflow.admin.indicators.initiative'),
      kind: 'select',
      options: [none, ...data.initiatives.map((i) => ({ value: i.id, label: i.title }))],
    },
    { name: 'baselineValue', label: t('workflow.admin.indicators.baseline_value'), kind: 'number' },
    {
      name: 'baselinePeriod',
      label: t('workflow.admin.indicators.baseline_period'),
      kind: 'period',
      hint: periodHint,
    },
    { name: 'targetValue', label: t('workflow.admin.indicators.target_value'), kind: 'number' },
    {
      name: 'targetPeriod',
      label: t('workflow.admin.indicators.target_period'),
      kind: 'period',
      hint: periodHint,
    },
    { name: 'targetText', label: t('workflow.admin.indicators.target_text'), ja: true },
  ];
  const toValues = (k: Edited): Values => ({
    name: k.name,
    nameEn: k.nameEn,
    unit: k.unit,
    direction: k.direction,
    nodeId: k.nodeId ?? '',
    initiativeId: k.initiativeId ?? '',
    baselineValue: str(k.baselineValue),
    baselinePeriod: k.baselinePeriod === null ? '' : showPeriod(k.baselinePeriod, lang),
    targetValue: str(k.targetValue),
    targetPeriod: k.targetPeriod === null ? '' : showPeriod(k.targetPeriod, lang),
    targetText: k.targetText,
  });
  const input = (v: Values) => ({
    name: text(v, 'name'),
    nameEn: text(v, 'nameEn'),
    unit: text(v, 'unit'),
    direction: DIRECTIONS.find((d) => d === text(v, 'direction')) ?? 'increase',
    nodeId: text(v, 'nodeId') || null,
    initiativeId: text(v, 'initiativeId') || null,
    baselineValue: num(v, 'baselineValue'),
    baselinePeriod: text(v, 'baselinePeriod') || null,
    targetValue: num(v, 'targetValue'),
    targetPeriod: text(v, 'targetPeriod') || null,
    targetText: text(v, 'targetText'),
  });
  const sid = data.strategy.id;
  const target = (k: Indicator) =>
    k.targetValue === null && !k.targetText
      ? t('workflow.admin.indicators.no_target')
      : t('workflow.admin.indicators.target_line', {
          value: k.targetValue === null ? k.targetText : `${k.targetValue}${k.unit}`,
          period: k.targetPeriod ? periodLabel(k.targetPeriod, lang) : '—',
        });
  const empty = toValues({
    name: '',
    nameEn: '',
    unit: '',
    direction: 'increase',
    nodeId: null,
    initiativeId: null,
    baselineValue: null,
    baselinePeriod: null,
    targetValue: null,
    targetPeriod: null,
    targetText: '',
  });
  const form: RecordForm<Indicator> = {
    fields,
    toValues,
    save: (id, version, v) => adminApi.saveIndicator(sid, id, version, input(v)),
    onSaved: (saved) => onSaved(saved.name),
  };
  return (
    <RecordSection
      section="indicators"
      kind="indicator"
      records={data.indicators}
      name={[(k) => k.name, (name) => t('workflow.admin.indicators.edit_title', { name: name })]}
      form={form}
      initial={empty}
    >
      {(k) => (
        <>
          <p className="adm-initiative__title" lang="ja">
            {k.name}
          </p>
          <p className="subtle adm-indicator__target">{target(k)}</p>
          <p className="subtle">
            {k.observations.length === 0
              ? t('workflow.admin.indicators.no_observations')
              : t('workflow.admin.indicators.observations', {
                  list: k.observations
                    .map((o) => `${periodLabel(o.period, lang)}：${o.value}${k.unit}`)
                    .join('、'),
                })}
          </p>
        </>
      )}
    </RecordSection>
  );
}
