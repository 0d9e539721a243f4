package com.acme.backend;

import com.acme.backend.platform.RestApplication;
import jakarta.ws.rs.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The application's compiled top-level classes, and its JAX-RS resource methods, for tests that check them all. */
public final class ApplicationClasses {

    private ApplicationClasses() {}

    /** Every top-level class under the application's class folder that loads without the server's libraries. */
    public static List<Class<?>> all() {
        Path classes;
        try {
            classes = Path.of(RestApplication.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f ->
                            f.toString().endsWith(".class") && !f.toString().contains("$"))
                    .toList()) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replace(".class", "");
                try {
                    types.add(Class.forName(name, false, ApplicationClasses.class.getClassLoader()));
                } catch (ClassNotFoundException | NoClassDefFoundError e) {
                    // classes that need the server's libraries declare no API
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return types;
    }

    /** Every method of a {@code @Path} class that carries an HTTP method annotation. */
    public static List<Method> resourceMethods() {
        List<Method> methods = new ArrayList<>();
        for (Class<?> type : all()) {
            if (!type.isAnnotationPresent(jakarta.ws.rs.Path.class)) { // java.nio.file.Path is imported
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                if (Stream.of(method.getAnnotations())
                        .anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class))) {
                    methods.add(method);
                }
            }
        }
        return methods;
    }
}
