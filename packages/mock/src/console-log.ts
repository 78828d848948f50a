// Prism's console output in the mock's public terms: Prism listens on a private loopback port
// and knows paths without the base path, while a frontend calls the front's URLs.
import { Writable } from 'node:stream';
import { BASE_PATH } from './front.ts';

const PRISM_URL = /http:\/\/127\.0\.0\.1:\d+/g;
const REQUEST_LINE = /(\[HTTP SERVER\] [a-z]+ )\//g;

/** A stream that writes Prism's lines to `target` with the public URL in place of Prism's. */
export function publicLog(target: NodeJS.WritableStream, publicBaseUrl: string): Writable {
  const rewrite = (line: string) =>
    line.replace(PRISM_URL, publicBaseUrl).replace(REQUEST_LINE, `$1${BASE_PATH}/`);
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) target.write(`${rewrite(line)}\n`);
      done();
    },
    final(done) {
      if (pending) target.write(rewrite(pending));
      done();
    },
  });
}
