import { z } from 'zod';

/** One service's name, as every command that takes one checks it. */
export const ServiceName = z.string().min(1, 'a service name is empty').max(200);

/** Splits "a, b,c" into ["a", "b", "c"] (blanks dropped); anything else is left for the schema to judge. */
function splitCommas(value: unknown): unknown {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '')
    : value;
}

/** A list of services (empty means all); a GET route may pass it as "a,b" in the query string. */
export const ServiceNames = z.preprocess(splitCommas, z.array(ServiceName, { error: 'services is a list of service names, e.g. ["api", "db"]' }).max(1000));
