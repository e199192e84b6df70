import type { SearchHit } from '../../../../src/domain/search/results.ts';

/**
 * Text with the search hits marked. The server sends structured parts ({text, hit}), never
 * markup, so every part is rendered as a text node and nothing it contains can be HTML.
 */
export function Marked({ parts }: { parts: SearchHit['snippet'] }) {
  return <>{parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}
