import { describe, expect, it } from 'vitest';
import { ShippedProbePlugin } from '../../helpers/shipped-probe-plugin';

const context = { actor: 'test', transport: 'internal' } as const;

type ProbeItems = { properties: Record<string, { description?: string }>; oneOf: { title: string; required: string[] }[] };

describe("the editor's workspace JSON Schema (workspace.schema) with a plugin installed", () => {
  it("has the plugin's probe kind beside the built-in ones, with its manifest's options schema", async () => {
    const plugin = await ShippedProbePlugin.start('redis');
    const schema = (await plugin.engine.dispatch('workspace.schema', undefined, context)) as {
      properties: { services: { additionalProperties: { properties: { probes: { items: ProbeItems } } } } };
    };
    const items = schema.properties.services.additionalProperties.properties.probes.items;
    expect(items.properties.redis).toMatchObject({
      type: 'object',
      required: ['address'],
      description: 'The probe kind "redis" of plugin redis: its options.',
    });
    expect(items.oneOf.map((branch) => branch.title)).toEqual(['http', 'tcp', 'process', 'command', 'tmux', 'prometheus', 'tls', 'file', 'redis']);
  }, 60_000);
});
