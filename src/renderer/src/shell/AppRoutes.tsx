import { Route, Switch, useSearch } from 'wouter';
import { ApiPage } from '../pages/ApiPage';
import { DashboardsPage, OpenedDashboardPage, StoredDashboardPage } from '../pages/DashboardsPage';
import { ExplorePage } from '../pages/ExplorePage';
import { FleetPage } from '../pages/FleetPage';
import { HostPages } from '../pages/HostPages';
import { LogsRoute } from '../pages/LogsPage';
import { OnCallPage } from '../pages/OnCallPage';
import { OverviewPage } from '../pages/OverviewPage';
import { PeoplePage } from '../pages/PeoplePage';
import { SettingsPage } from '../pages/SettingsPage';
import { TerminalsPage } from '../pages/TerminalsPage';
import { JobsPage } from '../pages/JobsPage';
import { DeploysPage } from '../pages/DeploysPage';
import { parseTerminalTarget } from '../pages/terminals/terminal-path';
import { NotFoundPage } from './NotFoundPage';
import { sharedPageRoutes } from './shared-page-routes';

/** One route per page; #/services/<name> opens that service's page (probes, charts, history). An agent's pages are under #/hosts/<name>. */
export function AppRoutes() {
  // A link to a service at a moment (?from=&to=) opens its page afresh on that range.
  const search = useSearch();
  return (
    <Switch>
      <Route path="/">
        <OverviewPage />
      </Route>
      {sharedPageRoutes(search)}
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
      <Route path="/hosts/:name" nest>
        {(params: { name: string }) => {
          const name = decodeURIComponent(params.name);
          return <HostPages key={name} name={name} />;
        }}
      </Route>
      <Route path="/fleet">
        <FleetPage />
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
