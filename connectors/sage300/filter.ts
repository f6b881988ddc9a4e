// Building `$filter` expressions (spec §4.2) with the kit's OData builder (connectors/kit/formats/odata.ts)
// in Sage 300's dialect: strings quoted with inner quotes doubled, dates as the unquoted OData v4
// DateTimeOffset literal (`2024-05-01T00:00:00Z` — a quoted date is a type error and the v3
// `datetime'…'` form fails on some installs), property names checked.
import { ODATA_V4, odataFilter, type Literal } from '../kit/formats/odata.ts';

export { day, type Day, type Filter, type Literal } from '../kit/formats/odata.ts';

const sage = odataFilter(ODATA_V4);

export const literal = (value: Literal): string => sage.literal(value);
export const { eq, ne, gt, ge, lt, le, and, or, startsWith, keyAfter } = sage;
