/**
 * The import progress bar: drawn on a terminal, silent on a pipe.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressBar } from './import-shared.ts';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  Object.assign(stream, { isTTY, columns: 100 });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => out };
}

describe('import progress bar', () => {
  it('draws the label, the bar and the count on a terminal', () => {
    const { stream, text } = fakeStream(true);
    const bar = progressBar('import-report', stream);
    bar.update(1, 4);
    bar.update(4, 4);
    bar.stop();
    expect(text()).toContain('import-report [');
    expect(text()).toMatch(/100% 4\/4/);
  });

  it('writes nothing when standard error is not a terminal', () => {
    const { stream, text } = fakeStream(false);
    const bar = progressBar('import-report', stream);
    bar.update(2, 4);
    bar.stop();
    expect(text()).toBe('');
  });
});
