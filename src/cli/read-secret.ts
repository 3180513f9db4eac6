import { ZervigoError } from '../shared/errors';

/**
 * A password from standard input: typed at a terminal without echo (asked twice), or read from a
 * pipe (`printf %s "$PW" | zervigo users add …`), so it never appears in argv or shell history.
 */
export async function readSecret(prompt: string, options: { confirm?: boolean } = {}): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY !== true) return (await readAll(stdin)).replace(/\r?\n$/, '');
  const first = await readHidden(prompt);
  if (options.confirm === true) {
    const second = await readHidden('again: ');
    if (second !== first) throw new ZervigoError('invalid_input', 'the two passwords differ');
  }
  return first;
}

function readAll(stream: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
    stream.once('end', () => resolve(text));
    stream.once('error', reject);
  });
}

function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let text = '';
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    const done = (error: Error | null): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error === null) resolve(text);
      else reject(error);
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return done(null);
        if (char === '\u0003') return done(new ZervigoError('invalid_input', 'cancelled'));
        if (char === '\u007f' || char === '\b') text = text.slice(0, -1);
        else text += char;
      }
    };
    stdin.on('data', onData);
  });
}
