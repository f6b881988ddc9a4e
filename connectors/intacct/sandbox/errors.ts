// Gateway errors as the three status levels of the response envelope carry them (spec §4): control,
// authentication, and one function's result.
export interface GatewayErrorEntry {
  errorno: string;
  description?: string;
  description2?: string;
  correction?: string;
}

/** Fails one function: its result gets status failure (or the whole operation rolls back). */
export class FunctionError extends Error {
  constructor(readonly errors: GatewayErrorEntry[]) {
    super(errors.map((e) => `${e.errorno} ${e.description2 ?? e.description ?? ''}`).join(' - '));
  }
}

/** Fails the authentication block: no function runs. */
export class AuthError extends Error {
  constructor(readonly error: GatewayErrorEntry) {
    super(`${error.errorno} ${error.description2 ?? ''}`);
  }
}

/** Fails the whole request at control level. */
export class ControlError extends Error {
  constructor(readonly error: GatewayErrorEntry) {
    super(`${error.errorno} ${error.description2 ?? ''}`);
  }
}

const supportId = () => ` [Support ID: ${Math.random().toString(36).slice(2, 8)}%7E${Date.now().toString(36)}]`;

export const parseError = (detail: string) =>
  new ControlError({ errorno: 'XL03000003', description: '', description2: `XML Parse schema error: ${detail}${supportId()}`, correction: '' });

export const badSender = () =>
  new ControlError({ errorno: 'XL03000006', description: '', description2: 'Incorrect Intacct XML Partner ID or password.', correction: '' });

export const signInIncorrect = () => new AuthError({ errorno: 'XL03000006', description: '', description2: 'Sign-in information is incorrect', correction: '' });

export const functionFailed = (errorno: string, description2: string, correction = '') =>
  new FunctionError([{ errorno, description: '', description2, correction }]);

/** "Another X with the given value(s) K already exists" with its companion error (spec §4.2). */
export const duplicateRecord = (label: string, key: string) =>
  new FunctionError([
    { errorno: 'BL34000061', description: '', description2: `Another ${label} with the given value(s) ${key}  already exists`, correction: 'Use a unique value instead.' },
    { errorno: 'BL01001973', description: '', description2: `Could not create ${label} record!`, correction: '' },
  ]);

export const queryFailed = (detail: string) => functionFailed('Query Failed', detail, 'Check the object, field names and query syntax.');
