import { Stack } from '@mantine/core';
import { PageHeader } from '../components/PageHeader';
import { AppInfoPanel } from './settings/AppInfoPanel';
import { ChannelsSetting } from './settings/ChannelsSetting';
import { ThemeSetting } from './settings/ThemeSetting';
import { UpdateUrlSetting } from './settings/UpdateUrlSetting';

/** Settings of this installation; what the team shares lives in the workspace file instead. */
export function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Settings of this installation. What the team shares belongs in the workspace file (Config)." />
      <Stack gap="md" maw={820}>
        <ThemeSetting />
        <UpdateUrlSetting />
        <ChannelsSetting />
        <AppInfoPanel />
      </Stack>
    </>
  );
}
