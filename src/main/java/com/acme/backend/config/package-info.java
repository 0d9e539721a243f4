/**
 * Secrets from the dotenv file that Vault Agent renders, as a MicroProfile ConfigSource that reloads live: one
 * parser, one immutable snapshot per application swapped whole on each change, one watcher thread. Depends on no
 * other package of the service; others learn of changes through the {@link SecretsChanged} event, and its health
 * check ({@code config}) lives in {@code health}.
 */
package com.acme.backend.config;
