import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { defaultWorkspaceYaml } from '../../core/config/default-workspace';
import { WORKSPACE_FILE_NAME } from '../../core/config/locate-workspace';
import { ZervigoError } from '../../shared/errors';

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .argument('[file]', 'where to write the workspace', WORKSPACE_FILE_NAME)
    .description('write a starter zervigo.yaml (the built-in workspace) to edit')
    .action((file: string) => {
      const target = path.resolve(file);
      if (fs.existsSync(target)) throw new ZervigoError('conflict', `${target} already exists; edit it, or choose another file name`);
      fs.writeFileSync(target, defaultWorkspaceYaml, { flag: 'wx' });
      process.stdout.write(`wrote ${target}\nstart the console in this folder (zervigo serve) and add your services under "services:"\n`);
    });
}
