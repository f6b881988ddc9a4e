// HubSpot-shaped error bodies (spec §5) and the exception the sandbox's route code throws to answer with one.
import { randomUUID } from 'node:crypto';

export interface ErrorDetail {
  message: string;
  code?: string;
  in?: string;
  context?: Record<string, string[]>;
}

export interface HubErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category?: string;
  subCategory?: string;
  errors?: ErrorDetail[];
  context?: Record<string, string[]>;
  links?: Record<string, string>;
  [extra: string]: unknown;
}

export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly body: HubErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

export function errorBody(message: string, extra: Partial<HubErrorBody> = {}): HubErrorBody {
  return { status: 'error', message, correlationId: randomUUID(), ...extra };
}

export const validation = (message: string, errors: ErrorDetail[] = [], context?: Record<string, string[]>): HubError =>
  new HubError(400, errorBody(message, { category: 'VALIDATION_ERROR', errors, ...(context && { context }) }));

export const notFound = (message = 'resource not found', ids?: string[]): HubError =>
  new HubError(404, errorBody(message, { category: 'OBJECT_NOT_FOUND', ...(ids && { context: { ids } }) }));

export const conflict = (message: string): HubError => new HubError(409, errorBody(message, { category: 'CONFLICT' }));

/** A per-input problem found while validating one input of a batch (becomes a 207 error or a whole-batch error). */
export interface InputProblem {
  status: number;
  category: string;
  message: string;
  errors: ErrorDetail[];
}

/** The 400 message HubSpot gives for invalid property values: a JSON list of per-property results. */
export function propertyValuesMessage(problems: { name: string; error: string; message: string }[]): string {
  return `Property values were not valid: ${JSON.stringify(problems.map((p) => ({ isValid: false, message: p.message, error: p.error, name: p.name, localizedErrorMessage: p.message })))}`;
}

/** 403 MISSING_SCOPES naming the scope the call needs (spec §2). */
export function forbiddenScope(scope: string): HubError {
  return new HubError(
    403,
    errorBody("This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.", {
      category: 'MISSING_SCOPES',
      errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [scope] } }],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    }),
  );
}
