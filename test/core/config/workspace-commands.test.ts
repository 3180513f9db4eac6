import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { CommandInput, CommandName, CommandOutput } from '../../../src/shared/contract';
import { ZervigoError } from '../../../src/shared/errors';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { contextAs } from '../../helpers/principals';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const workspace = `version: 1
environment: prod
environments:
  dev:  {}
  prod: { confirm_destructive: true }   # asks first
channels:
  desktop: { desktop: true }
`;

function open(text = workspace) {
  const dir = tempDir();
  const file = writeFile(dir, 'zervigo.yaml', text);
  const engine = Engine.start({
    dataDir: path.join(dir, 'data'),
    workspacePath: file,
    shell: 'server',
    logger: silentLogger,
    processEnv: {},
    clock: new FakeClock(),
  });
  engines.push(engine);
  const call = async <K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> =>
    (await engine.dispatch(name, input, contextAs('admin', 'browser'))) as CommandOutput<K>;
  return { engine, file, call };
}

describe('saving through the console', () => {
  it('previews a text: its problems, the diff against the running version, and whether to confirm', async () => {
    const { call } = open();
    const edited = workspace.replace('desktop: { desktop: true }', 'desktop: { desktop: true }\n  oops: { slak: {} }');
    const preview = await call('workspace.preview', { content: edited });
    expect(preview.confirmEnvironment).toBe('prod');
    expect(preview.issues.map((issue) => `${issue.line}:${issue.col} ${issue.message}`)).toEqual([
      '8:9 a channel needs one of: desktop, slack, email, webhook, oncall',
      '8:11 unknown key "slak"; did you mean "slack"?',
    ]);
    expect(preview.diff).toContain('+  oops: { slak: {} }');
    expect((await call('workspace.preview', { content: workspace })).diff).toBe('');
  });

  it('in a confirm_destructive environment, saves only with confirm: true, as a restart', async () => {
    const { call, file } = open();
    const next = workspace.replace('channels:', 'name: shop\nchannels:');
    const refused = call('workspace.save', { content: next });
    await expect(refused).rejects.toMatchObject({
      code: 'confirmation_required',
      message: 'prod asks for confirmation before the workspace changes: send "confirm": true (the console asks)',
    });
    await refused.catch((error: unknown) => expect(error).toBeInstanceOf(ZervigoError));
    expect(fs.readFileSync(file, 'utf8')).toBe(workspace);
    const saved = await call('workspace.save', { content: next, confirm: true });
    expect(saved.name).toBe('shop');
    expect(fs.readFileSync(file, 'utf8')).toBe(next);
  });

  it('edits the running text in place through the contract, without saving it', async () => {
    const { call, file } = open();
    const { content } = await call('workspace.edit', {
      edits: [
        { path: ['channels', 'hook'], value: { webhook: { url: 'http://127.0.0.1:9/x' } } },
        { path: ['channels', 'desktop', 'send_resolved'], value: false },
      ],
    });
    expect(content).toBe(
      workspace.replace(
        '  desktop: { desktop: true }\n',
        '  desktop: { desktop: true, send_resolved: false }\n  hook:\n    webhook:\n      url: http://127.0.0.1:9/x\n',
      ),
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(workspace);
    await expect(call('workspace.edit', { edits: [{ path: ['channels'] } as never] })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
