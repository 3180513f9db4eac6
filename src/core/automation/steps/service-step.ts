import { stepSchema } from '../../config/schema';
import type { ServiceAction } from '../ports';
import type { KindConfig, StepKind } from './step-kind';

type ServiceConfig = KindConfig<'service'>;

const actionOf = (config: ServiceConfig): [ServiceAction, string[]] => {
  for (const action of ['restart', 'stop', 'start'] as const) {
    const services = config[action];
    if (services !== undefined) return [action, services];
  }
  return ['start', []];
};

/** Starts, stops or restarts services through the service manager, counted against the blast radius. */
export const serviceStep: StepKind<{ service: ServiceConfig }> = {
  kind: 'service',
  schema: stepSchema,
  describe: ({ service }) => {
    const [action, services] = actionOf(service);
    return `${action} ${services.join(', ')}`;
  },
  destructive: ({ service }) => service.start === undefined,
  async run({ service }, context) {
    const [action, services] = actionOf(service);
    const unknown = services.filter((name) => !context.services.names().includes(name));
    if (unknown.length > 0) return { ok: false, message: `no service ${unknown.map((name) => `"${name}"`).join(', ')} in the workspace` };
    // Counted in a dry run too: it says whether the real run would be refused.
    context.touchServices(services);
    if (context.dryRun) {
      context.output(`would ${action} ${services.join(', ')}\n`);
      return { ok: true, message: 'dry run' };
    }
    const result = await context.services.run(action, services, context.actor);
    context.output(`${result.summary}\n`);
    return { ok: result.ok, message: result.summary };
  },
};
