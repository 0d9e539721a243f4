/**
 * Integration tests against real Open Liberty servers that liberty-maven-plugin starts before failsafe runs them:
 * one on a MySQL-compatible database behind the fault proxy, one on the embedded database.
 */
package it.com.acme.backend;
