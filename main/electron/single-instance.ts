// One running copy per user: a second launch (desktop shortcut, login item) only brings the first
// instance's window forward, so two schedulers never sync the same data folder.
import { app } from 'electron';

export function claimSingleInstance(onSecondInstance: (argv: string[]) => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv) => onSecondInstance(argv));
  return true;
}
