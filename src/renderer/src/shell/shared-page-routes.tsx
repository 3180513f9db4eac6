import type { ReactElement } from 'react';
import { Route } from 'wouter';
import { AlertsPage } from '../pages/AlertsPage';
import { AuditPage } from '../pages/AuditPage';
import { ConfigPage } from '../pages/ConfigPage';
import { IncidentsPage } from '../pages/IncidentsPage';
import { InsightsPage } from '../pages/InsightsPage';
import { RulesPage } from '../pages/RulesPage';
import { ServicePage } from '../pages/ServicePage';
import { ServicesPage } from '../pages/ServicesPage';

/**
 * The pages an agent's pages have as well as this console's: #/services/web here, and
 * #/hosts/<name>/services/web for an agent (the same page, its stores and commands the agent's).
 * One list, so a link on an agent's page (usePageHref) finds its page there. Each `search` is the
 * location's query: a link to a service at a moment (?from=&to=) opens its page afresh on that range.
 */
export function sharedPageRoutes(search: string): ReactElement[] {
  return [
    <Route key="services" path="/services">
      <ServicesPage focus={null} />
    </Route>,
    <Route key="service" path="/services/:name">
      {(params: { name: string }) => {
        const name = decodeURIComponent(params.name);
        return <ServicePage key={`${name}?${search}`} name={name} />;
      }}
    </Route>,
    <Route key="alerts" path="/alerts">
      <AlertsPage />
    </Route>,
    <Route key="alert" path="/alerts/:fingerprint">
      {(params: { fingerprint: string }) => <AlertsPage focus={decodeURIComponent(params.fingerprint)} />}
    </Route>,
    <Route key="incidents" path="/incidents">
      <IncidentsPage focus={null} />
    </Route>,
    <Route key="incident" path="/incidents/:id">
      {(params: { id: string }) => <IncidentsPage focus={Number(params.id)} />}
    </Route>,
    <Route key="insights" path="/insights">
      <InsightsPage />
    </Route>,
    <Route key="rules" path="/rules">
      <RulesPage />
    </Route>,
    <Route key="audit-operation" path="/audit/operation/:operation">
      {(params: { operation: string }) => <AuditPage focus={null} operation={decodeURIComponent(params.operation)} />}
    </Route>,
    <Route key="audit" path="/audit/:id?">
      {(params: { id?: string }) => <AuditPage focus={params.id === undefined ? null : Number(params.id)} operation={null} />}
    </Route>,
    <Route key="config" path="/config">
      <ConfigPage />
    </Route>,
  ];
}
