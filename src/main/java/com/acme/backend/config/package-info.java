/**
 * Secrets from the dotenv file that Vault Agent renders, as a MicroProfile ConfigSource that reloads live: one
 * parser, one immutable snapshot per application swapped whole on each change, one watcher thread. Depends on no
 * other feature package; others learn of changes through the {@link com.acme.backend.config.SecretsChanged} event.
 */
package com.acme.backend.config;
