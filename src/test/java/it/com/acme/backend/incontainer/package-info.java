/**
 * Arquillian tests that run inside Open Liberty, for what HTTP cannot see: the configuration sources as the
 * application's own Config orders them, the pool's connections after a credential switch, transaction boundaries,
 * the idempotency purge. Open Liberty's managed container starts the it-arq server (created by the build from the
 * application's server.xml plus src/test/liberty/it-arq) and deploys the built WAR with each test class added, one
 * deployment per class; {@link it.com.acme.backend.incontainer.InContainer} builds it.
 */
package it.com.acme.backend.incontainer;
