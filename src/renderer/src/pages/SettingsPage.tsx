import { Stack } from '@mantine/core';
import { PageHeader } from '../components/PageHeader';
import { AppInfoPanel } from './settings/AppInfoPanel';
import { ChannelsSetting } from './settings/ChannelsSetting';
import { OperatorNameSetting } from './settings/OperatorNameSetting';
import { PluginsSetting } from './settings/PluginsSetting';
import { TimeWindowsSetting } from './settings/TimeWindowsSetting';
import { StatusPageSetting } from './settings/StatusPageSetting';
import { ThemeSetting } from './settings/ThemeSetting';
import { UpdateUrlSetting } from './settings/UpdateUrlSetting';

/** Settings of this installation; what the team shares lives in the workspace file instead. */
export function SettingsPage() {
  return (
    <>
      <PageHeader
        title="Settings"
        description="Settings of this installation; incident notes go on the public status page; channels and maintenance windows are written to the workspace file (Config), through the same diff-first save; plugins are installed into this installation's data folder."
      />
      <Stack gap="md" maw={820}>
        <OperatorNameSetting />
        <ThemeSetting />
        <UpdateUrlSetting />
        <StatusPageSetting />
        <ChannelsSetting />
        <TimeWindowsSetting />
        <PluginsSetting />
        <AppInfoPanel />
      </Stack>
    </>
  );
}
