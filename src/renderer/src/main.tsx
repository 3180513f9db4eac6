import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import './global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createBridge } from './bridge';
import { startClock } from './stores/clock-store';
import { feedHost } from './stores/host-feeds';
import { LOCAL_HOST } from '../../shared/fleet-hosts';

const bridge = createBridge();
feedHost(bridge, LOCAL_HOST);
startClock();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App bridge={bridge} />
  </StrictMode>,
);
