import { Route, Switch, useSearch } from 'wouter';
import { AlertsPage } from '../pages/AlertsPage';
import { ApiPage } from '../pages/ApiPage';
import { ConfigPage } from '../pages/ConfigPage';
import { DashboardsPage, OpenedDashboardPage, StoredDashboardPage } from '../pages/DashboardsPage';
import { ExplorePage } from '../pages/ExplorePage';
import { FleetPage } from '../pages/FleetPage';
import { HostPages } from '../pages/HostPages';
import { IncidentsPage } from '../pages/IncidentsPage';
import { InsightsPage } from '../pages/InsightsPage';
import { LogsRoute } from '../pages/LogsPage';
import { OnCallPage } from '../pages/OnCallPage';
import { OverviewPage } from '../pages/OverviewPage';
import { PeoplePage } from '../pages/PeoplePage';
import { RulesPage } from '../pages/RulesPage';
import { ServicePage } from '../pages/ServicePage';
import { ServicesPage } from '../pages/ServicesPage';
import { SettingsPage } from '../pages/SettingsPage';
import { TerminalsPage } from '../pages/TerminalsPage';
import { AuditPage } from '../pages/AuditPage';
import { JobsPage } from '../pages/JobsPage';
import { DeploysPage } from '../pages/DeploysPage';
import { parseTerminalTarget } from '../pages/terminals/terminal-path';
import { NotFoundPage } from './NotFoundPage';

/** One route per page; #/services/<name> opens that service's page (probes, charts, history). */
export function AppRoutes() {
  // A link to a service at a moment (?from=&to=) opens its page afresh on that range.
  const search = useSearch();
  return (
    <Switch>
      <Route path="/">
        <OverviewPage />
      </Route>
      <Route path="/services">
        <ServicesPage focus={null} />
      </Route>
      <Route path="/services/:name">
        {(params: { name: string }) => {
          const name = decodeURIComponent(params.name);
          return <ServicePage key={`${name}?${search}`} name={name} />;
        }}
      </Route>
      <Route path="/alerts">
        <AlertsPage />
      </Route>
      <Route path="/alerts/:fingerprint">{(params: { fingerprint: string }) => <AlertsPage focus={decodeURIComponent(params.fingerprint)} />}</Route>
      <Route path="/incidents">
        <IncidentsPage focus={null} />
      </Route>
      <Route path="/incidents/:id">{(params: { id: string }) => <IncidentsPage focus={Number(params.id)} />}</Route>
      <Route path="/insights">
        <InsightsPage />
      </Route>
      <Route path="/rules">
        <RulesPage />
      </Route>
      <Route path="/dashboards">
        <DashboardsPage />
      </Route>
      <Route path={/^\/dashboards\/open(?:\?.*)?$/}>
        <OpenedDashboardPage />
      </Route>
      <Route path="/dashboards/:id">{(params: { id: string }) => <StoredDashboardPage key={params.id} id={decodeURIComponent(params.id)} />}</Route>
      <Route path="/explore">
        <ExplorePage />
      </Route>
      <Route path={/^\/logs(?:\?.*)?$/}>
        <LogsRoute />
      </Route>
      <Route path="/terminals/:target?">{(params: { target?: string }) => <TerminalsPage open={parseTerminalTarget(params.target)} />}</Route>
      <Route path="/oncall">
        <OnCallPage />
      </Route>
      <Route path="/jobs">
        <JobsPage />
      </Route>
      <Route path="/deploys">
        <DeploysPage />
      </Route>
      <Route path="/audit/operation/:operation">
        {(params: { operation: string }) => <AuditPage focus={null} operation={decodeURIComponent(params.operation)} />}
      </Route>
      <Route path="/audit/:id?">{(params: { id?: string }) => <AuditPage focus={params.id === undefined ? null : Number(params.id)} operation={null} />}</Route>
      <Route path="/hosts/:name" nest>
        {(params: { name: string }) => {
          const name = decodeURIComponent(params.name);
          return <HostPages key={name} name={name} />;
        }}
      </Route>
      <Route path="/fleet">
        <FleetPage />
      </Route>
      <Route path="/config">
        <ConfigPage />
      </Route>
      <Route path="/people">
        <PeoplePage />
      </Route>
      <Route path="/api">
        <ApiPage />
      </Route>
      <Route path="/settings">
        <SettingsPage />
      </Route>
      <Route>
        <NotFoundPage />
      </Route>
    </Switch>
  );
}
