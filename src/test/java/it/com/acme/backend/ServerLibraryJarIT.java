package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

/**
 * The pom picks backend-db.jar's classes by path (db/pool/**), so renaming or adding a
 * class would silently change what the server library holds. This list is what it must hold, no more and no less;
 * and the WAR holds none of them, or the application would load its own copies and no longer share the pool's
 * credential decision. Change the list together with the pom's includes and the WAR's packagingExcludes.
 */
class ServerLibraryJarIT {

    private static final List<String> LIBRARY_CLASSES = List.of(
            "com/acme/backend/db/pool/ConfiguredMysqlDataSource.class",
            "com/acme/backend/db/pool/CredentialDecision$CurrentSettings.class",
            "com/acme/backend/db/pool/CredentialDecision$Opener.class",
            "com/acme/backend/db/pool/CredentialDecision$Verdict.class",
            "com/acme/backend/db/pool/CredentialDecision.class",
            "com/acme/backend/db/pool/DatabaseSettings$InvalidSettingsException.class",
            "com/acme/backend/db/pool/DatabaseSettings.class",
            "com/acme/backend/db/pool/package-info.class");

    private static final Path WLP = Path.of(System.getProperty("it.liberty.dir", "target/liberty/wlp"));

    @Test
    void theServerLibraryHoldsExactlyTheListedClasses() throws IOException {
        assertEquals(LIBRARY_CLASSES, classes(WLP.resolve("usr/shared/resources/backend-db/backend-db.jar"), ""));
    }

    @Test
    void theWarHoldsNoneOfThem() throws IOException {
        assertEquals(List.of(), classes(Path.of("target/backend.war"), "WEB-INF/classes/").stream()
                .filter(LIBRARY_CLASSES::contains).toList());
    }

    private static List<String> classes(Path jar, String prefix) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(ZipEntry::getName).filter(name -> name.startsWith(prefix) && name.endsWith(".class"))
                    .map(name -> name.substring(prefix.length())).sorted().toList();
        }
    }
}
