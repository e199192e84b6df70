/**
 * A node's logic model drawn as columns of boxes (activities → outputs → outcomes → impact),
 * with the same content as nested lists for screen readers and for reading as text. The
 * geometry comes from the domain (layoutLogicModel), as in the reports.
 */
import { useId } from 'react';
import {
  DIAGRAM,
  layoutLogicModel,
  logicColumns,
  type LogicModelShape as LogicModel,
} from '../../../src/domain/logic-diagram.ts';
import { useLang, useT } from '../i18n.ts';

export function LogicModelDiagram({
  model,
  activities,
}: {
  model: LogicModel;
  activities: { text: string; japaneseOnly: boolean }[];
}) {
  const lang = useLang();
  const t = useT();
  const id = useId();
  const columns = logicColumns(model, activities, lang);
  const diagram = layoutLogicModel(columns);
  return (
    <figure className="logic-model" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{t('web.logic_model.caption')}</figcaption>
      {/* a narrow screen scrolls the diagram sideways: the keyboard can too */}
      <div className="logic-model__scroll" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
        <svg
          role="img"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-text`}
          viewBox={`0 0 ${diagram.width} ${diagram.height}`}
          width={diagram.width}
          height={diagram.height}
        >
          <title id={`${id}-title`}>{t('web.logic_model.title')}</title>
          <defs>
            <marker
              id={`${id}-arrow`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="6"
              markerHeight="6"
              orient="auto"
            >
              <path d="M0,0 L10,5 L0,10 z" className="logic-model__arrowhead" />
            </marker>
          </defs>
          {diagram.arrows.map((a) => (
            <line
              key={a.x1}
              x1={a.x1}
              x2={a.x2}
              y1={a.y}
              y2={a.y}
              className="logic-model__arrow"
              markerEnd={`url(#${id}-arrow)`}
            />
          ))}
          {diagram.columns.map((col) => (
            <g key={col.x}>
              <text
                x={col.x + DIAGRAM.column / 2}
                y={DIAGRAM.heading / 2 + 5}
                textAnchor="middle"
                className="logic-model__heading"
              >
                {col.heading}
              </text>
              {col.boxes.map((box) => (
                <g key={box.y}>
                  <rect
                    x={box.x}
                    y={box.y}
                    width={box.width}
                    height={box.height}
                    rx="6"
                    className="logic-model__box"
                  />
                  <text className="logic-model__text" lang={box.japaneseOnly ? 'ja' : undefined}>
                    {box.lines.map((line, i) => (
                      <tspan
                        key={i}
                        x={box.x + DIAGRAM.pad}
                        y={box.y + DIAGRAM.pad + (i + 1) * DIAGRAM.line - 5}
                      >
                        {line}
                      </tspan>
                    ))}
                  </text>
                </g>
              ))}
            </g>
          ))}
        </svg>
      </div>
      <details>
        <summary>{t('web.logic_model.as_text')}</summary>
        <ol id={`${id}-text`} className="logic-model__text-list">
          {columns.map((col) => (
            <li key={col.stage}>
              {col.heading}
              {col.boxes.length === 0 ? (
                <p>{t('web.logic_model.none')}</p>
              ) : (
                <ul>
                  {col.boxes.map((box, i) => (
                    <li key={i} lang={box.japaneseOnly ? 'ja' : undefined}>
                      {box.text}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      </details>
    </figure>
  );
}
