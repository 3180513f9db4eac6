import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import './global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createBridge } from './bridge';
import { startClock } from './stores/clock-store';
import { feedStores } from './stores/feed-stores';

const bridge = createBridge();
feedStores(bridge);
startClock();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App bridge={bridge} />
  </StrictMode>,
);
