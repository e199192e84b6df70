/**
 * A minimal SMTP server on loopback that accepts every message and keeps it, so that mail
 * delivery is tested over a real SMTP conversation.
 */
import net from 'node:net';

export interface SmtpSink {
  url: string;
  messages: { from: string; to: string[]; data: string }[];
  close(): Promise<void>;
}

/**
 * The text body of a message the sink kept, decoded from its transfer encoding (nodemailer
 * sends Japanese text as base64 or quoted-printable).
 */
export function bodyText(data: string): string {
  const split = data.indexOf('\n\n');
  const head = data.slice(0, split);
  const body = data.slice(split + 2);
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** `delayMs`: how long the sink takes to accept each message (a slow mail server). */
/** A header of a kept message, unfolded and with its encoded words (RFC 2047) decoded. */
export function headerOf(data: string, name: string): string | undefined {
  const head = data.slice(0, data.indexOf('\n\n')).replace(/\n[ \t]+/g, ' ');
  const raw = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1];
  return raw
    ?.replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

export async function startSmtpSink(opts: { delayMs?: number } = {}): Promise<SmtpSink> {
  const messages: SmtpSink['messages'] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    let current = { from: '', to: [] as string[], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 sink ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let index: number;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push(current);
            current = { from: '', to: [], data: '' };
            if (opts.delayMs) setTimeout(() => reply('250 queued'), opts.delayMs);
            else reply('250 queued');
          } else current.data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'MAIL') current.from = line;
        if (verb === 'RCPT') current.to.push(line.replace(/^RCPT TO:\s*/i, ''));
        if (verb === 'DATA') inData = true;
        reply(verb === 'DATA' ? '354 go ahead' : verb === 'QUIT' ? '221 bye' : '250 ok');
        if (verb === 'QUIT') socket.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
