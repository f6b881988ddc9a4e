// What one alert says, whichever channel carries it.
export interface AlertMessage {
  event: 'run-failed' | 'unresolved-failures' | 'alert' | 'test';
  severity: 'info' | 'warning' | 'error';
  title: string;
  text: string;
  /** Where in the app to look (an app route such as /audit?unresolved=1), or null. */
  link: string | null;
}
