import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { usePhone } from './components/use-phone';
import { BridgeContext } from './bridge/use-bridge';
import type { RendererBridge } from './bridge/renderer-bridge';
import { AppLayout } from './shell/AppLayout';
import { SignInScreen } from './shell/SignInScreen';
import { useConnectionStore } from './stores/connection-store';
import { colorSchemeManager, theme } from './theme';

function Root() {
  const signedOut = useConnectionStore((state) => state.status.signedOut);
  return signedOut ? <SignInScreen /> : <AppLayout />;
}

/** Providers around the console; hash routing so it works under file://, app:// and http://. */
export function App({ bridge }: { bridge: RendererBridge }) {
  // A phone shows one toast at a time (the others wait their turn): four would cover half its screen.
  const phone = usePhone();
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager}>
      <Notifications position="bottom-right" limit={phone ? 1 : 4} />
      <BridgeContext value={bridge}>
        <Router hook={useHashLocation}>
          <Root />
        </Router>
      </BridgeContext>
    </MantineProvider>
  );
}
