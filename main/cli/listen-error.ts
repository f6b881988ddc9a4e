// Our own sentences for the ways opening a port fails, instead of Node's `listen EADDRINUSE …`.

export function listenErrorMessage(error: unknown, port: number, host: string): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return `Port ${port} on ${host} is already in use by another program. Choose another with --port, or --port 0 for a free one.`;
  if (code === 'EACCES') return `This user may not open port ${port} on ${host} (ports below 1024 need administrator rights). Choose a port from 1024 to 65535, or --port 0 for a free one.`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine. Use 127.0.0.1 or ::1.`;
  return null;
}
