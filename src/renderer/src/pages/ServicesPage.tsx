import { Alert, CloseButton, Code, Group, Loader, Text, TextInput } from '@mantine/core';
import { IconInfoCircle, IconSearch, IconServer2 } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { PageHeader } from '../components/PageHeader';
import { PlannedPage } from '../components/PlannedPage';
import { matchesQuery } from '../format/sort';
import { useServicesStore } from '../stores/services-store';
import { searchableTexts } from './services/service-columns';
import { ServicesTable } from './services/ServicesTable';

const comingColumns = 'pid, uptime, restarts, CPU and memory';
const comingActions = 'start, stop and restart, open its terminal or logs, and start all in dependency order';

/**
 * Every service in one sortable, filterable table. `focus` (from #/services/<name>, e.g. the
 * command palette) pre-fills the filter with that service's name.
 */
export function ServicesPage({ focus }: { focus: string | null }) {
  const services = useServicesStore((state) => state.services);
  const load = useServicesStore((state) => state.load);
  const [filter, setFilter] = useState(focus ?? '');
  const visible = useMemo(() => services.filter((service) => matchesQuery(searchableTexts(service), filter)), [services, filter]);

  if (load.status === 'loading') {
    return (
      <Group justify="center" mt="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  if (services.length === 0) {
    return (
      <PlannedPage
        icon={IconServer2}
        title="No services to list"
        summary="Services declared in the workspace file appear here in a table, one row each."
        features={[
          'Name, status in words, why, what it depends on, its probes and how it runs',
          `Process columns: ${comingColumns}`,
          `Actions per row: ${comingActions}`,
        ]}
        meanwhile={
          <>
            Declare services under <Code>services:</Code> in the workspace file (see Config) and they show up here at once.
          </>
        }
      />
    );
  }
  return (
    <>
      <PageHeader title="Services" description={`${services.length} service${services.length === 1 ? '' : 's'} declared in the workspace`}>
        <TextInput
          size="xs"
          w={260}
          placeholder="Filter: name, status, probe…"
          aria-label="Filter services"
          leftSection={<IconSearch size={14} />}
          rightSection={filter === '' ? <Text size="xs" c="dimmed">/</Text> : <CloseButton size="xs" aria-label="Clear filter" onClick={() => setFilter('')} />}
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setFilter('');
              event.currentTarget.blur();
            }
          }}
          data-page-filter
          data-testid="services-filter"
        />
      </PageHeader>
      <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />} mb="sm" py={8}>
        <Text size="xs">
          Coming with service control: {comingColumns} columns, and row actions to {comingActions}.
        </Text>
      </Alert>
      {visible.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" mt="lg">
          No service matches “{filter}”.
        </Text>
      ) : (
        <ServicesTable services={visible} highlighted={focus} />
      )}
      {visible.length > 0 && visible.length < services.length && (
        <Text size="xs" c="dimmed" mt="xs">
          Showing {visible.length} of {services.length}.
        </Text>
      )}
    </>
  );
}
