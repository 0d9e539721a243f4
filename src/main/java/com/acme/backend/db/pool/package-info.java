/**
 * The MySQL connection factory that Liberty's connection pool uses, and the credential decision it shares with the
 * application. Liberty loads the factory from a server library, not from the application (J2CA8022E otherwise), so
 * the build packages this package (with {@link com.acme.backend.db.pool.DatabaseSettings}) as {@code backend-db.jar}
 * beside the JDBC driver and keeps it out of the WAR. server.xml gives the application that same library as a
 * common library ({@code commonLibraryRef="mysqlLibrary"}): one class loader, so the application's
 * {@code CredentialRotation} and the pool's factory reach the one {@link com.acme.backend.db.pool.CredentialDecision}
 * and its state. {@code ServerLibraryJarIT} lists the jar's classes; change it with the pom's includes.
 * <p>
 * {@link com.acme.backend.db.pool.CredentialDecision} is where a reader follows a rotation from the file change to
 * the pool: which settings a new physical connection uses, the fallback to the last good ones, and the bounded
 * wait ({@code DB_AUTH_WAIT_MS}, 2 s) when the database refuses the settings in use with error 1045 because it
 * changed before the file. Settings are read through the application's MicroProfile Config when a connection is
 * opened, so credentials and host change without touching server.xml (which would restart the application).
 * <p>
 * Depends on nothing else of the service: {@code db} uses it, never the other way round, so the library stands alone.
 */
package com.acme.backend.db.pool;
