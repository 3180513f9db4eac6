import { z } from 'zod';
import type { AppInfo, HealthSummary } from '../types/app';
import type { Settings } from '../types/settings';
import { command, event, returns } from './define';

export const NoInput = z.strictObject({}).optional().default({});

export const SettingsPatch = z.strictObject({
  updateUrl: z
    .url({ protocol: /^https?$/, error: 'updateUrl must be an http(s) URL' })
    .nullable()
    .optional(),
  notificationsPausedUntil: z.number().int().nonnegative().nullable().optional(),
  operatorName: z
    .string()
    .trim()
    .max(100, 'a name of at most 100 characters')
    .nullable()
    .optional()
    .transform((name) => (name === '' ? null : name)),
});

export const appCommands = {
  'app.info': command({ permission: 'view', input: NoInput, output: returns<AppInfo>(), rest: 'GET /info', summary: 'Version, shell, data folder' }),
  'health.get': command({
    permission: 'view',
    input: NoInput,
    output: returns<HealthSummary>(),
    rest: 'GET /health',
    summary: 'Worst state and counts of down services and firing alerts',
  }),
  'settings.get': command({ permission: 'view', input: NoInput, output: returns<Settings>(), rest: 'GET /settings', summary: 'Settings of this installation' }),
  'settings.update': command({
    permission: 'configure',
    input: SettingsPatch,
    output: returns<Settings>(),
    rest: 'PUT /settings',
    summary: 'Change some settings; returns all of them',
  }),
};

export const appEvents = {
  'health.changed': event<HealthSummary>('The worst state or a count changed', 'view'),
  'settings.changed': event<Settings>('A setting changed', 'view'),
};
