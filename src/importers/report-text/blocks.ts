/**
 * Stage 2 of the report-text pipeline: lines → blocks. Wrapped lines of one paragraph are
 * joined (slide text boxes break titles anywhere), a bullet swallows the lines that continue
 * it, and headers and table rows stand alone.
 */
import type { Line } from './lines.ts';
import { joinWrapped } from './text.ts';

export type Block =
  | { kind: 'para'; text: string; line: number }
  | { kind: 'bullet' | 'subbullet'; text: string; line: number }
  | { kind: 'footnote'; text: string; line: number }
  | { kind: 'progress-header' | 'overview-header' | 'summary-header'; text: string; line: number }
  | { kind: 'row'; cells: string[]; line: number };

/**
 * Groups classified lines into blocks.
 * @example toBlocks(toLines('政府機関における\nAIの導入')) // [{ kind: 'para', text: '政府機関におけるAIの導入', line: 1 }]
 */
export function toBlocks(lines: readonly Line[]): Block[] {
  const blocks: Block[] = [];
  let open: { kind: 'para' | 'bullet' | 'subbullet' | 'footnote'; lines: string[]; line: number } | null =
    null;
  const close = () => {
    if (open) {
      const text = joinWrapped(open.lines);
      if (text !== '') blocks.push({ kind: open.kind, text, line: open.line });
    }
    open = null;
  };
  for (const line of lines) {
    switch (line.kind) {
      case 'blank':
        close();
        break;
      case 'text':
        if (open) open.lines.push(line.text);
        else open = { kind: 'para', lines: [line.text], line: line.no };
        break;
      case 'subbullet':
        // Indented without an item above it, it is an item itself.
        close();
        open = {
          kind:
            blocks.at(-1)?.kind === 'bullet' || blocks.at(-1)?.kind === 'subbullet' ? 'subbullet' : 'bullet',
          lines: [line.text],
          line: line.no,
        };
        break;
      case 'bullet':
      case 'footnote':
        close();
        open = { kind: line.kind, lines: [line.text], line: line.no };
        break;
      case 'row':
        close();
        blocks.push({ kind: 'row', cells: line.cells ?? [], line: line.no });
        break;
      default:
        close();
        blocks.push({ kind: line.kind, text: line.text, line: line.no });
    }
  }
  close();
  return blocks;
}
