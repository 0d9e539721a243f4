package it.com.acme.backend.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A test class that talks to these servers starts once they report ready ({@link Servers#awaitReady}, the same
 * bounded wait for each, in the order given): their schemas are migrated in the background after start, so the
 * first test would otherwise race the migration.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ServerReady.Await.class)
public @interface ServerReady {

    /** The servers the class needs ready; the server on MySQL unless it says otherwise. */
    Server[] value() default Server.MYSQL;

    /** The servers the build starts for the integration tests. */
    enum Server {
        MYSQL(Servers::mysql),
        EMBEDDED(Servers::embedded),
        UNCONFIGURED(Servers::unconfigured);

        private final Supplier<URI> base;

        Server(Supplier<URI> base) {
            this.base = base;
        }

        URI base() {
            return base.get();
        }
    }

    /** Waits before the class's first test, and before its own {@code @BeforeAll} methods. */
    final class Await implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            ServerReady ready = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), ServerReady.class)
                    .orElseThrow();
            for (Server server : ready.value()) {
                Servers.awaitReady(server.base());
            }
        }
    }
}
