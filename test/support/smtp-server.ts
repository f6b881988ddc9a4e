// A real SMTP server on 127.0.0.1 (smtp-server) for the alert e-mail tests: plain SMTP with a login
// (allowed without TLS: it never leaves this machine); it keeps every message it accepted.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface LocalSmtp {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  data: string;
}

export async function startSmtp(login: { username: string; password: string }): Promise<LocalSmtp> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === login.username && auth.password === login.password) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (data += c));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), user: session.user as string | undefined, data });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

