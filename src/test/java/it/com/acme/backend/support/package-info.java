/**
 * What the integration tests share: the typed MicroProfile Rest Client of the users API, a raw HTTP client for
 * requests a typed client cannot send (invalid UTF-8, chunked bodies), problem assertions, the fault proxy's
 * control and the test database.
 */
package it.com.acme.backend.support;
