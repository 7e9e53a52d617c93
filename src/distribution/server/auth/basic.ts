import type { IncomingMessage } from 'node:http';
import type { Authenticator, Grant } from '../context.js';
import { RegistryError } from '../errors.js';
import { basicCredentials, type Htpasswd } from './htpasswd.js';

/** HTTP Basic auth against an htpasswd file; any valid account may do everything (as distribution). */
export class BasicAuthenticator implements Authenticator {
  private readonly accounts: Htpasswd;
  private readonly realm: string;

  constructor(accounts: Htpasswd, realm: string) {
    this.accounts = accounts;
    this.realm = realm;
  }

  async authenticate(req: IncomingMessage): Promise<Grant> {
    const credentials = basicCredentials(req.headers.authorization);
    if (credentials && (await this.accounts.verify(credentials.user, credentials.password))) {
      return { user: credentials.user, allows: () => true };
    }
    throw new RegistryError('UNAUTHORIZED', credentials ? `wrong user name or password for ${credentials.user}` : 'authentication required: log in first (docker login)', {
      headers: { 'WWW-Authenticate': `Basic realm="${this.realm}"` },
    });
  }
}
