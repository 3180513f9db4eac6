import { commands, events } from '../shared/contract';
import type { apiCommands } from '../shared/contract/api';
import type { HandlersOf } from '../shared/contract/define';
import { buildOpenApiDocument } from '../shared/openapi/openapi-document';
import type { OpenApiDocument } from '../shared/openapi/openapi-types';

/** Where a console answers when none has said (the desktop app has no HTTP server): `zervigo serve`'s default. */
export const DEFAULT_CONSOLE_URL = 'http://127.0.0.1:7300';

/** The contract never changes while the engine runs: the document is built once per console URL. */
export function apiHandlers(deps: { version: string; consoleUrl: () => string | null }): HandlersOf<typeof apiCommands> {
  let cached: { url: string; document: OpenApiDocument } | null = null;
  return {
    'api.openapi': async () => {
      const url = deps.consoleUrl() ?? DEFAULT_CONSOLE_URL;
      if (cached?.url !== url) cached = { url, document: buildOpenApiDocument(commands, events, { version: deps.version, serverUrl: url }) };
      return cached.document;
    },
  };
}
