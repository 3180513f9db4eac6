import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { defaultWorkspaceYaml } from '../../core/config/default-workspace';
import { schemaModeline, WORKSPACE_SCHEMA_FILE_NAME, workspaceJsonSchema } from '../../core/config/json-schema';
import { WORKSPACE_FILE_NAME } from '../../core/config/locate-workspace';
import { ZervigoError } from '../../shared/errors';
import { builtinKinds } from '../../core/builtin-kinds';

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .argument('[file]', 'where to write the workspace', WORKSPACE_FILE_NAME)
    .description(`write a starter zervigo.yaml (the built-in workspace) to edit, and its JSON Schema (${WORKSPACE_SCHEMA_FILE_NAME}) beside it for editors`)
    .action((file: string) => {
      const target = path.resolve(file);
      if (fs.existsSync(target)) throw new ZervigoError('conflict', `${target} already exists; edit it, or choose another file name`);
      // A file beside the workspace, not the console's URL: editors read it offline, without the API token.
      const schemaFile = path.join(path.dirname(target), WORKSPACE_SCHEMA_FILE_NAME);
      fs.writeFileSync(schemaFile, `${JSON.stringify(workspaceJsonSchema(builtinKinds), null, 2)}\n`);
      fs.writeFileSync(target, `${schemaModeline(`./${WORKSPACE_SCHEMA_FILE_NAME}`)}\n${defaultWorkspaceYaml}`, { flag: 'wx' });
      process.stdout.write(
        `wrote ${target}\nwrote ${schemaFile} (editors with the YAML language server complete and check the workspace with it; \`zervigo config schema -o ${WORKSPACE_SCHEMA_FILE_NAME}\` refreshes it)\nstart the console in this folder (zervigo serve) and add your services under "services:"\n`,
      );
    });
}
