// Toasts for the outcome of an action taken away from its own screen area.
import { notifications } from '@mantine/notifications';
import { isApiCallError } from '../api.ts';

export function notifyError(title: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  const hint = isApiCallError(error) && error.hint ? ` ${error.hint}` : '';
  notifications.show({ color: 'red', title, message: `${message}${hint}`, autoClose: 10_000 });
}

export function notifySuccess(title: string, message?: string) {
  notifications.show({ color: 'teal', title, message: message ?? '', autoClose: 4000 });
}
