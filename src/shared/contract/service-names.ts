import { z } from 'zod';
import { queryList } from './query-list';

/** One service's name, as every command that takes one checks it. */
export const ServiceName = z.string().min(1, 'a service name is empty').max(200);

/** A list of services (empty means all); a GET route may pass it as "a,b" in the query string. */
export const ServiceNames = queryList(ServiceName, 1000, 'services', 'services is a list of service names, e.g. ["api", "db"]');
