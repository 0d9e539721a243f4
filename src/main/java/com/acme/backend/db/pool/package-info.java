/**
 * The MySQL connection factory that Liberty's connection pool uses. Liberty loads it from a server library, not
 * from the application (J2CA8022E otherwise), so the build packages this package, with
 * {@link com.acme.backend.db.DatabaseSettings}, as {@code backend-db.jar} beside the JDBC driver and keeps it
 * out of the WAR. It opens every physical connection with the settings in force at that moment, read through the
 * application's MicroProfile Config, so credentials and host can change without touching server.xml (which
 * would restart the application).
 */
package com.acme.backend.db.pool;
